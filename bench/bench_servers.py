"""Which server should run api? The same app under uvicorn and under granian, in one run.

The baseline is a bare JSON endpoint on uvicorn, on api's event loop (API_EVENT_LOOP);
every figure is printed as a ratio of it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tests.support.processes import Proc
from tests.support.services import free_port

from bench.support.load import measure, uvicorn, wrk_available

BARE_APP = "bench.support.bare:app"
API_APP = "atrium.api.main:app"


def _server(kind: str, target: str, port: int, logs: Path) -> Proc:
    env = {"ATRIUM_ENV": "test", "ATRIUM_VAR_DIR": str(logs), "LOG_LEVEL": "WARNING"}
    if kind == "uvicorn":
        return uvicorn(target, port, env, logs)
    argv = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        target,
    ]
    return Proc(f"granian-{port}", argv, env, logs / f"granian-{port}.log")


def measure_server(kind: str, target: str, path: str, logs: Path) -> dict[str, float]:
    port = free_port()
    return measure(_server(kind, target, port, logs), f"http://127.0.0.1:{port}{path}")


def main() -> None:
    console = Console()
    if not wrk_available():
        console.print("[yellow]wrk is not installed (apt-get install wrk): skipped[/yellow]")
        return
    logs = Path(tempfile.mkdtemp(prefix="atrium-bench-"))
    os.environ.setdefault("ATRIUM_VAR_DIR", str(logs))
    baseline = measure_server("uvicorn", BARE_APP, "/", logs)
    table = Table("server", "app", "req/s", "p50 ms", "x bare uvicorn")
    table.add_row(
        "uvicorn", "bare JSON", f"{baseline['rps']:.0f}", f"{baseline['p50_ms']:.2f}", "1.00"
    )
    kinds = ["granian", "uvicorn"] if importlib.util.find_spec("granian") else ["uvicorn"]
    if "granian" not in kinds:
        console.print(
            "[yellow]granian is not installed (pip install granian): its rows are left out[/yellow]"
        )
    for kind in kinds:
        for label, target, path in (
            ("bare JSON", BARE_APP, "/"),
            ("api /healthz", API_APP, "/healthz"),
        ):
            if kind == "uvicorn" and target == BARE_APP:
                continue
            result = measure_server(kind, target, path, logs)
            table.add_row(
                kind,
                label,
                f"{result['rps']:.0f}",
                f"{result['p50_ms']:.2f}",
                f"{result['rps'] / baseline['rps']:.2f}",
            )
    console.print(table)
