"""`atrium serve api` hands uvicorn the event loop API_EVENT_LOOP names."""

from __future__ import annotations

from pathlib import Path

import pytest

from atrium import cli
from atrium.config import get_settings


def _served_api(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> list[str]:
    argv: list[str] = []
    monkeypatch.setattr(cli, "_exec", lambda *args: argv.extend(args))
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        cli.serve(cli.Process.api, port=None, workers=1)
    finally:
        get_settings.cache_clear()
    return argv


def test_api_is_served_on_asyncios_loop_unless_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    argv = _served_api(monkeypatch, tmp_path, ATRIUM_ENV="test")
    assert argv[argv.index("--loop") + 1] == "asyncio"
    argv = _served_api(monkeypatch, tmp_path, ATRIUM_ENV="test", API_EVENT_LOOP="uvloop")
    assert argv[argv.index("--loop") + 1] == "uvloop"
