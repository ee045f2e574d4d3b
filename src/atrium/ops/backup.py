"""Backups of both databases in object storage, listed and restored by id.

A backup is a folder ``backups/<id>/``: one dump per database and a ``manifest.json``
written last, naming each dump with its engine, size and sha256. Every object is
written immutably, so a backup never changes once taken, and one without a manifest
(interrupted) is never listed or restored. A restore downloads and checks every dump
before it touches any database.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from atrium.common.storage import ObjectMissing, ObjectStore
from atrium.config import Settings
from atrium.ops.dumps import BackupError, Database, dump, restore

PREFIX = "backups/"
MANIFEST = "manifest.json"

# Called as each step starts: (steps done, steps in all, what happens now).
OnStep = Callable[[int, int, str], None]


class BackupNotFound(BackupError):
    def __init__(self, backup_id: str) -> None:
        super().__init__(f"no backup {backup_id!r}: `atrium backup --list` shows the backups")


@dataclass(frozen=True)
class DumpRecord:
    name: str
    engine: str
    key: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Backup:
    id: str
    created_at: str
    dumps: tuple[DumpRecord, ...]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> Backup:
        data = json.loads(text)
        dumps = tuple(DumpRecord(**item) for item in data["dumps"])
        return cls(id=data["id"], created_at=data["created_at"], dumps=dumps)

    @property
    def size(self) -> int:
        return sum(item.size for item in self.dumps)


def installation_databases(settings: Settings) -> list[Database]:
    return [Database("core", settings.core_database_url), Database("ai", settings.ai_store_url)]


def create_backup(
    store: ObjectStore, databases: Sequence[Database], *, on_step: OnStep | None = None
) -> Backup:
    now = datetime.now(UTC)
    backup_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    step = _stepper(2 * len(databases) + 1, on_step)
    records = []
    for database in databases:
        step(f"dumping {database.name} ({database.engine})")
        data = dump(database)
        step(f"storing {database.name} ({len(data):,} bytes)")
        key = f"{PREFIX}{backup_id}/{database.name}.{database.extension}"
        store.put(key, data, immutable=True)
        digest = hashlib.sha256(data).hexdigest()
        records.append(DumpRecord(database.name, database.engine, key, len(data), digest))
    step("writing the manifest")
    backup = Backup(backup_id, now.isoformat(), tuple(records))
    manifest = backup.to_json().encode()
    store.put(_manifest_key(backup_id), manifest, content_type="application/json", immutable=True)
    step("done")
    return backup


def list_backups(store: ObjectStore) -> list[Backup]:
    """Complete backups, oldest first."""
    keys = [key for key in store.list(PREFIX) if key.endswith(f"/{MANIFEST}")]
    return sorted((Backup.from_json(store.get(key).decode()) for key in keys), key=_created)


def load_backup(store: ObjectStore, backup_id: str) -> Backup:
    if not backup_id or "/" in backup_id:
        raise BackupNotFound(backup_id)
    try:
        return Backup.from_json(store.get(_manifest_key(backup_id)).decode())
    except ObjectMissing:
        raise BackupNotFound(backup_id) from None


def restore_backup(
    store: ObjectStore,
    backup_id: str,
    databases: Sequence[Database],
    *,
    on_step: OnStep | None = None,
) -> Backup:
    """Replace each database's contents with the backup's, after checking every dump."""
    backup = load_backup(store, backup_id)
    step = _stepper(2 * len(databases), on_step)
    verified = []
    for database in databases:
        step(f"fetching {database.name}")
        verified.append((database, _verified_dump(store, backup, database)))
    for database, data in verified:
        step(f"restoring {database.name} ({database.engine})")
        restore(database, data)
    step("done")
    return backup


def _verified_dump(store: ObjectStore, backup: Backup, database: Database) -> bytes:
    record = next((item for item in backup.dumps if item.name == database.name), None)
    if record is None:
        raise BackupError(f"backup {backup.id} holds no {database.name} database")
    if record.engine != database.engine:
        raise BackupError(
            f"backup {backup.id} holds {database.name} as {record.engine}; "
            f"it cannot be restored into {database.engine}"
        )
    data = store.get(record.key)
    if hashlib.sha256(data).hexdigest() != record.sha256:
        raise BackupError(f"{store.uri(record.key)} does not match its manifest's sha256")
    return data


def _manifest_key(backup_id: str) -> str:
    return f"{PREFIX}{backup_id}/{MANIFEST}"


def _created(backup: Backup) -> str:
    return backup.created_at


def _stepper(total: int, on_step: OnStep | None) -> Callable[[str], None]:
    done = iter(range(total + 1))

    def step(description: str) -> None:
        if on_step is not None:
            on_step(next(done), total, description)

    return step
