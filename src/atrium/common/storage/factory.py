"""Open the store a URL names; ``get_object_store()`` is the one configured for this process."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from atrium.common.storage.base import ObjectStore
from atrium.config import get_settings


def open_object_store(url: str, *, endpoint_url: str | None = None) -> ObjectStore:
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path:
        from atrium.common.storage.local import FileObjectStore

        return FileObjectStore(Path(unquote(parts.path)))
    if parts.scheme == "s3" and parts.netloc:
        from atrium.common.storage.s3 import S3ObjectStore, s3_client

        return S3ObjectStore(parts.netloc, unquote(parts.path), s3_client(endpoint_url))
    raise ValueError(f"STORAGE_URL must be file:///dir or s3://bucket/prefix, not {url!r}")


def get_object_store() -> ObjectStore:
    """The store of ``STORAGE_URL``, opened once per process (never shared across a fork)."""
    settings = get_settings()
    return _cached_store(os.getpid(), settings.storage, settings.storage_endpoint_url)


@lru_cache(maxsize=4)
def _cached_store(_pid: int, url: str, endpoint_url: str | None) -> ObjectStore:
    return open_object_store(url, endpoint_url=endpoint_url)
