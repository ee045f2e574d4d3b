import time

import pytest

from atrium.common.health import (
    ComponentHealth,
    Degraded,
    HealthReport,
    Status,
    backend_of,
    checked,
    checked_async,
    optional,
    within,
)


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("postgresql://u@h/db", "postgresql"),
        ("postgres://u@h/db", "postgresql"),
        ("postgresql+asyncpg://u@h/db", "postgresql"),
        ("mysql://root@h/db", "mysql"),
        ("sqlite:///var/core.sqlite3", "sqlite"),
        ("sqla+sqlite:///var/broker.sqlite3", "sqlite"),
        ("db+sqlite:///var/results.sqlite3", "sqlite"),
        ("amqp://guest:guest@h:5672//", "amqp"),
        ("redis://h:6379/0", "redis"),
    ],
)
def test_backend_names_come_from_the_url(url: str, backend: str) -> None:
    assert backend_of(url) == backend


def component(status: Status) -> ComponentHealth:
    return ComponentHealth(status=status, latency_ms=1.0, backend="x")


def test_the_report_is_as_bad_as_its_worst_component() -> None:
    ok = HealthReport.of({"a": component(Status.OK), "b": component(Status.OK)})
    degraded = HealthReport.of({"a": component(Status.OK), "b": component(Status.DEGRADED)})
    down = HealthReport.of({"a": component(Status.DOWN), "b": component(Status.DEGRADED)})
    assert (ok.status, ok.http_status) == (Status.OK, 200)
    assert (degraded.status, degraded.http_status) == (Status.DEGRADED, 200)
    assert (down.status, down.http_status) == (Status.DOWN, 503)


def test_a_probe_that_raises_is_reported_down_with_the_reason() -> None:
    def probe() -> None:
        raise ConnectionRefusedError("connection refused")

    result = checked("postgresql", probe)
    assert result.status == Status.DOWN
    assert result.detail == "ConnectionRefusedError: connection refused"
    assert result.backend == "postgresql"


def test_a_degraded_probe_keeps_its_detail() -> None:
    def probe() -> None:
        raise Degraded("schema behind")

    assert checked("sqlite", probe).model_dump(exclude={"latency_ms", "facts"}) == {
        "status": Status.DEGRADED,
        "backend": "sqlite",
        "detail": "schema behind",
    }


async def test_a_slow_async_probe_is_cut_off_at_its_limit() -> None:
    import asyncio

    async def probe() -> str:
        await asyncio.sleep(5)
        return "late"

    result = await checked_async("redis", probe, limit_s=0.05)
    assert result.status == Status.DOWN
    assert "no answer within 0.05s" in result.detail
    assert result.latency_ms < 1000


def test_probes_run_at_once_and_a_hung_one_is_down_at_the_deadline() -> None:
    def slow() -> ComponentHealth:
        time.sleep(0.3)
        return component(Status.OK)

    def hung() -> ComponentHealth:
        time.sleep(3)
        return component(Status.OK)

    started = time.monotonic()
    report = within(0.6, {"a": slow, "b": slow, "c": hung})
    assert time.monotonic() - started < 1.0
    assert (report["a"].status, report["b"].status) == (Status.OK, Status.OK)
    assert report["c"].status == Status.DOWN
    assert report["c"].detail == "no answer within 0.6s"


def test_an_optional_component_that_is_down_only_degrades() -> None:
    down = ComponentHealth(status=Status.DOWN, latency_ms=1, backend="redis", detail="refused")
    degraded = optional(down, "serving without it")
    assert degraded.status == Status.DEGRADED
    assert degraded.detail == "refused; serving without it"
    assert optional(component(Status.OK), "unused").status == Status.OK


def test_anyone_sees_statuses_only() -> None:
    report = HealthReport.of(
        {"broker": ComponentHealth(status=Status.DOWN, latency_ms=1, backend="amqp", detail="x")}
    )
    assert report.statuses().model_dump(mode="json") == {
        "status": "down",
        "components": {"broker": {"status": "down"}},
    }
