"""Hostile text gets a 4xx with ``detail``: a lone surrogate on api, NUL characters and
oversized summaries in the catalog."""

from typing import Any

import pytest
from django.test import Client
from fastapi.testclient import TestClient

from atrium.api.main import create_app
from atrium.core.learning.schemas import SUMMARY_MAX_LENGTH
from tests.support.auth import bearer_for, make_user, member_of

LONE_SURROGATE = b'{"texts": ["\\ud800"]}'


def test_a_lone_surrogate_in_json_is_a_422_on_api(api_auth: Any) -> None:
    api = TestClient(create_app(), raise_server_exceptions=False)
    answer = api.post(
        "/api/v1/embeddings",
        content=LONE_SURROGATE,
        headers={"Content-Type": "application/json", **api_auth.header(1, 7, "member")},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"title": "nul\x00title"},
        {"title": "Fine", "summary": "nul \x00 summary"},
        {"title": "Fine", "summary": "x" * (SUMMARY_MAX_LENGTH + 1)},
    ],
)
def test_the_catalog_refuses_nul_and_oversized_summaries(client: Client, body: Any) -> None:
    user = make_user("ann@example.com")
    org = member_of(user, role="owner")
    answer = client.post(
        "/api/v1/catalog/tracks", body, content_type="application/json", **bearer_for(user, org)
    )
    assert answer.status_code == 422, answer.content
    assert "detail" in answer.json()


def test_a_surrogate_pair_is_text_and_a_lone_half_is_not() -> None:
    from atrium.api.middleware import _has_lone_surrogate

    assert not _has_lone_surrogate(b'{"texts": ["\\ud83d\\ude00"]}')
    assert not _has_lone_surrogate(b'{"texts": ["\\\\ud800 is only spelled out"]}')
    assert _has_lone_surrogate(b'{"texts": ["\\uDC00"]}')
    assert not _has_lone_surrogate(b'{"texts": [')
