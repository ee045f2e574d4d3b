"""The routes under /api/v1/integrations/, in-process, against the fake upstream on loopback."""

from __future__ import annotations

import datetime as dt
import re
import time

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from atrium.api import deps
from atrium.config import get_settings
from atrium.integrations import services
from atrium.integrations.fake.app import FakeServer
from atrium.integrations.fake.faults import Fault, Mode
from atrium.integrations.hub import Hub
from atrium.integrations.models import ApodSnapshot
from tests.support.auth import TokenIssuer

pytestmark = pytest.mark.asyncio(loop_scope="session")
BASE = "/api/v1/integrations"


async def test_every_route_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{BASE}/dogs/breeds", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.json()["detail"]


async def test_a_second_request_is_served_from_the_cache(
    client: httpx.AsyncClient, fake: FakeServer
) -> None:
    first = await client.get(f"{BASE}/potter/spells")
    second = await client.get(f"{BASE}/potter/spells")
    assert first.status_code == second.status_code == 200
    assert first.json()["source"] == "upstream"
    assert second.json()["source"] == "cache"
    assert second.json()["data"] == first.json()["data"]
    assert len(fake.control.requests("potter")) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/nasa/apod?date=yesterday",
        "/nasa/apod?date=1990-01-01",
        "/nasa/apod/random?count=0",
        "/nasa/apod/range?start_date=2021-11-08&end_date=2021-11-01",
        "/nasa/neo/feed?start_date=2021-01-01&end_date=2021-03-01",
        "/nasa/neo/12ab",
        "/movies/title?imdb_id=tt1375666&title=Inception",
        "/movies/title",
        "/potter/characters?house=durmstrang",
        "/dogs/random?count=51",
        "/dogs/random?sub_breed=afghan",
        "/jokes/random?category=Gross",
        "/geo/search?q=x",
        "/geo/reverse?lat=91&lon=0",
        "/dashboard?modules=weather",
    ],
)
async def test_bad_input_is_422_with_details(
    client: httpx.AsyncClient, fake: FakeServer, path: str
) -> None:
    response = await client.get(BASE + path)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert fake.control.seen == [], "bad input never reaches an upstream"


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        (Fault(Mode.error), 502),
        (Fault(Mode.malformed), 502),
        (Fault(Mode.rate_limit, retry_after=30), 503),
    ],
    ids=["error", "malformed", "rate_limit"],
)
async def test_upstream_failures_are_json_with_their_status(
    client: httpx.AsyncClient, fake: FakeServer, fault: Fault, status: int
) -> None:
    fake.control.inject("dogs", fault)
    response = await client.get(f"{BASE}/dogs/random")
    assert response.status_code == status
    body = response.json()
    assert body["upstream"] == "dogs"
    assert body["detail"]
    if status == 503:
        assert response.headers["retry-after"] == "30"


async def test_an_upstream_not_found_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{BASE}/dogs/random?breed=notabreed")
    assert response.status_code == 404
    assert "Breed not found" in response.json()["detail"]


async def test_each_user_has_a_rate_limit(
    client: httpx.AsyncClient,
    issuer: TokenIssuer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "integrations_user_requests_per_minute", 3)
    for _ in range(3):
        assert (await client.get(f"{BASE}/potter/spells")).status_code == 200
    refused = await client.get(f"{BASE}/potter/spells")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 20
    other = issuer.header(user_id=2, org_id=1, role="member")
    assert (await client.get(f"{BASE}/potter/spells", headers=other)).status_code == 200


async def test_past_days_are_served_from_snapshots_without_the_upstream(
    client: httpx.AsyncClient, hub: Hub, fake: FakeServer
) -> None:
    day = dt.date(2021, 11, 7)
    async with AsyncSession(deps.get_engine()) as session:
        await services.sync_apod(hub, session, day)
        await services.sync_apod(hub, session, day)
        await services.sync_neo(hub, session, day, day + dt.timedelta(days=2))
        rows = await session.scalar(
            select(func.count()).select_from(ApodSnapshot).where(ApodSnapshot.day == day)
        )
    assert rows == 1, "syncing a day twice keeps one snapshot"
    fake.control.clear()
    fake.control.inject("nasa", Fault(Mode.error))
    apod = await client.get(f"{BASE}/nasa/apod?date={day}")
    feed = await client.get(f"{BASE}/nasa/neo/feed?start_date={day}&end_date=2021-11-09")
    assert apod.status_code == 200
    assert apod.json()["source"] == "snapshot"
    assert apod.json()["data"]["date"] == day.isoformat()
    assert feed.status_code == 200
    assert feed.json()["source"] == "snapshot"
    assert feed.json()["data"]["summary"]["count"] == 6
    assert fake.control.requests("nasa") == []


async def test_the_dashboard_reports_each_module_within_the_deadline(
    client: httpx.AsyncClient, fake: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "integrations_dashboard_deadline_s", 1.0)
    fake.control.inject("dogs", Fault(Mode.delay, delay_s=5))
    fake.control.inject("jokeapi", Fault(Mode.error))
    started = time.perf_counter()
    response = await client.get(f"{BASE}/dashboard")
    took = time.perf_counter() - started
    assert response.status_code == 200
    modules = response.json()["modules"]
    assert took < 1.6
    assert modules["dog"]["ok"] is False
    assert modules["dog"]["error"]["status"] == 504
    assert modules["joke"]["ok"] is False
    assert modules["joke"]["error"]["status"] == 502
    for name in ("apod", "neo", "spells"):
        assert modules[name]["ok"] is True, modules[name]
        assert modules[name]["data"]


async def test_status_and_metrics_show_every_upstream(
    client: httpx.AsyncClient, fake: FakeServer
) -> None:
    await client.get(f"{BASE}/potter/spells")
    status = (await client.get(f"{BASE}/status")).json()
    assert {s["name"] for s in status} >= {"nasa", "omdb", "nominatim", "dogs"}
    assert all(s["breaker"] == "closed" for s in status)
    metrics = (await client.get("/metrics")).text
    assert 'atrium_upstream_request_seconds_count{upstream="potter"}' in metrics
    assert 'atrium_upstream_cache_total{result="miss",upstream="potter"}' in metrics
    breaker = r'atrium_upstream_breaker_state\{family="\w+",upstream="potter"\} 0\.0'
    assert re.search(breaker, metrics)
