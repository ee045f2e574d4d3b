"""The shape every component's health takes, in core and in api alike."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel


class Status(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"
    DOWN = "down"


class ComponentHealth(BaseModel):
    status: Status
    latency_ms: float
    backend: str
    detail: str = ""


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
        return 200 if self.status == Status.OK else 503


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
