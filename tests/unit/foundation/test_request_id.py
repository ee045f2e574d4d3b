"""The request id: taken only from a trusted proxy, returned, and on every log line with the
trace's ids."""

from __future__ import annotations

import json
import logging
import multiprocessing
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from django.test import Client
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from atrium.api.main import create_app
from atrium.common import logging as atrium_logging
from atrium.common.request_id import (
    HEADER,
    bound_request_id,
    chosen_request_id,
    new_request_id,
)
from atrium.config import Settings, get_settings

pytestmark = pytest.mark.django_db

PROXY_ID = "4bf92f3577b34da6a3ce929d0e0e4736"  # what nginx's $request_id looks like


@pytest.mark.parametrize(
    ("received", "hops", "kept"),
    [
        (PROXY_ID, 1, True),
        ("0f8c2a1e-7d3b-4c55-9a0e-1b2c3d4e5f60", 2, True),
        (PROXY_ID, 0, False),  # no trusted proxy: the client said it
        ("", 1, False),
        ("a" * 129, 1, False),
        ("id with spaces", 1, False),
        ('id"\ninjected=1', 1, False),
        (None, 1, False),
    ],
)
def test_an_id_is_kept_only_from_a_trusted_proxy_and_well_formed(
    received: str | None, hops: int, kept: bool
) -> None:
    chosen = chosen_request_id(received, hops)
    assert (chosen == received) is kept
    assert len(chosen) <= 128


def _ids_made(count: int) -> list[str]:
    return [new_request_id() for _ in range(count)]


def test_forked_workers_make_ids_of_their_own() -> None:
    """Servers fork their workers after the app is imported: each child must draw new ids,
    not repeat its siblings' (the PRNG is reseeded in every child)."""
    _ids_made(1)  # the parent's generator is in use before the fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        children = pool.map(_ids_made, [200, 200])
    made = [*children[0], *children[1], *_ids_made(200)]
    assert len(set(made)) == len(made)
    assert all(len(made_id) == 32 and int(made_id, 16) >= 0 for made_id in made)


@pytest.fixture
def api() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("service", ["core", "api"])
def test_each_service_returns_its_id_and_a_proxys_only_when_trusted(
    service: str, client: Client, api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def get(headers: dict[str, str]) -> str:
        if service == "core":
            response = client.get("/api/v1/health/", headers=headers)
        else:
            response = api.get("/healthz", headers=headers)
        return str(response.headers[HEADER])

    monkeypatch.setattr(get_settings(), "trusted_proxy_count", 0)
    made = get({HEADER: PROXY_ID})
    assert made != PROXY_ID
    assert len(made) == 32
    assert get({}) != made  # one per request
    monkeypatch.setattr(get_settings(), "trusted_proxy_count", 1)
    assert get({HEADER: PROXY_ID}) == PROXY_ID
    assert get({HEADER: "not an id"}) != "not an id"


def test_a_bugs_500_from_api_carries_the_id_and_the_hardening_headers() -> None:
    app = create_app()

    @app.get("/boom")
    async def boom() -> None:
        raise ValueError("a bug")

    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal Server Error"}
    assert len(response.headers[HEADER]) == 32
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-atrium-service"] == "api"


@pytest.fixture
def lines(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def read() -> list[dict[str, Any]]:
        atrium_logging._renderer.stop()  # renders what is queued
        return [json.loads(line) for line in capsys.readouterr().err.splitlines()]

    yield read
    atrium_logging._renderer.stop()
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


def test_structlog_and_stdlib_lines_carry_the_request_and_trace_ids(lines: Any) -> None:
    atrium_logging.configure_logging(Settings(log_format="json"))
    trace_id, span_id = 0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7
    span = NonRecordingSpan(SpanContext(trace_id, span_id, False, TraceFlags(1)))
    with bound_request_id(PROXY_ID), trace.use_span(span):
        structlog.get_logger("atrium.test").info("from structlog")
        logging.getLogger("django.request").warning("from %s", "stdlib")
    logging.getLogger("atrium.test").info("after the request")
    structlogged, stdlib, after = lines()
    for line in (structlogged, stdlib):
        assert line["request_id"] == PROXY_ID, line
        assert line["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736", line
        assert line["span_id"] == "00f067aa0ba902b7", line
    assert stdlib["event"] == "from stdlib"
    assert "request_id" not in after
    assert "trace_id" not in after
