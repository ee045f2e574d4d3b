"""A refresh refused by a limit, or by a cache that is down, leaves the token unspent."""

from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from atrium.core.accounts import throttling
from atrium.core.accounts.models import AuditEvent
from tests.support.auth import make_user

pytestmark = pytest.mark.django_db

REFRESH = "/api/v1/auth/refresh"


def refresh(client: Client, token: str) -> Any:
    return client.post(REFRESH, {"refresh_token": token}, content_type="application/json")


def logged_in(client: Client) -> str:
    make_user("ann@example.com")
    body = {"email": "ann@example.com", "password": "a long enough test password 42"}
    answer = client.post("/api/v1/auth/token", body, content_type="application/json")
    return str(answer.json()["refresh_token"])


def test_a_throttled_refresh_can_be_retried_after_the_wait(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = logged_in(client)
    monkeypatch.setattr(throttling, "REFRESH_FAMILY", throttling.RateLimit("fam", 0, 60))
    throttled = refresh(client, token)
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) >= 1
    monkeypatch.setattr(throttling, "REFRESH_FAMILY", throttling.RateLimit("fam2", 1, 60))
    assert refresh(client, token).status_code == 200
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.REFRESH_REUSED).exists()


def test_a_cache_outage_answers_503_and_the_token_still_works(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = logged_in(client)
    backend = caches["default"]
    incr = backend.incr

    def flaky_incr(key: str, delta: int = 1) -> int:
        if "refresh-family" in key:
            raise RedisConnectionError("connection refused")
        return incr(key, delta)

    monkeypatch.setattr(backend, "incr", flaky_incr)
    down = refresh(client, token)
    assert down.status_code == 503
    assert int(down["Retry-After"]) >= 1
    assert "detail" in down.json()
    monkeypatch.setattr(backend, "incr", incr)
    assert refresh(client, token).status_code == 200
