"""The file backend's own rules; the behaviour both backends share is pinned in
tests/integration/storage against a real S3-compatible server as well."""

from __future__ import annotations

from pathlib import Path

import pytest

from atrium.common.storage import InvalidKey, ObjectMissing, open_object_store
from atrium.common.storage.local import FileObjectStore


@pytest.fixture
def store(tmp_path: Path) -> FileObjectStore:
    opened = open_object_store((tmp_path / "objects").as_uri())
    assert isinstance(opened, FileObjectStore)
    return opened


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../up", "a/../../b", "a//b", "a/./b", "a\\b"])
def test_keys_that_could_leave_the_root_are_refused(store: FileObjectStore, key: str) -> None:
    with pytest.raises(InvalidKey):
        store.put(key, b"x")


def test_an_object_is_a_file_under_the_root_and_its_uri_names_it(
    store: FileObjectStore, tmp_path: Path
) -> None:
    uri = store.put("models/m/1.onnx", b"weights")

    assert (tmp_path / "objects" / "models" / "m" / "1.onnx").read_bytes() == b"weights"
    assert uri == (tmp_path / "objects" / "models" / "m" / "1.onnx").as_uri()
    assert store.get(uri) == b"weights"


def test_a_uri_of_another_store_is_refused(store: FileObjectStore, tmp_path: Path) -> None:
    other = (tmp_path / "elsewhere" / "a.bin").as_uri()
    with pytest.raises(InvalidKey, match="not in this store"):
        store.get(other)
    with pytest.raises(InvalidKey):
        store.get("s3://bucket/a.bin")


def test_unfinished_writes_are_not_listed(store: FileObjectStore) -> None:
    store.put("a/done.bin", b"1")
    (store.root / "a" / ".partial-123-next.bin").write_bytes(b"half")

    assert store.list("a/") == ["a/done.bin"]


def test_a_directory_is_not_an_object(store: FileObjectStore) -> None:
    store.put("a/b/c.bin", b"1")

    assert not store.exists("a/b")
    with pytest.raises(ObjectMissing):
        store.get("a/b")


def test_listing_a_prefix_that_is_not_a_directory_finds_nothing(store: FileObjectStore) -> None:
    assert store.list("nothing/here/") == []


@pytest.mark.parametrize("url", ["ftp://host/x", "s3://", "file://", "var/storage"])
def test_an_unknown_storage_url_is_refused_with_the_accepted_forms(url: str) -> None:
    with pytest.raises(ValueError, match=r"file:///dir or s3://bucket/prefix"):
        open_object_store(url)


def test_the_configured_store_is_opened_once_per_process_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atrium.common.storage import get_object_store
    from atrium.config import get_settings

    monkeypatch.setenv("STORAGE_URL", (tmp_path / "configured").as_uri())
    get_settings.cache_clear()
    try:
        store = get_object_store()
        assert store is get_object_store()
        assert store.base_uri == (tmp_path / "configured").as_uri()
    finally:
        get_settings.cache_clear()


def test_django_media_lives_under_the_file_store_by_default(tmp_path: Path) -> None:
    from atrium.config import Settings
    from atrium.core.media import media_storage

    config = media_storage(Settings(storage_url=(tmp_path / "objects").as_uri()))

    assert config["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["OPTIONS"]["location"] == str(tmp_path / "objects" / "media")


def test_prepare_creates_the_root_directory(store: FileObjectStore) -> None:
    store.prepare()

    assert store.root.is_dir()
    assert store.list() == []
