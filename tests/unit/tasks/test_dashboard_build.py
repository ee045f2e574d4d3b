"""`atrium web` serves the dashboard's production build, rebuilt only when its sources changed."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from atrium import cli


def _frontend(tmp_path: Path) -> Path:
    (tmp_path / "src" / "app").mkdir(parents=True)
    (tmp_path / "src" / "app" / "page.tsx").write_text("export default function Page() {}")
    (tmp_path / "package.json").write_text("{}")
    return tmp_path


def _built_at(frontend: Path, mtime: float) -> None:
    (frontend / ".next").mkdir(exist_ok=True)
    build_id = frontend / ".next" / "BUILD_ID"
    build_id.write_text("abc")
    os.utime(build_id, (mtime, mtime))


def test_no_build_is_stale(tmp_path: Path) -> None:
    assert cli.dashboard_build_is_stale(_frontend(tmp_path))


def test_a_build_newer_than_its_sources_is_served_as_it_is(tmp_path: Path) -> None:
    frontend = _frontend(tmp_path)
    _built_at(frontend, (frontend / "package.json").stat().st_mtime + 60)
    assert not cli.dashboard_build_is_stale(frontend)


def test_a_source_edited_after_the_build_makes_it_stale(tmp_path: Path) -> None:
    frontend = _frontend(tmp_path)
    page = frontend / "src" / "app" / "page.tsx"
    _built_at(frontend, page.stat().st_mtime - 60)
    assert cli.dashboard_build_is_stale(frontend)


def test_hot_reload_is_one_flag_away() -> None:
    said = CliRunner().invoke(cli.app, ["web", "--help"]).output
    assert "--hot" in said
    assert "--hot" in CliRunner().invoke(cli.app, ["dev", "--help"]).output
