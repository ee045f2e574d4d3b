"""What every backend promises, on files and on a real S3-compatible HTTP server."""

from __future__ import annotations

import uuid

import pytest

from atrium.common.storage import ObjectExists, ObjectMissing, ObjectStore, open_object_store
from atrium.common.storage.base import CHUNK_BYTES


def test_put_then_get_by_key_and_by_uri(store: ObjectStore) -> None:
    uri = store.put("models/m/1.onnx", b"\x00weights\xff", content_type="application/onnx")

    assert uri == store.uri("models/m/1.onnx")
    assert uri.startswith(("file:///", "s3://"))
    assert store.get("models/m/1.onnx") == b"\x00weights\xff"
    assert store.get(uri) == b"\x00weights\xff"
    assert store.exists(uri)


def test_list_returns_the_keys_under_a_prefix_sorted(store: ObjectStore) -> None:
    for key in ("b/2.bin", "a/1.bin", "b/1.bin", "bz.bin"):
        store.put(key, key.encode())

    assert store.list("b/") == ["b/1.bin", "b/2.bin"]
    assert store.list("b") == ["b/1.bin", "b/2.bin", "bz.bin"]
    assert store.list() == ["a/1.bin", "b/1.bin", "b/2.bin", "bz.bin"]
    assert store.list("c/") == []


def test_a_plain_put_replaces_the_object(store: ObjectStore) -> None:
    store.put("media/a.txt", b"old")
    store.put("media/a.txt", b"new")

    assert store.get("media/a.txt") == b"new"


def test_an_immutable_put_refuses_to_overwrite_and_keeps_the_first(store: ObjectStore) -> None:
    store.put("models/m/1.onnx", b"first", immutable=True)

    with pytest.raises(ObjectExists) as refused:
        store.put("models/m/1.onnx", b"second", immutable=True)

    assert refused.value.uri == store.uri("models/m/1.onnx")
    assert store.get("models/m/1.onnx") == b"first"


def test_an_immutable_put_also_refuses_a_key_written_plainly(store: ObjectStore) -> None:
    store.put("a.bin", b"plain")

    with pytest.raises(ObjectExists):
        store.put("a.bin", b"again", immutable=True)


def test_a_missing_object_is_object_missing_naming_its_uri(store: ObjectStore) -> None:
    with pytest.raises(ObjectMissing, match=r"nope\.bin"):
        store.get("nope.bin")
    assert not store.exists("nope.bin")


def test_a_range_is_read_in_bounded_chunks_without_the_rest(store: ObjectStore) -> None:
    data = bytes(range(256)) * (CHUNK_BYTES // 256 * 2 + 3)  # two chunks and a bit
    store.put("clip.webm", data)
    first, last = 10, len(data) - 5

    chunks = list(store.read_range("clip.webm", first, last))

    assert store.size("clip.webm") == len(data)
    assert b"".join(chunks) == data[first : last + 1]
    assert len(chunks) >= 3
    assert max(map(len, chunks)) <= CHUNK_BYTES
    assert b"".join(store.read_range("clip.webm", 3, 6)) == data[3:7]


def test_a_range_of_a_missing_object_is_object_missing_before_any_chunk(
    store: ObjectStore,
) -> None:
    with pytest.raises(ObjectMissing):
        store.read_range("nope.webm", 0, 9)
    with pytest.raises(ObjectMissing):
        store.size("nope.webm")


def test_delete_removes_and_is_idempotent(store: ObjectStore) -> None:
    store.put("a/1.bin", b"1")

    store.delete("a/1.bin")
    store.delete("a/1.bin")

    assert not store.exists("a/1.bin")
    assert store.list("a/") == []
    with pytest.raises(ObjectMissing):
        store.get("a/1.bin")


def test_prepare_creates_a_missing_bucket_once(s3_env: dict[str, str]) -> None:
    bucket = f"atrium-new-{uuid.uuid4().hex[:8]}"
    store = open_object_store(f"s3://{bucket}/p", endpoint_url=s3_env["STORAGE_ENDPOINT_URL"])

    store.prepare()
    store.prepare()
    store.put("a.bin", b"1")

    assert store.list() == ["a.bin"]
