"""Every service sends the hardening headers; both API docs load only local assets."""

import re
from collections.abc import Mapping

import pytest
from django.test import Client
from fastapi.testclient import TestClient

from atrium.api.main import create_app
from atrium.common.security_headers import HEADERS

pytestmark = pytest.mark.django_db

CORE_PAGES = ["/admin/login/", "/api/v1/docs", "/api/v1/health/", "/api/v1/users/me"]
API_PAGES = ["/api/v1/api/docs", "/api/v1/api/openapi.json", "/api/v1/embeddings"]


def assert_hardened(headers: Mapping[str, str], where: str) -> None:
    """``headers`` as the client gives them: looked up regardless of case."""
    for name, value in HEADERS.items():
        assert headers.get(name) == value, (where, name)
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_core_pages_send_the_headers(client: Client) -> None:
    for path in CORE_PAGES:
        assert_hardened(client.get(path).headers, path)


def test_api_answers_send_the_headers() -> None:
    api = TestClient(create_app())
    for path in API_PAGES:
        assert_hardened(api.get(path).headers, path)


def local_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_both_swagger_uis_load_their_assets_from_their_own_origin(client: Client) -> None:
    api = TestClient(create_app())
    for name, page, get in (
        ("core", "/api/v1/docs", client.get),
        ("api", "/api/v1/api/docs", api.get),
    ):
        assets = local_assets(get(page).content.decode())
        assert any(a.endswith("swagger-ui-bundle.js") for a in assets), name
        for asset in assets:
            assert asset.startswith("/"), (name, asset)
            assert get(asset).status_code == 200, (name, asset)
