"""Registration, verification, login, refresh rotation, password reset, deletion."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from atrium.core.accounts.models import AuditEvent, RefreshToken, User
from tests.support.auth import PASSWORD, bearer_for, make_user, member_of, register_and_login

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(url, body or {}, content_type="application/json", **extra)


def _mailed_token(index: int = -1) -> str:
    body = mail.outbox[index].body
    return next(line for line in body.splitlines() if "." in line and " " not in line)


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from atrium.core import settings as core_settings

    assert core_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_register_then_log_in_at_once_unverified(client: Client) -> None:
    tokens = register_and_login(client, "Ann@Example.com")
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] > 0
    me = client.get("/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}")
    assert me.status_code == 200
    assert me.json()["email"] == "ann@example.com"
    assert me.json()["email_verified"] is False
    assert AuditEvent.objects.filter(kind="registered", actor_email="ann@example.com").exists()


def test_registration_validates(client: Client) -> None:
    weak = post(client, "/api/v1/auth/register", {"email": "bob@example.com", "password": "123"})
    assert weak.status_code == 400
    assert "too short" in weak.json()["detail"]
    bad_email = post(client, "/api/v1/auth/register", {"email": "nope", "password": PASSWORD})
    assert bad_email.status_code == 400
    assert post(client, "/api/v1/auth/register", {"email": "x@y.io"}).status_code == 422


def test_email_verification_is_single_use(client: Client) -> None:
    register_and_login(client, "ann@example.com")
    token = _mailed_token()
    verified = post(client, "/api/v1/auth/verify-email", {"token": token})
    assert verified.status_code == 200
    assert verified.json()["email_verified"] is True
    assert post(client, "/api/v1/auth/verify-email", {"token": token}).status_code == 400
    assert post(client, "/api/v1/auth/verify-email", {"token": "MQ.nonsense"}).status_code == 400


def test_wrong_password_is_401_and_audited_with_the_callers_address(client: Client) -> None:
    make_user("ann@example.com")
    body = {"email": "ann@example.com", "password": "x"}
    wrong = post(client, "/api/v1/auth/token", body, HTTP_USER_AGENT="curl/8.5")
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "Incorrect email or password"}
    failed = AuditEvent.objects.get(kind="login_failed")
    assert (failed.ip_address, failed.user_agent) == ("127.0.0.1", "curl/8.5")
    assert failed.data == {"source": "api"}


def test_refresh_rotates_and_reuse_revokes_the_family(client: Client) -> None:
    first = register_and_login(client, "ann@example.com")
    second = post(client, "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    third = post(client, "/api/v1/auth/refresh", {"refresh_token": second.json()["refresh_token"]})
    assert third.status_code == 200

    replay = post(
        client,
        "/api/v1/auth/refresh",
        {"refresh_token": first["refresh_token"]},
        REMOTE_ADDR="203.0.113.7",
    )
    assert replay.status_code == 401
    # the thief's replay revoked the live token too: the whole family is gone
    latest = post(client, "/api/v1/auth/refresh", {"refresh_token": third.json()["refresh_token"]})
    assert latest.status_code == 401
    assert not RefreshToken.objects.filter(revoked_at__isnull=True).exists()
    assert AuditEvent.objects.get(kind="refresh_reused").ip_address == "203.0.113.7"


def test_refresh_and_logout_use_the_http_only_cookie(client: Client) -> None:
    register_and_login(client, "ann@example.com")
    cookie = client.cookies["atrium_refresh"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/api/v1/auth/"
    refreshed = post(client, "/api/v1/auth/refresh")
    assert refreshed.status_code == 200
    assert client.cookies["atrium_refresh"].value == refreshed.json()["refresh_token"]
    assert post(client, "/api/v1/auth/logout").status_code == 204
    stolen = refreshed.json()["refresh_token"]
    assert post(client, "/api/v1/auth/refresh", {"refresh_token": stolen}).status_code == 401
    assert post(Client(), "/api/v1/auth/refresh").status_code == 401


def test_refresh_switches_the_active_organization(client: Client) -> None:
    tokens = register_and_login(client, "ann@example.com")
    assert tokens["organization_id"] is None
    user = User.objects.get()
    org = member_of(user, role="member")
    other = member_of(make_user("bob@example.com"))
    refused = post(
        client,
        "/api/v1/auth/refresh",
        {"refresh_token": tokens["refresh_token"], "organization_id": other.pk},
    )
    assert refused.status_code == 403
    switched = post(
        client,
        "/api/v1/auth/refresh",
        {"refresh_token": tokens["refresh_token"], "organization_id": org.pk},
    )
    assert switched.status_code == 200, "a refused switch must not spend the token"
    assert (switched.json()["organization_id"], switched.json()["role"]) == (org.pk, "member")
    kept = post(client, "/api/v1/auth/refresh", {"refresh_token": switched.json()["refresh_token"]})
    assert kept.json()["organization_id"] == org.pk


def test_password_reset_is_single_use_and_ends_sessions(client: Client) -> None:
    tokens = register_and_login(client, "ann@example.com")
    mail.outbox.clear()
    assert (
        post(client, "/api/v1/auth/password-reset", {"email": "ann@example.com"}).status_code == 202
    )
    assert (
        post(client, "/api/v1/auth/password-reset", {"email": "nobody@example.com"}).status_code
        == 202
    )
    assert len(mail.outbox) == 1
    token, new = _mailed_token(), "another long password 77"
    body = {"token": token, "new_password": new}
    assert post(client, "/api/v1/auth/password-reset/confirm", body).status_code == 204
    assert post(client, "/api/v1/auth/password-reset/confirm", body).status_code == 400
    assert (
        post(client, "/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}).status_code
        == 401
    )
    login = post(client, "/api/v1/auth/token", {"email": "ann@example.com", "password": new})
    assert login.status_code == 200


def test_profile_update_password_change_and_deletion(client: Client) -> None:
    user = make_user("ann@example.com")
    auth = bearer_for(user)
    patched = client.patch(
        "/api/v1/users/me", {"full_name": "Ann Lee"}, content_type="application/json", **auth
    )
    assert patched.json()["full_name"] == "Ann Lee"
    change = {"current_password": "wrong", "new_password": "a brand new password 9"}
    assert post(client, "/api/v1/users/me/password", change, **auth).status_code == 400
    change["current_password"] = PASSWORD
    assert post(client, "/api/v1/users/me/password", change, **auth).status_code == 204
    assert AuditEvent.objects.filter(kind="password_changed").exists()

    member_of(user, role="owner")
    delete = {"password": "a brand new password 9"}
    refused = client.delete("/api/v1/users/me", delete, content_type="application/json", **auth)
    assert refused.status_code == 409  # the only owner of an organization
    user.memberships.all().delete()
    gone = client.delete("/api/v1/users/me", delete, content_type="application/json", **auth)
    assert gone.status_code == 204
    assert not User.objects.exists()
