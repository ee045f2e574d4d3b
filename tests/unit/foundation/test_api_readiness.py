"""api's /readyz: probes arriving together share one check; a later probe checks again."""

import asyncio

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.api.main import create_app
from atrium.api.routes import health
from atrium.common.health import ComponentHealth, HealthReport, Status


async def test_probes_in_flight_together_share_one_check(monkeypatch: pytest.MonkeyPatch) -> None:
    checks = 0

    async def slow_check(_: AsyncEngine) -> HealthReport:
        nonlocal checks
        checks += 1
        await asyncio.sleep(0.2)
        return HealthReport.of(
            {"ai_store": ComponentHealth(status=Status.OK, latency_ms=1, backend="sqlite")}
        )

    monkeypatch.setattr(health, "readiness_of", slow_check)
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        together = await asyncio.gather(*(client.get("/readyz") for _ in range(10)))
        assert [r.status_code for r in together] == [200] * 10
        assert checks == 1
        assert (await client.get("/readyz")).json()["status"] == "ok"
    assert checks == 2
