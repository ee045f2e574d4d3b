"""The backup commands: the id on stdout, progress and errors on stderr, a confirmation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from atrium.config import get_settings
from atrium.ops.cli import backup, restore
from tests.unit.storage.test_backup import make_sqlite

app = typer.Typer()
app.command()(backup)
app.command()(restore)


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    core = make_sqlite(tmp_path / "core.sqlite3", 3)
    ai = make_sqlite(tmp_path / "ai.sqlite3", 2)
    monkeypatch.setenv("DATABASE_URL", core.url)
    monkeypatch.setenv("AI_DATABASE_URL", ai.url.replace("sqlite:", "sqlite+aiosqlite:"))
    monkeypatch.setenv("STORAGE_URL", (tmp_path / "objects").as_uri())
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_backup_prints_its_id_and_lists_it(runner: CliRunner) -> None:
    taken = runner.invoke(app, ["backup"])
    assert taken.exit_code == 0, taken.output
    backup_id = taken.stdout.strip()

    listed = runner.invoke(app, ["backup", "--list"])

    assert backup_id in listed.stdout
    assert "core: sqlite" in listed.stdout
    assert "backup: done" in taken.stderr


def test_restore_asks_first_and_stops_on_no(runner: CliRunner) -> None:
    backup_id = runner.invoke(app, ["backup"]).stdout.strip()

    declined = runner.invoke(app, ["restore", backup_id], input="n\n")
    confirmed = runner.invoke(app, ["restore", backup_id], input="y\n")

    assert declined.exit_code == 1
    assert "Aborted" in declined.output
    assert confirmed.exit_code == 0, confirmed.output
    assert f"Restored backup {backup_id}" in confirmed.stderr


def test_an_unknown_backup_is_an_error_message_not_a_traceback(runner: CliRunner) -> None:
    result = runner.invoke(app, ["restore", "nope", "--yes"])

    assert result.exit_code == 1
    assert "no backup 'nope'" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
