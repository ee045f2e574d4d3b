"""The object store's interface, its errors, and the key rules every backend shares."""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import Iterator

CHUNK_BYTES = 1024 * 1024


class StorageError(Exception):
    """Object storage refused or could not do what was asked."""


class ObjectExists(StorageError):
    """An immutable write found the key already taken."""

    def __init__(self, uri: str) -> None:
        super().__init__(f"{uri} already exists and is not overwritten")
        self.uri = uri


class ObjectMissing(StorageError):
    """No object is stored under the key."""

    def __init__(self, uri: str) -> None:
        super().__init__(f"{uri} does not exist")
        self.uri = uri


class InvalidKey(StorageError, ValueError):
    """A key that is not a plain relative path, or a URI of another store."""


def checked_key(key: str) -> str:
    """Return ``key`` if it is a relative path of named segments (no ``..``, no ``//``)."""
    segments = key.split("/")
    if not key or "\\" in key or any(part in {"", ".", ".."} for part in segments):
        raise InvalidKey(f"{key!r} is not a valid object key: use a relative path like 'a/b.bin'")
    return key


def checked_prefix(prefix: str) -> str:
    """A listing prefix: empty, or a key with or without a trailing ``/``."""
    stem = prefix.removesuffix("/")
    if stem:
        checked_key(stem)
    return prefix


class ObjectStore(ABC):
    """Bytes under keys. Backends implement the underscored methods on checked keys."""

    def __init__(self, base_uri: str) -> None:
        self.base_uri = base_uri.rstrip("/")

    def uri(self, key: str) -> str:
        return f"{self.base_uri}/{checked_key(key)}"

    def key_of(self, key_or_uri: str) -> str:
        if "://" not in key_or_uri:
            return checked_key(key_or_uri)
        root = f"{self.base_uri}/"
        if not key_or_uri.startswith(root):
            raise InvalidKey(f"{key_or_uri} is not in this store ({self.base_uri})")
        return checked_key(key_or_uri.removeprefix(root))

    def put(
        self,
        key: str,
        data: bytes,
        *,
        content_type: str = "application/octet-stream",
        immutable: bool = False,
    ) -> str:
        """Store ``data`` and return its URI; ``immutable`` refuses to replace an object."""
        uri = self.uri(key)
        self._put(key, data, content_type=content_type, immutable=immutable)
        return uri

    def get(self, key_or_uri: str) -> bytes:
        return self._get(self.key_of(key_or_uri))

    def size(self, key_or_uri: str) -> int:
        """The object's length in bytes."""
        return self._size(self.key_of(key_or_uri))

    def read_range(self, key_or_uri: str, first: int, last: int) -> Iterator[bytes]:
        """Bytes ``first`` to ``last`` (inclusive) of the object, in chunks of at most
        ``CHUNK_BYTES``, never the whole object in memory. A missing object raises here,
        before the first chunk."""
        return self._read_range(self.key_of(key_or_uri), first, last)

    def exists(self, key_or_uri: str) -> bool:
        return self._exists(self.key_of(key_or_uri))

    def delete(self, key_or_uri: str) -> None:
        """Remove the object; removing one that is absent is not an error."""
        self._delete(self.key_of(key_or_uri))

    def list(self, prefix: str = "") -> list[str]:
        """Keys that start with ``prefix``, sorted."""
        return sorted(self._list(checked_prefix(prefix)))

    @abstractmethod
    def prepare(self) -> None:
        """Create the directory or bucket if it is missing (``atrium migrate`` calls this)."""

    @abstractmethod
    def _put(self, key: str, data: bytes, *, content_type: str, immutable: bool) -> None: ...

    @abstractmethod
    def _get(self, key: str) -> bytes: ...

    @abstractmethod
    def _size(self, key: str) -> int: ...

    @abstractmethod
    def _read_range(self, key: str, first: int, last: int) -> Iterator[bytes]: ...

    @abstractmethod
    def _exists(self, key: str) -> bool: ...

    @abstractmethod
    def _delete(self, key: str) -> None: ...

    @abstractmethod
    def _list(self, prefix: str) -> builtins.list[str]: ...
