"""A cache hit through the whole api stack (token check, per-user limit, cache) vs bare JSON.

Every server runs under uvicorn on loopback and is loaded by wrk in the same run; the
integration route answers from its cache (warmed first), so the upstream is not in the
measurement. Two more rows split the cost: api's /healthz (the app, no token) and
/api/v1/integrations/status (token check and per-user limit, no cache).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table
from tests.support.auth import JWKSServer, TokenIssuer
from tests.support.processes import Proc, http_ok, wait_until
from tests.support.services import free_port

from atrium.integrations.fake.app import FakeServer, settings_for
from bench.support.load import UNITS, WRK_LATENCY, WRK_RPS, wrk_available

API = "atrium.api.main:app"
ROUTE = "/api/v1/integrations/potter/spells"
STATUS = "/api/v1/integrations/status"


def uvicorn(target: str, port: int, env: dict[str, str], logs: Path) -> Proc:
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
    ]
    return Proc(f"uvicorn-{port}", argv, env, logs / f"uvicorn-{port}.log")


def load(url: str, headers: dict[str, str], seconds: int = 5) -> dict[str, float]:
    flags = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", *flags, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps, p50 = WRK_RPS.search(out), WRK_LATENCY.search(out)
    if not rps or not p50:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return {"rps": float(rps.group(1)), "p50_ms": float(p50.group(1)) * UNITS[p50.group(2)]}


def measure(
    target: str, path: str, env: dict[str, str], headers: dict[str, str], logs: Path
) -> dict[str, float]:
    port = free_port()
    proc = uvicorn(target, port, env, logs).start()
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_until(http_ok(f"http://127.0.0.1:{port}/"), 30, target, [proc])
        first = httpx.get(url, headers=headers, timeout=10)
        first.raise_for_status()
        load(url, headers, seconds=1)  # warm up
        return load(url, headers)
    finally:
        proc.stop()


def main() -> None:
    console = Console()
    if not wrk_available():
        console.print("[yellow]wrk is not installed (apt-get install wrk): skipped[/yellow]")
        return
    logs = Path(tempfile.mkdtemp(prefix="atrium-bench-"))
    base_env = {"ATRIUM_ENV": "test", "ATRIUM_VAR_DIR": str(logs), "LOG_LEVEL": "WARNING"}
    issuer = TokenIssuer()
    with FakeServer(free_port()) as fake, JWKSServer(issuer) as jwks:
        env = (
            base_env
            | settings_for(fake.url)
            | {
                "CORE_URL": jwks.url,
                "INTEGRATIONS_USER_REQUESTS_PER_MINUTE": "100000000",
            }
        )
        headers = {"Authorization": f"Bearer {issuer.token_for(1, 1, 'member')}"}
        bare = measure("bench.support.bare:app", "/", base_env, {}, logs)
        rows = {
            "api /healthz (no token)": measure(API, "/healthz", env, {}, logs),
            "integrations/status (token, limit)": measure(API, STATUS, env, headers, logs),
            "integrations/potter/spells (cache hit)": measure(API, ROUTE, env, headers, logs),
        }
        upstream_calls = len(fake.control.requests("potter"))
    table = Table("endpoint", "req/s", "p50 ms", "req/s x bare", "p50 x bare")
    table.add_row(
        "bare uvicorn JSON", f"{bare['rps']:.0f}", f"{bare['p50_ms']:.2f}", "1.00", "1.00"
    )
    for label, row in rows.items():
        table.add_row(
            label,
            f"{row['rps']:.0f}",
            f"{row['p50_ms']:.2f}",
            f"{row['rps'] / bare['rps']:.2f}",
            f"{row['p50_ms'] / bare['p50_ms']:.2f}",
        )
    console.print(table)
    console.print(f"upstream calls during the run: {upstream_calls} (the cache answered the rest)")
