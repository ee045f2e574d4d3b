"""`atrium serve api` hands uvicorn the event loop API_EVENT_LOOP names; core's workers
freeze what their import built; servers sharing a var folder keep their metrics apart."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from atrium import cli
from atrium.config import get_settings


def _served(
    monkeypatch: pytest.MonkeyPatch, process: cli.Process, port: int | None = None, **env: str
) -> list[str]:
    """What ``atrium serve process`` would exec, with ``env`` set."""
    argv: list[str] = []
    monkeypatch.setattr(cli, "_exec", lambda *args: argv.extend(args))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        cli.serve(process, port=port, workers=1)
    finally:
        get_settings.cache_clear()
    return argv


def _served_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> list[str]:
    return _served(monkeypatch, cli.Process.api, PROMETHEUS_MULTIPROC_DIR=str(tmp_path), **env)


def test_api_is_served_on_asyncios_loop_unless_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    argv = _served_api(monkeypatch, tmp_path, ATRIUM_ENV="test")
    assert argv[argv.index("--loop") + 1] == "asyncio"
    argv = _served_api(monkeypatch, tmp_path, ATRIUM_ENV="test", API_EVENT_LOOP="uvloop")
    assert argv[argv.index("--loop") + 1] == "uvloop"


def test_a_core_worker_freezes_what_its_import_built(tmp_path: Path) -> None:
    """gunicorn imports atrium.core.wsgi in each worker: the collector skips that from then."""
    probe = "import gc, atrium.core.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "ATRIUM_ENV": "test", "ATRIUM_VAR_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert int(out.strip().splitlines()[-1]) > 100_000


def test_two_cores_on_one_var_folder_keep_their_own_metrics(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # restored to unset at teardown
    folders = []
    for port in (8101, 8102):
        monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")  # each server picks its default
        _served(
            monkeypatch, cli.Process.core, port, ATRIUM_ENV="test", ATRIUM_VAR_DIR=str(tmp_path)
        )
        folders.append(Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]))
        (folders[-1] / "counter_1.db").write_bytes(b"a worker's counts")
    assert folders[0] != folders[1]
    assert all((folder / "counter_1.db").exists() for folder in folders)
