"""An S3 store that cannot reach its service fails with the store's error, naming the URI."""

from __future__ import annotations

import pytest

from atrium.common.storage import StorageError, open_object_store
from tests.support.services import S3_TEST_ENV, free_port


@pytest.mark.parametrize("operation", ["get", "put", "list", "prepare"])
def test_an_unreachable_endpoint_is_a_storage_error(
    operation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in S3_TEST_ENV.items():
        monkeypatch.setenv(name, value)
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    store = open_object_store("s3://bucket/prefix", endpoint_url=endpoint)
    calls = {
        "get": lambda: store.get("a.bin"),
        "put": lambda: store.put("a.bin", b"1"),
        "list": lambda: store.list("a/"),
        "prepare": store.prepare,
    }

    with pytest.raises(StorageError, match="s3://bucket/prefix"):
        calls[operation]()
