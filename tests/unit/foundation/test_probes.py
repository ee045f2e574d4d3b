"""core's orchestrator probes answer a kubelet: any Host, plain HTTP, no session."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connections
from django.test import Client

pytestmark = pytest.mark.django_db

KUBELET = {"HTTP_HOST": "10.42.0.17:8000"}  # the pod's IP, not an allowed host


@pytest.fixture
def production_like(settings) -> None:
    settings.ALLOWED_HOSTS = ["atrium.example.com"]
    settings.SECURE_SSL_REDIRECT = True


@pytest.mark.usefixtures("production_like")
def test_liveness_answers_whatever_the_host_over_plain_http(client: Client) -> None:
    response = client.get("/healthz", **KUBELET)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Atrium-Service"] == "core"


@pytest.mark.usefixtures("production_like")
def test_readiness_checks_the_database_and_the_cache(client: Client) -> None:
    response = client.get("/readyz", **KUBELET)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["components"]) == {"database", "cache"}


def test_readiness_is_503_while_the_database_is_unreachable(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: object) -> None:
        raise OperationalError("connection refused")

    # Probes run on their own threads, each with its own connection: patch them all.
    monkeypatch.setattr(type(connections["default"]), "cursor", refused)
    response = client.get("/readyz")
    assert response.status_code == 503
    database = response.json()["components"]["database"]
    assert database["status"] == "down"
    assert "connection refused" in database["detail"]


@pytest.mark.usefixtures("production_like")
def test_other_paths_still_get_host_validation(client: Client) -> None:
    assert client.get("/api/v1/health/", **KUBELET).status_code == 400
    assert client.post("/healthz", **KUBELET).status_code == 400


def test_readiness_stays_200_while_the_cache_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import caches

    def unreachable(*args: object, **kwargs: object) -> None:
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(type(caches["default"]), "set", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "degraded"
    assert body["components"]["cache"]["status"] == "degraded"
    assert "core serves without it" in body["components"]["cache"]["detail"]
