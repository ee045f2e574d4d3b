"""Login, registration, reset and refresh are throttled per account and per address."""

from typing import Any

import pytest
from django.test import Client

from atrium.core.accounts import throttling
from atrium.core.accounts.models import AuditEvent
from tests.support.auth import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


def test_repeated_wrong_passwords_get_429_with_retry_after(client: Client) -> None:
    make_user("ann@example.com")
    wrong = {"email": "ann@example.com", "password": "wrong"}
    statuses = [post(client, "/api/v1/auth/token", wrong).status_code for _ in range(20)]
    free = throttling.LOGIN_ACCOUNT.free_failures
    assert statuses[: free + 1] == [401] * (free + 1)
    assert set(statuses[free + 1 :]) == {429}
    blocked = post(client, "/api/v1/auth/token", {**wrong, "password": PASSWORD})
    assert blocked.status_code == 429, "the right password waits out the delay too"
    assert int(blocked["Retry-After"]) >= 1
    assert "detail" in blocked.json()
    assert AuditEvent.objects.filter(kind="lockout").exists()


def test_the_account_lock_holds_from_any_address(client: Client) -> None:
    make_user("ann@example.com")
    wrong = {"email": "ANN@example.com", "password": "wrong"}
    for n in range(throttling.LOGIN_ACCOUNT.free_failures + 1):
        post(client, "/api/v1/auth/token", wrong, REMOTE_ADDR=f"10.0.0.{n}")
    assert post(client, "/api/v1/auth/token", wrong, REMOTE_ADDR="10.9.9.9").status_code == 429


def test_the_delay_grows_and_success_clears_it() -> None:
    delay = throttling.FailureDelay("test", free_failures=2, max_delay_s=5)
    assert [delay.failed("x") for _ in range(6)] == [0, 0, 2, 4, 5, 5]
    with pytest.raises(throttling.Throttled):
        delay.check("x")
    delay.succeeded("x")
    delay.check("x")


def test_registration_is_rate_limited_per_address(client: Client) -> None:
    limit = throttling.REGISTER_ADDRESS.limit
    for n in range(limit):
        post(client, "/api/v1/auth/register", {"email": f"u{n}@example.com", "password": "1"})
    over = post(client, "/api/v1/auth/register", {"email": "z@example.com", "password": PASSWORD})
    assert over.status_code == 429
    assert int(over["Retry-After"]) >= 1


def test_password_reset_is_rate_limited_per_account(client: Client) -> None:
    body = {"email": "ann@example.com"}
    for _ in range(throttling.RESET_ACCOUNT.limit):
        assert post(client, "/api/v1/auth/password-reset", body).status_code == 202
    assert post(client, "/api/v1/auth/password-reset", body).status_code == 429


def test_refresh_is_rate_limited_per_address(client: Client) -> None:
    for _ in range(throttling.REFRESH_ADDRESS.limit):
        post(client, "/api/v1/auth/refresh", {"refresh_token": "unknown"})
    assert post(client, "/api/v1/auth/refresh", {"refresh_token": "x"}).status_code == 429


def test_the_client_address_comes_from_trusted_proxies_only(
    rf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atrium.config import get_settings
    from atrium.core.audit_context import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "10.0.0.1"
    monkeypatch.setattr(get_settings(), "trusted_proxy_count", 1)
    assert client_address(request) == "203.0.113.9"
    monkeypatch.setattr(get_settings(), "trusted_proxy_count", 2)
    assert client_address(request) == "6.6.6.6"
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
