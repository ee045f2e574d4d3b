"""`atrium dev` runs every Procfile process that can start here, and says what it left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from atrium import cli

PROCFILE = """\
core: atrium serve core
api: atrium serve api
worker: atrium worker
web: atrium web
"""


@pytest.fixture
def procfile(tmp_path: Path) -> Path:
    path = tmp_path / "Procfile"
    path.write_text(PROCFILE)
    return path


def test_without_npm_everything_but_the_dashboard_runs(
    procfile: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli.shutil, "which", lambda name: None)
    assert cli.startable(procfile) == ["core", "api", "worker"]
    said = capsys.readouterr().err
    assert said.count("npm not found") == 1
    assert "atrium web" in said


def test_with_npm_every_process_runs(procfile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert cli.startable(procfile) == ["core", "api", "worker", "web"]
