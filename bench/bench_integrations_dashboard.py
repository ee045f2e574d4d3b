"""The dashboard fans out: its latency as a ratio of its slowest module's, not of their sum.

Each upstream of the fake answers after a delay of its own. In the same run every module
is timed alone (the baseline: the slowest of them), then the whole dashboard. Nothing is
cached, so every round asks every upstream.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable

from rich.console import Console
from rich.table import Table
from tests.support.services import free_port

from atrium.config import Settings
from atrium.integrations.dashboard import MODULES, build_dashboard
from atrium.integrations.fake.app import FakeServer, settings_for
from atrium.integrations.fake.faults import Fault, Mode
from atrium.integrations.hub import Hub

DELAYS = {"nasa": 0.30, "dogs": 0.15, "jokeapi": 0.20, "potter": 0.10}
ROUNDS = 5


async def timed(call: Awaitable[object]) -> float:
    started = time.perf_counter()
    await call
    return time.perf_counter() - started


async def run(url: str) -> tuple[dict[str, float], float]:
    values = {k.lower(): v for k, v in settings_for(url).items()}
    # A key of its own: DEMO_KEY's 30 requests an hour would refuse the rounds.
    hub = Hub.build(Settings(**values, nasa_api_key="bench-key"), cache=None)
    try:
        alone = {
            name: statistics.median([await timed(module(hub)) for _ in range(ROUNDS)])
            for name, module in MODULES.items()
        }
        whole = statistics.median(
            [await timed(build_dashboard(hub, list(MODULES), 5.0)) for _ in range(ROUNDS)]
        )
    finally:
        await hub.aclose()
    return alone, whole


def main() -> None:
    with FakeServer(free_port()) as fake:
        for upstream, delay in DELAYS.items():
            fake.control.inject(upstream, Fault(Mode.delay, delay_s=delay))
        alone, whole = asyncio.run(run(fake.url))
    slowest = max(alone.values())
    table = Table("what", "median ms", "x slowest module")
    for name, seconds in sorted(alone.items(), key=lambda item: -item[1]):
        table.add_row(f"module {name} alone", f"{seconds * 1000:.0f}", f"{seconds / slowest:.2f}")
    table.add_row(
        "sum of modules",
        f"{sum(alone.values()) * 1000:.0f}",
        f"{sum(alone.values()) / slowest:.2f}",
    )
    table.add_row("dashboard (fan-out)", f"{whole * 1000:.0f}", f"{whole / slowest:.2f}")
    Console().print(table)
