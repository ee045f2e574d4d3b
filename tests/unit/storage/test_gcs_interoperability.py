"""Cloud Storage through its S3-compatible XML API: what the store sends there.

Nothing leaves the process: each request is stopped at the moment it would be sent.
"""

from __future__ import annotations

from typing import Any

import pytest

from atrium.common.storage import open_object_store
from tests.support.services import S3_TEST_ENV

GCS = "https://storage.googleapis.com"


class Sent(Exception):
    """Carries the headers of the request that was about to go out."""


def stop_before_sending(request: Any, **_: Any) -> None:
    raise Sent({name.lower(): _text(value) for name, value in request.headers.items()})


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def headers_of_put(endpoint: str, *, immutable: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    for name, value in S3_TEST_ENV.items():
        monkeypatch.setenv(name, value)
    store = open_object_store("s3://atrium-prod-atrium/prod", endpoint_url=endpoint)
    store.client.meta.events.register("before-send.s3.PutObject", stop_before_sending)  # type: ignore[attr-defined]
    with pytest.raises(Sent) as sent:
        store.put("models/a.onnx", b"1", immutable=immutable)
    return sent.value.args[0]


def test_an_immutable_put_also_carries_the_cloud_storage_precondition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = headers_of_put(GCS, immutable=True, monkeypatch=monkeypatch)
    assert headers["if-none-match"] == "*"
    assert headers["x-goog-if-generation-match"] == "0"
    assert "x-goog-if-generation-match" in headers["authorization"]  # signed with the rest


def test_a_plain_put_and_other_services_get_no_cloud_storage_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "x-goog-if-generation-match" not in headers_of_put(
        GCS, immutable=False, monkeypatch=monkeypatch
    )
    assert "x-goog-if-generation-match" not in headers_of_put(
        "http://127.0.0.1:9", immutable=True, monkeypatch=monkeypatch
    )
