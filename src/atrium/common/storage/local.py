"""Objects as files under one directory (``file://`` URLs)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from atrium.common.storage.base import CHUNK_BYTES, ObjectExists, ObjectMissing, ObjectStore

TEMP_MARK = ".partial-"


class FileObjectStore(ObjectStore):
    """Writes land in a temporary file first, so a reader never sees half an object."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        super().__init__(self.root.as_uri())

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*key.split("/"))

    def _put(self, key: str, data: bytes, *, content_type: str, immutable: bool) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{TEMP_MARK}{uuid.uuid4().hex}-{path.name}")
        tmp.write_bytes(data)
        try:
            if immutable:
                # link() fails if the name is taken: of racing writers exactly one wins.
                os.link(tmp, path)
            else:
                tmp.replace(path)
        except FileExistsError:
            raise ObjectExists(self.uri(key)) from None
        finally:
            tmp.unlink(missing_ok=True)

    def _get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectMissing(self.uri(key)) from None

    def _size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except (FileNotFoundError, NotADirectoryError):
            raise ObjectMissing(self.uri(key)) from None

    def _read_range(self, key: str, first: int, last: int) -> Iterator[bytes]:
        try:
            file = self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectMissing(self.uri(key)) from None
        file.seek(first)
        return _chunks(file, last - first + 1)

    def _exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def _delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def _list(self, prefix: str) -> list[str]:
        start = self._path(prefix.rsplit("/", 1)[0]) if "/" in prefix else self.root
        if not start.is_dir():
            return []
        keys = (
            path.relative_to(self.root).as_posix()
            for path in start.rglob("*")
            if path.is_file() and not path.name.startswith(TEMP_MARK)
        )
        return [key for key in keys if key.startswith(prefix)]


def _chunks(file: BinaryIO, length: int) -> Iterator[bytes]:
    with file:
        while length > 0 and (chunk := file.read(min(CHUNK_BYTES, length))):
            length -= len(chunk)
            yield chunk
