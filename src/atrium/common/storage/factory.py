"""Open the store a URL names; ``get_object_store()`` is the one configured for this process."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from atrium.common.storage.base import ObjectStore
from atrium.config import get_settings


@dataclass(frozen=True)
class StorageLocation:
    """Where ``STORAGE_URL`` points: a directory, or a bucket and a key prefix in it."""

    scheme: Literal["file", "s3"]
    root: str
    prefix: str = ""


def storage_location(url: str) -> StorageLocation:
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path:
        return StorageLocation("file", unquote(parts.path))
    if parts.scheme == "s3" and parts.netloc:
        return StorageLocation("s3", parts.netloc, unquote(parts.path).strip("/"))
    raise ValueError(f"STORAGE_URL must be file:///dir or s3://bucket/prefix, not {url!r}")


def open_object_store(url: str, *, endpoint_url: str | None = None) -> ObjectStore:
    location = storage_location(url)
    if location.scheme == "file":
        from atrium.common.storage.local import FileObjectStore

        return FileObjectStore(Path(location.root))
    from atrium.common.storage.s3 import S3ObjectStore, s3_client

    return S3ObjectStore(location.root, location.prefix, s3_client(endpoint_url))


def get_object_store() -> ObjectStore:
    """The store of ``STORAGE_URL``, opened once per process (never shared across a fork)."""
    settings = get_settings()
    return _cached_store(os.getpid(), settings.storage, settings.storage_endpoint_url)


@lru_cache(maxsize=4)
def _cached_store(_pid: int, url: str, endpoint_url: str | None) -> ObjectStore:
    return open_object_store(url, endpoint_url=endpoint_url)
