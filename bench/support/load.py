"""Load generation for benchmarks: wrk against loopback, bounded in time and connections."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
from tests.support.processes import Proc, http_ok, wait_until

from atrium.config import get_settings

WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_PERCENTILE = r"^\s+{}%\s+([\d.]+)(us|ms|s)"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(
    url: str,
    *,
    seconds: int = 5,
    connections: int = 32,
    threads: int = 2,
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """Requests per second, median and 99th percentile latency (ms) of ``url`` under wrk."""
    header_args = [arg for k, v in (headers or {}).items() for arg in ("-H", f"{k}: {v}")]
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            # wrk leaves a request slower than its 2 s default out of req/s: on a loaded
            # machine that would drop the slow side of a ratio instead of counting it.
            "--timeout",
            "10s",
            "--latency",
            *header_args,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = WRK_RPS.search(out)
    p50, p99 = (re.search(WRK_PERCENTILE.format(n), out, re.MULTILINE) for n in (50, 99))
    if not rps or not p50 or not p99:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return {
        "rps": float(rps.group(1)),
        "p50_ms": float(p50.group(1)) * UNITS[p50.group(2)],
        "p99_ms": float(p99.group(1)) * UNITS[p99.group(2)],
    }


def uvicorn(
    target: str, port: int, env: dict[str, str], logs: Path, loop: str | None = None
) -> Proc:
    """An ASGI app under uvicorn on loopback, quiet, on the event loop ``atrium serve api``
    uses (API_EVENT_LOOP) unless ``loop`` names another."""
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--loop",
        loop or get_settings().api_event_loop,
    ]
    return Proc(f"uvicorn-{port}", argv, env, logs / f"uvicorn-{port}.log")


def measure(
    proc: Proc,
    url: str,
    *,
    ready: str | None = None,
    headers: dict[str, str] | None = None,
    connections: int = 32,
) -> dict[str, float]:
    """Start ``proc``, wait for ``ready`` (default ``url``), warm up, load ``url``, stop."""
    proc.start()
    try:
        wait_until(http_ok(ready or url), 30, proc.name, [proc])
        httpx.get(url, headers=headers, timeout=10).raise_for_status()
        wrk(url, seconds=1, headers=headers, connections=connections)
        return wrk(url, seconds=5, headers=headers, connections=connections)
    finally:
        proc.stop()
