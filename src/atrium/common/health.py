"""The shape every component's health takes, in core and in api alike."""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, Field


class Status(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"
    DOWN = "down"


class ComponentHealth(BaseModel):
    status: Status
    latency_ms: float
    backend: str
    detail: str = ""
    facts: dict[str, Any] | None = Field(
        default=None, description="Figures the component reports, e.g. each queue's depth."
    )


class ComponentStatus(BaseModel):
    status: Status


class StatusReport(BaseModel):
    """What anyone may see: each component's status, no addresses, hosts or reasons."""

    status: Status
    components: dict[str, ComponentStatus]


class HealthReport(BaseModel):
    status: Status
    components: dict[str, ComponentHealth]

    @classmethod
    def of(cls, components: dict[str, ComponentHealth]) -> HealthReport:
        worst = Status.OK
        for component in components.values():
            if component.status == Status.DOWN:
                worst = Status.DOWN
            elif component.status == Status.DEGRADED and worst == Status.OK:
                worst = Status.DEGRADED
        return cls(status=worst, components=components)

    @property
    def http_status(self) -> int:
        """``degraded`` still serves (200); only ``down`` is 503."""
        return 503 if self.status == Status.DOWN else 200

    def statuses(self) -> StatusReport:
        return StatusReport(
            status=self.status,
            components={
                name: ComponentStatus(status=c.status) for name, c in self.components.items()
            },
        )


class Stopwatch:
    def __init__(self) -> None:
        self._start = time.perf_counter()

    @property
    def ms(self) -> float:
        return round((time.perf_counter() - self._start) * 1000, 2)


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    yield Stopwatch()


class Degraded(Exception):
    """Raised by a probe whose component works, but not as it should."""


def _outcome(
    backend: str, watch: Stopwatch, detail: str | None = None, exc: BaseException | None = None
) -> ComponentHealth:
    if exc is None:
        status, text = Status.OK, detail or ""
    elif isinstance(exc, Degraded):
        status, text = Status.DEGRADED, str(exc)
    else:
        status, text = Status.DOWN, describe(exc)
    return ComponentHealth(status=status, latency_ms=watch.ms, backend=backend, detail=text)


Report = dict[str, ComponentHealth]


def checked(backend: str, probe: Callable[[], str | None]) -> ComponentHealth:
    """Run ``probe``: it returns a detail (or None) when healthy and raises when not."""
    with stopwatch() as watch:
        try:
            detail = probe()
        except Exception as exc:  # a failing probe is a report, not a crash
            return _outcome(backend, watch, exc=exc)
    return _outcome(backend, watch, detail)


async def checked_async(
    backend: str, probe: Callable[[], Awaitable[str | None]], limit_s: float
) -> ComponentHealth:
    """The async twin of :func:`checked`, bounded by ``limit_s`` seconds."""
    with stopwatch() as watch:
        try:
            detail = await asyncio.wait_for(probe(), limit_s)
        except TimeoutError:
            return _outcome(backend, watch, exc=TimeoutError(f"no answer within {limit_s:g}s"))
        except Exception as exc:
            return _outcome(backend, watch, exc=exc)
    return _outcome(backend, watch, detail)


def optional(component: ComponentHealth, fallback: str) -> ComponentHealth:
    """A component the service works without: its outage degrades, it does not take down."""
    if component.status != Status.DOWN:
        return component
    detail = f"{component.detail}; {fallback}"
    return component.model_copy(update={"status": Status.DEGRADED, "detail": detail})


# Probes run here, so a report is ready by its deadline even when a probe hangs; a hung
# probe holds one thread until its own timeout ends it.
PROBE_POOL = ThreadPoolExecutor(max_workers=16, thread_name_prefix="health-probe")
T = TypeVar("T")


def run_probe(probe: Callable[..., T], *args: Any) -> Future[T]:
    """``probe`` on the pool, in the caller's context: its request id and trace go along."""
    return PROBE_POOL.submit(contextvars.copy_context().run, probe, *args)


def within(deadline_s: float, probes: Mapping[str, Callable[[], ComponentHealth]]) -> Report:
    """Run ``probes`` at once; any not done after ``deadline_s`` seconds is reported down."""
    with stopwatch() as watch:
        futures = {name: run_probe(probe) for name, probe in probes.items()}
        wait(futures.values(), timeout=deadline_s)
    late = ComponentHealth(
        status=Status.DOWN,
        latency_ms=watch.ms,
        backend="unknown",
        detail=f"no answer within {deadline_s:g}s",
    )
    return {name: f.result() if f.done() else late for name, f in futures.items()}


def describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


BACKEND_NAMES = {
    "postgres": "postgresql",
    "postgresql": "postgresql",
    "pgsql": "postgresql",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "redis": "redis",
    "rediss": "redis",
    "amqp": "amqp",
    "amqps": "amqp",
    "pyamqp": "amqp",
    "sqla": "sqlalchemy",
    "db": "sqlalchemy",
    "filesystem": "filesystem",
    "memory": "memory",
}


def backend_of(url: str) -> str:
    """``postgresql+asyncpg://…`` → ``postgresql``; ``sqla+sqlite:///…`` → ``sqlite``."""
    scheme = urlsplit(url).scheme.lower()
    parts = scheme.split("+")
    if parts[0] in {"sqla", "db"} and len(parts) > 1:
        return BACKEND_NAMES.get(parts[1], parts[1])
    return BACKEND_NAMES.get(parts[0], parts[0])
