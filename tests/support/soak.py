"""Mixed HTTP traffic on a fixed number of connections, bounded by time and by count.

Each connection's worker asks ``plan(worker, n)`` for its n-th call, sends it, and records
its latency; an answer whose status the call does not expect, or a transport error, is a
failure (a 429 too: limits are configured out of the way, not counted as ok).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Call:
    kind: str
    method: str
    path: str
    headers: Mapping[str, str]
    json: Any = None
    expected: frozenset[int] = frozenset({200})


Plan = Callable[[int, int], Call]


@dataclass
class Outcome:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(values) for values in self.latencies_ms.values())

    def report(self) -> str:
        """Requests, p50, p99 and max latency per kind of call and overall."""
        rows = [f"{'call':<12} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"]
        every = [value for values in self.latencies_ms.values() for value in values]
        for kind, values in [*sorted(self.latencies_ms.items()), ("all", every)]:
            rows.append(
                f"{kind:<12} {len(values):>9} {percentile(values, 0.5):>8.1f} "
                f"{percentile(values, 0.99):>8.1f} {max(values, default=0):>8.1f}"
            )
        rate = self.count / self.seconds if self.seconds else 0.0
        rows.append(
            f"{self.count} requests in {self.seconds:.1f} s ({rate:.0f}/s), "
            f"{len(self.failures)} failed"
        )
        return "\n".join(rows)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


async def _worker(
    client: httpx.AsyncClient, plan: Plan, worker: int, deadline: float, limit: int, out: Outcome
) -> None:
    for n in range(limit):
        if time.monotonic() >= deadline:
            return
        call = plan(worker, n)
        started = time.perf_counter()
        try:
            response = await client.request(
                call.method, call.path, headers=dict(call.headers), json=call.json
            )
        except httpx.HTTPError as exc:
            out.failures.append(f"{call.kind} {call.method} {call.path}: {exc!r}")
            continue
        out.latencies_ms[call.kind].append((time.perf_counter() - started) * 1000)
        if response.status_code not in call.expected:
            detail = response.text[:200]
            out.failures.append(
                f"{call.kind} {call.method} {call.path}: {response.status_code} {detail}"
            )


async def run_load(
    base_url: str, plan: Plan, *, connections: int, seconds: float, max_requests: int
) -> Outcome:
    """``connections`` workers, each on its own keep-alive connection, until ``seconds``
    have passed or ``max_requests`` were sent in all."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    out = Outcome()
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        await asyncio.gather(
            *(
                _worker(client, plan, worker, started + seconds, max_requests // connections, out)
                for worker in range(connections)
            )
        )
    out.seconds = time.monotonic() - started
    return out
