"""A cache hit through the whole api stack (token check, per-user limit, cache) vs a bare route.

Every server runs under uvicorn (one worker, on api's event loop: API_EVENT_LOOP) on
loopback and is loaded by wrk with 64 connections in the same run. The baseline is a bare
FastAPI route under the same settings (a bare Starlette one is shown too), and the cache
hit is also shown on the other loop (docs/operations.md, "Serving", says why api does not
use it). The integration route answers from its cache (warmed first), so the upstream is
not in the measurement. More rows split the cost: api's
/healthz (the app, no token), /readyz (the AI store and the cache probed), and
/api/v1/integrations/status (token check and per-user limit, no cache). A last baseline is
FastAPI's own floor for such a route: api's route table and the cache hit's dependency
graph with nothing behind them (:mod:`bench.support.shaped`). Targets: the cache hit at
least 0.6x the bare FastAPI route with a p99 under 5 ms; /healthz and /readyz at least
0.8x.

Two runs of one server on a 2-core machine, wrk beside it, can differ by a tenth of the
baseline or more (/readyz gave 0.57x and 0.74x in two back-to-back runs), so every server
is measured in each of three rounds, one after the other, and each figure is its median
over the rounds: a slow minute then moves every row alike instead of one.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tests.support.auth import JWKSServer, TokenIssuer
from tests.support.processes import run_atrium
from tests.support.services import free_port

from atrium.config import get_settings
from atrium.integrations.fake.app import FakeServer, settings_for
from bench.support.load import measure, uvicorn, wrk_available

API = "atrium.api.main:app"
ROUTE = "/api/v1/integrations/potter/spells"
STATUS = "/api/v1/integrations/status"
CONNECTIONS = 64
SHAPED = "FastAPI alone: api's routes, the hit's deps"
BARE = "bare FastAPI route (baseline)"
ROUNDS = 3


def measure_app(
    target: str,
    path: str,
    env: dict[str, str],
    headers: dict[str, str],
    *,
    logs: Path,
    loop: str | None = None,
) -> dict[str, float]:
    port = free_port()
    return measure(
        uvicorn(target, port, env, logs, loop=loop),
        f"http://127.0.0.1:{port}{path}",
        ready=f"http://127.0.0.1:{port}/",
        headers=headers,
        connections=CONNECTIONS,
    )


def medians(servers: dict[str, Callable[[], dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Each server's figures, the median of :data:`ROUNDS` rounds measuring them all in turn."""
    rounds = [{label: run() for label, run in servers.items()} for _ in range(ROUNDS)]
    return {
        label: {key: statistics.median(one[label][key] for one in rounds) for key in figures}
        for label, figures in rounds[0].items()
    }


def main() -> None:
    console = Console()
    if not wrk_available():
        console.print("[yellow]wrk is not installed (apt-get install wrk): skipped[/yellow]")
        return
    logs = Path(tempfile.mkdtemp(prefix="atrium-bench-"))
    base_env = {"ATRIUM_ENV": "test", "ATRIUM_VAR_DIR": str(logs), "LOG_LEVEL": "WARNING"}
    issuer = TokenIssuer()
    served_loop = get_settings().api_event_loop
    other_loop = "uvloop" if served_loop == "asyncio" else "asyncio"
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
        run_atrium("migrate", env=env)  # /readyz answers 503 until the AI store is at head
        measured = partial(measure_app, logs=logs)
        rows = medians(
            {
                BARE: partial(measured, "bench.support.bare:fastapi_app", "/", base_env, {}),
                "bare Starlette route": partial(
                    measured, "bench.support.bare:app", "/", base_env, {}
                ),
                SHAPED: partial(measured, "bench.support.shaped:app", ROUTE, base_env, headers),
                "api /healthz (no token)": partial(measured, API, "/healthz", env, {}),
                "api /readyz (store and cache probed)": partial(measured, API, "/readyz", env, {}),
                "integrations/status (token, limit)": partial(measured, API, STATUS, env, headers),
                "integrations/potter/spells (cache hit)": partial(
                    measured, API, ROUTE, env, headers
                ),
                f"the cache hit on {other_loop}": partial(
                    measured, API, ROUTE, env, headers, loop=other_loop
                ),
            }
        )
        upstream_calls = len(fake.control.requests("potter"))
    table = Table(
        f"endpoint (uvicorn, {served_loop} loop, {CONNECTIONS} connections, median of {ROUNDS})",
        "req/s",
        "p50 ms",
        "p99 ms",
        "req/s x bare FastAPI",
        "p99 x bare FastAPI",
    )
    bare = rows[BARE]
    for label, row in rows.items():
        table.add_row(
            label,
            f"{row['rps']:.0f}",
            f"{row['p50_ms']:.2f}",
            f"{row['p99_ms']:.2f}",
            f"{row['rps'] / bare['rps']:.2f}",
            f"{row['p99_ms'] / bare['p99_ms']:.2f}",
        )
    console.print(table)
    console.print(f"upstream calls during the run: {upstream_calls} (the cache answered the rest)")
    hit = rows["integrations/potter/spells (cache hit)"]["rps"]
    console.print(f"the cache hit at {hit / rows[SHAPED]['rps']:.2f}x FastAPI's own floor for it")
