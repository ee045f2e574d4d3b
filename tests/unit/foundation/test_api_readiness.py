"""api's /readyz: probes arriving together share one check; a later probe checks again."""

import asyncio
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.api.main import create_app
from atrium.api.routes import health
from atrium.common.health import ComponentHealth, HealthReport, Status
from atrium.store.db import build_engine
from atrium.store.migrate import upgrade


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


async def test_a_store_is_remembered_at_head_only_once_it_reached_head(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ai.db'}"
    engine = build_engine(url)
    try:
        with pytest.raises(RuntimeError, match="run `atrium migrate`"):
            await health.probe_ai_store(engine)
        assert engine not in health.stores_at_head
        await asyncio.to_thread(upgrade, url)
        assert (await health.probe_ai_store(engine)).startswith("schema at ")
        assert engine in health.stores_at_head
    finally:
        await engine.dispose()
