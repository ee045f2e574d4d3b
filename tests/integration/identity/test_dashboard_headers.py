"""The dashboard's production build under ``next start``: a strict CSP with a fresh nonce
per page that every script carries, and the hardening headers core and api send."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from atrium.common.security_headers import HEADERS
from tests.support.dashboard import FRONTEND, NEXT
from tests.support.processes import Proc, http_ok, wait_until
from tests.support.services import free_port, require


def _built() -> None:
    if shutil.which("node") is None or not (FRONTEND / ".next" / "BUILD_ID").exists():
        raise FileNotFoundError("the dashboard is not built (make web-build)")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require("the dashboard's build", _built)
    port = free_port()
    log = Path(tmp_path_factory.mktemp("web")) / "web.log"
    command = [str(NEXT), "start", str(FRONTEND), "-H", "127.0.0.1", "-p", str(port)]
    web = Proc("web", command, {"NEXT_TELEMETRY_DISABLED": "1"}, log).start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(http_ok(f"{url}/login"), 60, "next start", [web])
        yield url
    finally:
        web.stop()


def nonce_of(policy: str) -> str:
    match = re.search(r"'nonce-([^']+)'", policy)
    assert match, policy
    return match.group(1)


@pytest.mark.parametrize("page", ["/login", "/register", "/"])
def test_each_page_has_a_nonce_policy_its_scripts_carry(dashboard: str, page: str) -> None:
    first, second = (httpx.get(dashboard + page, timeout=20) for _ in range(2))
    policy = first.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    nonce = nonce_of(policy)
    assert nonce != nonce_of(second.headers["content-security-policy"])
    scripts = re.findall(r"<script[^>]*>", first.text)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    for name in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert first.headers[name] == HEADERS[name], name


def test_static_assets_are_not_sniffed_or_framed(dashboard: str) -> None:
    page = httpx.get(f"{dashboard}/login", timeout=20).text
    asset = re.findall(r'src="(/_next/static/[^"]+\.js)"', page)[0]
    answer = httpx.get(dashboard + asset, timeout=20)
    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
