"""A consistent snapshot of one database as bytes, and its restore, per engine.

SQLite is copied with its online backup API (a reader: writers go on, and the copy is
one transaction's view); PostgreSQL with ``pg_dump`` (one repeatable-read snapshot,
custom format) and ``pg_restore``; MySQL/MariaDB with ``mysqldump
--single-transaction`` and the ``mysql`` client. Passwords reach the client tools
through their environment, never their command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

PG_RESTORE = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message says why."""


@dataclass(frozen=True)
class Database:
    """One of the installation's databases: ``core`` (DATABASE_URL) or ``ai`` (AI_DATABASE_URL)."""

    name: str
    url: str

    @property
    def engine(self) -> str:
        backend = make_url(self.url).get_backend_name()
        return "postgresql" if backend.startswith("postgres") else backend

    @property
    def extension(self) -> str:
        return {"sqlite": "sqlite3", "postgresql": "pgdump", "mysql": "sql"}[self.engine]


def dump(database: Database) -> bytes:
    url = make_url(database.url)
    if database.engine == "sqlite":
        return _sqlite_dump(_sqlite_path(url))
    if database.engine == "postgresql":
        return _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges"], url)
    if database.engine == "mysql":
        return _run(["mysqldump", "--single-transaction", "--routines", "--no-tablespaces"], url)
    raise BackupError(f"{database.name}: cannot back up a {database.engine} database")


def restore(database: Database, data: bytes) -> None:
    url = make_url(database.url)
    if database.engine == "sqlite":
        _sqlite_restore(_sqlite_path(url), data)
    elif database.engine == "postgresql":
        # One transaction: a restore that fails half-way leaves the database as it was.
        _run([*PG_RESTORE, "--single-transaction", "--exit-on-error"], url, data)
    elif database.engine == "mysql":
        _run(["mysql"], url, data)
    else:
        raise BackupError(f"{database.name}: cannot restore a {database.engine} database")


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError(f"{url} is not a SQLite file")
    return Path(url.database)


def _sqlite_dump(path: Path) -> bytes:
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.sqlite3"
        source, target = sqlite3.connect(path, timeout=20), sqlite3.connect(copy)
        with closing(source), closing(target):
            source.backup(target)  # all pages in one step: one consistent view
        return copy.read_bytes()


def _sqlite_restore(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "restore.sqlite3"
        copy.write_bytes(data)
        with closing(sqlite3.connect(copy)) as source:
            _check_integrity(source)
            # Copied page by page into the live file under its write lock, WAL and all.
            with closing(sqlite3.connect(path, timeout=20)) as target:
                source.backup(target)


def _check_integrity(connection: sqlite3.Connection) -> None:
    answer = connection.execute("PRAGMA integrity_check").fetchone()
    if answer != ("ok",):
        raise BackupError(f"the SQLite backup is damaged: {answer}")


def _run(command: list[str], url: URL, data: bytes | None = None) -> bytes:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not on the PATH: install the database's client tools "
            "(a version at least the server's)"
        )
    args, env = _client_arguments(command[0], url)
    result = subprocess.run(
        [program, *command[1:], *args],
        input=data,
        capture_output=True,
        env={**os.environ, **env},
        check=False,
    )
    if result.returncode != 0:
        error = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{command[0]} failed ({result.returncode}): {error}")
    return result.stdout


def _client_arguments(program: str, url: URL) -> tuple[list[str], dict[str, str]]:
    if program.startswith("pg_"):
        # libpq takes the URL (socket directories and sslmode included) minus the password.
        bare = url.set(drivername="postgresql", password=None)
        args = ["--dbname", bare.render_as_string(hide_password=False)]
        return args, {"PGPASSWORD": url.password} if url.password else {}
    args = [f"--host={url.host or '127.0.0.1'}", f"--port={url.port or 3306}"]
    args += [f"--user={url.username or 'root'}", str(url.database)]
    return args, {"MYSQL_PWD": url.password} if url.password else {}
