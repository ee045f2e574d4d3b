"""Backups of SQLite databases into a file store: consistent, checked, listed, restored."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from atrium.common.storage import ObjectStore, open_object_store
from atrium.ops.backup import (
    BackupNotFound,
    create_backup,
    list_backups,
    restore_backup,
)
from atrium.ops.dumps import BackupError, Database, dump
from tests.support.tables import table_fingerprints


def make_sqlite(path: Path, rows: int) -> Database:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
        db.execute("CREATE TABLE lines (id INTEGER PRIMARY KEY, order_id INTEGER)")
        for n in range(rows):
            _insert_order(db, n)
    return Database(path.stem, f"sqlite:///{path}")


def _insert_order(db: sqlite3.Connection, n: int) -> None:
    db.execute("INSERT INTO orders (total) VALUES (?)", (n * 1.5,))
    db.execute("INSERT INTO lines (order_id) VALUES (last_insert_rowid())")


def execute(database: Database, sql: str) -> None:
    with closing(sqlite3.connect(database.url.removeprefix("sqlite:///"))) as db, db:
        db.execute(sql)


@pytest.fixture
def store(tmp_path: Path) -> ObjectStore:
    return open_object_store((tmp_path / "objects").as_uri())


@pytest.fixture
def databases(tmp_path: Path) -> list[Database]:
    return [make_sqlite(tmp_path / "core.sqlite3", 30), make_sqlite(tmp_path / "ai.sqlite3", 5)]


def test_a_snapshot_taken_while_writes_go_on_is_one_transactions_view(tmp_path: Path) -> None:
    database = make_sqlite(tmp_path / "busy.sqlite3", 200)
    stop = threading.Event()

    def write() -> None:
        with closing(sqlite3.connect(tmp_path / "busy.sqlite3", timeout=20)) as db:
            n = 0
            while not stop.is_set():
                with db:  # an order and its line, always together
                    _insert_order(db, n)
                n += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        snapshots = [dump(database) for _ in range(5)]
    finally:
        stop.set()
        writer.join()

    counts = []
    for n, data in enumerate(snapshots):
        copy = tmp_path / f"copy{n}.sqlite3"
        copy.write_bytes(data)
        with closing(sqlite3.connect(copy)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            orders = db.execute("SELECT count(*) FROM orders").fetchone()[0]
            lines = db.execute("SELECT count(*) FROM lines").fetchone()[0]
        assert orders == lines
        counts.append(orders)
    assert len(set(counts)) > 1, "the writer never wrote while the snapshots were taken"


def test_restore_brings_back_every_row_of_both_databases(
    store: ObjectStore, databases: list[Database]
) -> None:
    before = [table_fingerprints(db.url) for db in databases]
    backup = create_backup(store, databases)
    execute(databases[0], "DELETE FROM lines WHERE id > 10")
    execute(databases[0], "UPDATE orders SET total = 0")
    execute(databases[1], "INSERT INTO orders (total) VALUES (99)")

    restore_backup(store, backup.id, databases)

    assert [table_fingerprints(db.url) for db in databases] == before
    assert before[0]["lines"][0] == 30


def test_backups_are_listed_oldest_first_with_their_dumps(
    store: ObjectStore, databases: list[Database]
) -> None:
    first = create_backup(store, databases)
    second = create_backup(store, databases)

    listed = list_backups(store)

    assert [b.id for b in listed] == [first.id, second.id]
    assert [d.name for d in listed[0].dumps] == ["core", "ai"]
    assert all(store.exists(d.key) for d in listed[0].dumps)
    assert listed[0].size == sum(len(store.get(d.key)) for d in listed[0].dumps)


def test_a_backup_without_its_manifest_is_not_listed(
    store: ObjectStore, databases: list[Database]
) -> None:
    backup = create_backup(store, databases)
    store.delete(f"backups/{backup.id}/manifest.json")

    assert list_backups(store) == []
    with pytest.raises(BackupNotFound):
        restore_backup(store, backup.id, databases)


def test_a_damaged_dump_is_refused_before_any_database_is_touched(
    store: ObjectStore, databases: list[Database]
) -> None:
    backup = create_backup(store, databases)
    execute(databases[0], "DELETE FROM lines")
    store.put(backup.dumps[1].key, b"not the dump")  # the second database's dump
    changed = [table_fingerprints(db.url) for db in databases]

    with pytest.raises(BackupError, match="sha256"):
        restore_backup(store, backup.id, databases)

    assert [table_fingerprints(db.url) for db in databases] == changed


def test_a_dump_is_not_restored_into_another_engine(
    store: ObjectStore, databases: list[Database]
) -> None:
    backup = create_backup(store, databases)
    elsewhere = Database("core", "postgresql://atrium@127.0.0.1:5432/atrium")

    with pytest.raises(BackupError, match="holds core as sqlite"):
        restore_backup(store, backup.id, [elsewhere])


@pytest.mark.parametrize("backup_id", ["20990101T000000Z-000000", "", "../etc"])
def test_an_unknown_backup_is_refused_naming_how_to_list(
    store: ObjectStore, databases: list[Database], backup_id: str
) -> None:
    with pytest.raises(BackupNotFound, match="atrium backup --list"):
        restore_backup(store, backup_id, databases)


def test_progress_reports_each_step_up_to_the_total(
    store: ObjectStore, databases: list[Database]
) -> None:
    steps: list[tuple[int, int, str]] = []

    create_backup(store, databases, on_step=lambda *step: steps.append(step))

    assert [done for done, _, _ in steps] == list(range(6))
    assert {total for _, total, _ in steps} == {5}
    assert steps[0][2] == "dumping core (sqlite)"


def test_a_missing_client_tool_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")

    with pytest.raises(BackupError, match="pg_dump is not on the PATH"):
        dump(Database("core", "postgresql://atrium@127.0.0.1:5432/atrium"))
