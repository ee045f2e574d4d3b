"""`atrium dev` (what `make dev` runs): health is 200 from its first answer, and it starts
again after every one of its processes was killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.processes import Proc, atrium
from tests.support.services import free_port

REPO = Path(__file__).resolve().parents[2]


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (honcho gives each child a session of its own)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Dev:
    def __init__(self, var_dir: Path) -> None:
        core, api, gateway = free_port(), free_port(), free_port()
        self.health_url = f"http://127.0.0.1:{core}/api/v1/health/"
        self.env = {
            "ATRIUM_ENV": "dev",
            "ATRIUM_VAR_DIR": str(var_dir),
            "CORE_PORT": str(core),
            "API_PORT": str(api),
            "GATEWAY_PORT": str(gateway),
            "CORE_URL": f"http://127.0.0.1:{core}",
            "API_URL": f"http://127.0.0.1:{api}",
            "WEB_CONCURRENCY": "2",
        }
        # The Procfile less the dashboard: its tests are the browser tests'.
        self.procfile = var_dir / "Procfile"
        lines = (REPO / "Procfile").read_text().splitlines()
        self.procfile.write_text("\n".join(x for x in lines if not x.startswith("web:")) + "\n")
        self.logs = var_dir / "logs"
        self.proc: Proc | None = None

    def start(self) -> Dev:
        args = ("dev", "--procfile", str(self.procfile))
        self.proc = atrium("dev", *args, env=self.env, logs=self.logs).start()
        return self

    def answers_until_healthy(self, timeout: float) -> list[int]:
        """Every health status code from the first answer on, until 10 s of 200s."""
        assert self.proc is not None
        codes: list[int] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and codes.count(200) < 30:
            assert self.proc.alive(), self.proc.tail(80)
            with contextlib.suppress(httpx.TransportError):  # not listening yet
                codes.append(httpx.get(self.health_url, timeout=10).status_code)
            time.sleep(0.3)
        return codes

    def kill_everything(self) -> None:
        assert self.proc is not None
        assert self.proc.process is not None
        pids = [self.proc.process.pid, *_descendants(self.proc.process.pid)]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.process.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.alive():
            self.kill_everything()


@pytest.fixture
def dev(tmp_path: Path) -> Iterator[Dev]:
    running = Dev(tmp_path)
    yield running
    running.stop()


@pytest.mark.timeout(1200)
def test_health_is_200_from_the_first_answer_and_after_a_sigkill_restart(dev: Dev) -> None:
    first = dev.start().answers_until_healthy(420)
    assert first.count(200) == 30, dev.proc.tail(80) if dev.proc else first
    assert set(first) == {200}, first
    dev.kill_everything()
    again = dev.start().answers_until_healthy(420)
    assert again.count(200) == 30, dev.proc.tail(80) if dev.proc else again
    assert set(again) == {200}, again
