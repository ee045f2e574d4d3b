"""The real nginx, configured from deploy/nginx/, routes like the gateway's table."""

from __future__ import annotations

import http.client
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from atrium.config import Settings
from tests.support import nginx as nginx_support
from tests.support.processes import Proc, http_ok, wait_until
from tests.support.routes import ROUTE_CASES
from tests.support.services import free_port, require
from tests.support.stack import Stack
from tests.support.web import FakeWeb, fake_web


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    require("nginx", nginx_support.nginx_binary)
    # nginx is the one trusted proxy, as in Compose: its X-Forwarded-For and X-Request-ID count.
    trusted = {"TRUSTED_PROXY_COUNT": "1"}
    started = Stack(tmp_path_factory.mktemp("nginx-stack"), trusted).start("core", "api")
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def gateway(
    stack: Stack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, FakeWeb]]:
    listen = free_port()
    with fake_web(free_port()) as web:
        config = nginx_support.render(
            Path(tmp_path_factory.mktemp("nginx")),
            listen=listen,
            core=f"127.0.0.1:{stack.core_port}",
            api=f"127.0.0.1:{stack.api_port}",
            web=web.url.removeprefix("http://"),
        )
        checked = nginx_support.check(config)
        assert checked.returncode == 0, checked.stderr
        server: Proc = nginx_support.nginx(config).start()
        url = f"http://127.0.0.1:{listen}"
        try:
            wait_until(http_ok(f"{url}/api/v1/docs"), 30, "nginx", [server])
            yield url, web
        finally:
            server.stop()


@pytest.mark.parametrize(("path", "owner"), ROUTE_CASES)
def test_nginx_routes_each_path_to_its_owner(
    gateway: tuple[str, FakeWeb], path: str, owner: str
) -> None:
    response = httpx.get(gateway[0] + path, timeout=20)
    assert response.headers.get("x-atrium-service") == owner, (path, response.status_code)
    assert response.status_code < 500 or path == "/api/v1/health/", response.text


def test_nginx_names_each_request_and_core_and_api_return_that_id(
    gateway: tuple[str, FakeWeb],
) -> None:
    """nginx is the edge: it replaces whatever id a client sends with its own $request_id,
    which the upstream receives and core and api (trusting one proxy) return."""
    url, web = gateway
    headers = {"X-Request-ID": "chosen-by-the-client"}
    web.request_ids.clear()
    httpx.get(f"{url}/page/named", headers=headers, timeout=20)
    (sent,) = web.request_ids
    assert sent is not None
    assert re.fullmatch(r"[0-9a-f]{32}", sent), sent
    returned = [
        httpx.get(url + path, headers=headers, timeout=20).headers["x-request-id"]
        for path in ("/api/v1/catalog/tracks", "/api/v1/integrations/status", "/api/v1/docs")
    ]
    assert all(re.fullmatch(r"[0-9a-f]{32}", id_) for id_ in returned), returned
    assert len({sent, *returned}) == 4


def test_nginx_keeps_upstream_connections_alive(gateway: tuple[str, FakeWeb]) -> None:
    url, web = gateway
    web.peers.clear()
    with httpx.Client(base_url=url, timeout=10) as client:
        statuses = {client.get(f"/page/{n}").status_code for n in range(20)}
    assert statuses == {200}
    assert len(web.peers) == 20
    assert len(set(web.peers)) <= 2, "nginx opened a new upstream connection per request"


def test_api_outlives_nginx_on_an_idle_upstream_connection(stack: Stack) -> None:
    """nginx closes an idle upstream connection after its keepalive_timeout; api must keep
    one open longer, or nginx may send a request on a connection api is closing that very
    moment and answer 502 (it does not resend a POST). uvicorn's own default is 5 s."""
    timeouts = re.findall(r"keepalive_timeout (\d+)s;", nginx_support.TEMPLATE.read_text())
    assert timeouts, "every upstream names its keepalive_timeout"
    assert max(map(int, timeouts)) < Settings().server_keepalive_s
    connection = http.client.HTTPConnection("127.0.0.1", stack.api_port, timeout=10)

    def healthz() -> tuple[str, int]:
        """One answer on ``connection``, and the local address it came on."""
        connection.request("GET", "/healthz")
        answer = connection.getresponse()
        assert (answer.status, answer.read()) == (200, b'{"status":"ok"}')
        assert connection.sock is not None
        return connection.sock.getsockname()

    try:
        first = healthz()
        time.sleep(6)
        # Had api closed the connection meanwhile, this would raise RemoteDisconnected.
        assert healthz() == first, "the same connection answered"
    finally:
        connection.close()


def test_nginx_sends_each_hardening_header_once(gateway: tuple[str, FakeWeb]) -> None:
    """core and api's own values pass through; nginx fills them in for an upstream (here
    the fake dashboard) that sends none."""
    from atrium.common.security_headers import HEADERS

    url, _ = gateway
    for path in ("/api/v1/health/", "/api/v1/api/docs", "/admin/login/"):
        response = httpx.get(url + path, timeout=20)
        for name, value in HEADERS.items():
            assert response.headers.get_list(name) == [value], (path, name)
    page = httpx.get(f"{url}/page/1", timeout=10)
    assert page.headers.get_list("content-security-policy") == [
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    ]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_nginx_answers_431_with_json_to_an_oversized_header(
    gateway: tuple[str, FakeWeb],
) -> None:
    """Like core and api: a header line over 8 KB is a 431 with a ``detail``, not nginx's
    400 page; one that fits reaches the service."""
    url, _ = gateway
    refused = httpx.post(
        f"{url}/api/v1/embeddings", headers={"Authorization": "Bearer " + "a" * 9000}, json={}
    )
    assert refused.status_code == 431
    assert refused.json() == {"detail": "A request header is too large"}
    assert refused.headers["x-frame-options"] == "DENY"
    fits = httpx.post(
        f"{url}/api/v1/embeddings", headers={"Authorization": "Bearer " + "a" * 7000}, json={}
    )
    assert fits.headers.get("x-atrium-service") == "api"
    assert fits.status_code == 401, fits.text
