"""The image's health check knows each process by the command line the CLI really execs."""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from atrium import cli
from atrium.config import get_settings
from tests.support.services import free_port
from tests.unit.deploy.tools import DEPLOY


class Exec(Exception):
    def __init__(self, argv: list[str]) -> None:
        self.argv = argv


@pytest.fixture(scope="module")
def healthcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("healthcheck", DEPLOY / "healthcheck.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def metrics_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``atrium serve`` and ``atrium worker`` set and empty the metrics folder before they exec:
    here a test's own, unset afterwards, so later tests' ``/metrics`` read their own process."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))


def execed(monkeypatch: pytest.MonkeyPatch, command: Any, *args: Any) -> list[str]:
    """What PID 1's command line is after ``command`` replaced the process."""

    def capture(_: str, argv: list[str]) -> None:
        raise Exec(argv)

    monkeypatch.setattr(os, "execv", capture)
    with pytest.raises(Exec) as done:
        command(*args)
    return done.value.argv


def test_core_is_checked_on_healthz(
    healthcheck: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = execed(monkeypatch, cli.serve, cli.Process.core, 8123, None)
    assert healthcheck.probe_for(argv) == ("127.0.0.1", 8123, "/healthz")


def test_api_is_checked_on_healthz(
    healthcheck: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = execed(monkeypatch, cli.serve, cli.Process.api, None, None)
    assert healthcheck.probe_for(argv) == ("127.0.0.1", get_settings().api_port, "/healthz")


def test_a_worker_is_pinged_by_its_node_name(
    healthcheck: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = execed(monkeypatch, cli.worker, "ai", 1)
    command = healthcheck.probe_for(argv)
    assert command[:5] == ["celery", "-A", "atrium.tasks", "inspect", "ping"]
    assert command[command.index("-d") + 1] == f"celery@{socket.gethostname()}"


def test_beat_is_alive_while_it_runs(
    healthcheck: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = execed(monkeypatch, cli.beat)
    assert healthcheck.probe_for(argv) is None
    assert healthcheck.check(None)


def test_a_closed_port_is_unhealthy_and_an_open_one_healthy(healthcheck: ModuleType) -> None:
    port = free_port()
    with pytest.raises(ConnectionRefusedError):
        healthcheck.check(("127.0.0.1", port, None))
    with socket.create_server(("127.0.0.1", port)):
        assert healthcheck.check(("127.0.0.1", port, None))


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 503)
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


def test_an_http_check_wants_a_200(healthcheck: ModuleType) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        assert healthcheck.check(("127.0.0.1", port, "/healthz"))
        with pytest.raises(urllib.error.HTTPError, match="503"):
            healthcheck.check(("127.0.0.1", port, "/readyz"))
    finally:
        server.shutdown()
        server.server_close()
