"""`atrium backup` then `atrium restore`, run as commands, into the S3-compatible server.

The command tests migrate both databases, add an account and AI-store rows (vectors
included), take a backup, change rows (updates, deletes, inserts) in both, restore, and
compare every table's row count and checksum with what they were at the backup.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from atrium.ops.dumps import Database, dump, restore
from tests.support import services
from tests.support.services import require, tcp_open
from tests.support.tables import sync_url, table_fingerprints

ATRIUM = Path(sys.executable).with_name("atrium")


def atrium(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(ATRIUM), *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"atrium {' '.join(args)}: {result.stderr[-3000:]}"
    return result.stdout


def execute(url: str, *statements: tuple[str, Mapping[str, object]]) -> None:
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        for sql, params in statements:
            connection.execute(text(sql), params)
    engine.dispose()


def add_ai_rows(url: str) -> None:
    postgres = url.startswith("postgresql")
    vector: object = json.dumps([0.25] * 384) if postgres else bytes(range(16))
    item = "INSERT INTO ai_item_vectors (item_id, kind, tags, title, summary, text, text_hash, "
    item += "embedding) VALUES (:id, 'item', :tags, 'T', 'S', 'text', 'h', :vector)"
    usage = "INSERT INTO ai_chat_usage (user_id, provider, model, input_tokens, output_tokens) "
    usage += "VALUES (:user, 'gemini', 'm', :tokens, 3)"
    execute(
        url,
        *((item, {"id": f"i{n}", "tags": json.dumps(["a"]), "vector": vector}) for n in range(3)),
        *((usage, {"user": n, "tokens": 10 * n}) for n in range(5)),
    )


def change_rows(core_url: str, ai_url: str) -> None:
    execute(
        core_url,
        ("UPDATE accounts_user SET is_staff = :staff", {"staff": False}),
        ("DELETE FROM django_migrations WHERE app = :app", {"app": "sessions"}),
        ("INSERT INTO django_content_type (app_label, model) VALUES ('probe', 'x')", {}),
    )
    execute(
        ai_url,
        ("DELETE FROM ai_chat_usage WHERE user_id < 3", {}),
        ("UPDATE ai_item_vectors SET title = 'changed'", {}),
        ("INSERT INTO ai_index_generation (name, generation) VALUES ('probe', 7)", {}),
    )


def fingerprints(*urls: str) -> list[dict[str, tuple[int, str]]]:
    return [table_fingerprints(url) for url in urls]


def backup_then_restore(env: dict[str, str], core_url: str, ai_url: str) -> None:
    env = {**env, "DATABASE_URL": core_url, "AI_DATABASE_URL": ai_url}
    atrium("migrate", env=env)
    account = {"DJANGO_SUPERUSER_PASSWORD": "restore-check-password"}
    atrium(
        "manage", "createsuperuser", "--noinput", "--email", "ann@example.com", env=env | account
    )
    add_ai_rows(ai_url)
    before = fingerprints(core_url, ai_url)

    backup_id = atrium("backup", env=env).strip()
    assert backup_id in atrium("backup", "--list", env=env)
    change_rows(core_url, ai_url)
    assert fingerprints(core_url, ai_url) != before
    atrium("restore", backup_id, "--yes", env=env)

    after = fingerprints(core_url, ai_url)
    assert after == before
    assert after[0]["accounts_user"][0] == 1
    assert after[1]["ai_chat_usage"][0] == 5
    assert after[1]["ai_item_vectors"][0] == 3


@pytest.fixture
def env(s3_storage: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A process environment: this test's var dir, and a prefix of its own in the bucket."""
    storage_url = f"{s3_storage['STORAGE_URL']}/{uuid.uuid4().hex[:8]}"
    return {
        **os.environ,
        **s3_storage,
        "STORAGE_URL": storage_url,
        "ATRIUM_ENV": "test",
        "ATRIUM_VAR_DIR": str(tmp_path / "var"),
    }


def test_sqlite_databases_are_restored_to_the_backup(env: dict[str, str], tmp_path: Path) -> None:
    core = f"sqlite:///{tmp_path / 'core.sqlite3'}"
    ai = f"sqlite+aiosqlite:///{tmp_path / 'ai.sqlite3'}"

    backup_then_restore(env, core, ai)


@pytest.fixture
def postgres_database() -> Iterator[str]:
    require("PostgreSQL (127.0.0.1:5432)", lambda: tcp_open("127.0.0.1", 5432))
    url, drop = services.create_postgres_database()
    yield url
    drop()


@pytest.fixture
def pgvector_database(pgvector_url: str) -> Iterator[str]:
    """A database of this test's own on the pgvector server."""
    name = services.unique_name("atrium_backup")
    admin = sync_url(pgvector_url)
    _autocommit(admin, f'CREATE DATABASE "{name}"')
    yield pgvector_url.replace("/postgres?", f"/{name}?")
    _autocommit(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _autocommit(url: str, sql: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def pgserver_client_tools() -> str:
    """pg_dump/pg_restore of the pgvector server's major version (16), which also serve 15."""
    import pgserver

    return str(Path(pgserver.__file__).parent / "pginstall" / "bin")


def test_postgresql_databases_are_restored_to_the_backup(
    env: dict[str, str], postgres_database: str, pgvector_database: str
) -> None:
    env["PATH"] = os.pathsep.join([pgserver_client_tools(), env["PATH"]])

    backup_then_restore(env, postgres_database, pgvector_database)


@pytest.fixture
def mariadb_database() -> Iterator[str]:
    require("MariaDB (127.0.0.1:3306)", lambda: tcp_open(services.MARIADB_HOST, 3306))
    url, drop = services.create_mariadb_database()
    yield url
    drop()


def test_a_mariadb_database_is_restored_from_its_mysqldump(mariadb_database: str) -> None:
    execute(
        mariadb_database,
        ("CREATE TABLE tracks (id INT PRIMARY KEY, title VARCHAR(50)) CHARSET utf8mb4", {}),
        ("CREATE TABLE items (id INT PRIMARY KEY, track_id INT REFERENCES tracks (id))", {}),
        ("INSERT INTO tracks VALUES (1, 'Grundlagen ✓'), (2, 'Über')", {}),
        ("INSERT INTO items VALUES (1, 1), (2, 1), (3, 2)", {}),
    )
    database = Database("core", mariadb_database)
    before = table_fingerprints(mariadb_database)
    data = dump(database)
    execute(
        mariadb_database,
        ("DELETE FROM items WHERE track_id = 2", {}),
        ("UPDATE tracks SET title = 'changed'", {}),
    )

    restore(database, data)

    assert table_fingerprints(mariadb_database) == before
    assert before["items"][0] == 3
