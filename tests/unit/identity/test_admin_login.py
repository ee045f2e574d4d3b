"""The admin's login is throttled and audited like the API's."""

import pytest
from django.test import Client

from atrium.core.accounts import throttling
from atrium.core.accounts.models import AuditEvent, User
from tests.support.auth import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def staff(email: str) -> User:
    user = make_user(email)
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    return user


def test_wrong_passwords_end_in_429_and_the_right_one_waits_too(client: Client) -> None:
    staff("root@example.com")
    wrong = {"username": "root@example.com", "password": "wrong"}
    statuses = [client.post(LOGIN, wrong).status_code for _ in range(10)]
    free = throttling.LOGIN_ACCOUNT.free_failures
    assert statuses[: free + 1] == [200] * (free + 1)  # the form, with its error
    assert set(statuses[free + 1 :]) == {429}
    blocked = client.post(LOGIN, {**wrong, "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) >= 1
    assert "detail" in blocked.json()
    assert "_auth_user_id" not in client.session


def test_failures_and_the_staff_login_are_audited(client: Client) -> None:
    staff("root@example.com")
    client.post(LOGIN, {"username": "root@example.com", "password": "wrong"})
    signed_in = client.post(LOGIN, {"username": "root@example.com", "password": PASSWORD})
    assert signed_in.status_code == 302
    failed = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert failed.actor_email == "root@example.com"
    assert failed.data["source"] == "admin"
    login = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN)
    assert login.actor_email == "root@example.com"
    assert login.data["source"] == "admin"


def test_a_member_who_is_not_staff_is_refused(client: Client) -> None:
    make_user("ann@example.com")
    answer = client.post(LOGIN, {"username": "ann@example.com", "password": PASSWORD})
    assert answer.status_code == 200
    assert "_auth_user_id" not in client.session
