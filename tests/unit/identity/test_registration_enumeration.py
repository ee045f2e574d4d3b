"""Registration tells no one whether an address has an account; its owner is told."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from atrium.core.accounts.models import User
from tests.support.auth import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def register(client: Client, email: str) -> Any:
    body = {"email": email, "password": PASSWORD}
    return client.post("/api/v1/auth/register", body, content_type="application/json")


def test_an_existing_address_gets_the_answer_a_new_one_gets(client: Client) -> None:
    owner = make_user("ann@example.com")
    fresh = register(client, "bob@example.com")
    taken = register(client, "ANN@example.com")
    assert (taken.status_code, fresh.status_code) == (201, 201)
    assert set(taken.json()) == set(fresh.json())
    assert taken.json()["email"] == "ann@example.com"
    assert taken.json()["message"] == fresh.json()["message"]
    assert User.objects.filter(email__iexact="ann@example.com").count() == 1
    assert User.objects.get(pk=owner.pk).check_password(PASSWORD)


def test_the_owner_is_told_by_email(client: Client) -> None:
    make_user("ann@example.com")
    register(client, "ann@example.com")
    (notice,) = [m for m in mail.outbox if m.to == ["ann@example.com"]]
    assert "already has" in notice.body
