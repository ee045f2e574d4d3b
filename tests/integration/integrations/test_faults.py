"""Every fault the fake upstream can produce, through api's routes and its dashboard.

Each test runs twice: on the in-memory cache and on Redis (the ``cache`` fixture).
"""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from atrium.api import deps
from atrium.config import get_settings
from atrium.integrations import services
from atrium.integrations.errors import BadUpstreamResponse
from atrium.integrations.fake.app import FakeServer
from atrium.integrations.fake.faults import Fault, Mode
from atrium.integrations.hub import Hub
from atrium.integrations.models import ApodSnapshot

pytestmark = pytest.mark.asyncio(loop_scope="session")
BASE = "/api/v1/integrations"
DAY = dt.date(2019, 5, 14)  # never synced by another test: the route asks the upstream


@pytest.fixture(autouse=True)
def _short_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "integrations_dashboard_deadline_s", 1.5)


FAULTS = [Fault(Mode.delay, delay_s=5), *(Fault(mode) for mode in Mode if mode is not Mode.delay)]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.mode.value)
async def test_the_dashboard_answers_200_with_an_error_per_module_whatever_the_fault(
    client: httpx.AsyncClient, fake: FakeServer, fault: Fault
) -> None:
    fake.control.inject("*", fault)
    response = await client.get(f"{BASE}/dashboard")
    assert response.status_code == 200, response.text
    modules = response.json()["modules"]
    checked = {"apod", "neo"}  # the modules whose answers can be checked against the question
    for name, module in modules.items():
        if fault.mode is not Mode.mismatch or name in checked:
            assert module["ok"] is False, (name, module)
        if not module["ok"]:
            assert 400 <= module["error"]["status"] < 600
            assert module["error"]["detail"]
            assert "breaker" not in module["error"]["detail"]


@pytest.mark.parametrize(
    ("path", "mode", "detail"),
    [
        ("/dogs/random", Mode.nested, "response body is nested too deeply"),
        (f"/nasa/apod?date={DAY}", Mode.nested, "nested too deeply"),
        ("/potter/spells", Mode.oversized, "response body is larger than 2097152 bytes"),
        ("/geo/search?q=Tremp", Mode.oversized, "larger than 262144 bytes"),
        ("/dogs/breeds", Mode.redirect, "answered 302 redirecting to https://moved.example/"),
        (f"/nasa/apod?date={DAY}", Mode.mismatch, f"date {DAY + dt.timedelta(1)} when {DAY}"),
        ("/nasa/apod/range?start_date=2019-05-01&end_date=2019-05-03", Mode.mismatch, "date"),
        ("/nasa/neo/feed?start_date=2019-05-01&end_date=2019-05-03", Mode.mismatch, "date"),
        ("/nasa/neo/2000433", Mode.mismatch, "asteroid 20004330 when 2000433 was asked"),
        ("/movies/title?imdb_id=tt1375666", Mode.mismatch, "IMDb id tt0000001"),
        ("/nasa/images/search?q=moon&page=2", Mode.mismatch, "page 3 when 2 was asked"),
    ],
)
async def test_a_body_that_cannot_be_used_is_a_502_and_never_cached(
    client: httpx.AsyncClient, fake: FakeServer, path: str, mode: Mode, detail: str
) -> None:
    fake.control.inject("*", Fault(mode))
    refused = await client.get(BASE + path)
    assert refused.status_code == 502, refused.text
    assert detail in refused.json()["detail"]
    fake.control.clear()
    answered = await client.get(BASE + path)
    assert answered.status_code == 200, answered.text
    assert answered.json()["source"] == "upstream", "the refused answer was not cached"


async def test_the_snapshot_job_stores_nothing_for_an_answer_about_another_day(
    hub: Hub, fake: FakeServer
) -> None:
    fake.control.inject("nasa", Fault(Mode.mismatch))
    async with AsyncSession(deps.get_engine()) as session:
        with pytest.raises(BadUpstreamResponse):
            await services.sync_apod(hub, session, DAY)
        days = (DAY, DAY + dt.timedelta(days=1))
        stored = await session.scalars(select(ApodSnapshot).where(ApodSnapshot.day.in_(days)))
        assert stored.all() == []


async def test_malformed_answers_for_one_day_block_neither_that_route_nor_its_neighbours(
    client: httpx.AsyncClient, fake: FakeServer
) -> None:
    fake.control.inject("nasa", Fault(Mode.malformed))
    for _ in range(8):  # more than the breaker's threshold
        assert (await client.get(f"{BASE}/nasa/apod?date={DAY}")).status_code == 502
    fake.control.clear()
    assert (await client.get(f"{BASE}/nasa/apod?date={DAY}")).status_code == 200
    feed = await client.get(f"{BASE}/nasa/neo/feed?start_date={DAY}&end_date={DAY}")
    assert feed.status_code == 200
    status = (await client.get(f"{BASE}/status")).json()
    assert {s["breaker"] for s in status} == {"closed"}


async def test_a_failing_endpoint_family_opens_its_own_breaker_only(
    client: httpx.AsyncClient, fake: FakeServer
) -> None:
    fake.control.inject("nasa/planetary/apod", Fault(Mode.error))
    assert (await client.get(f"{BASE}/nasa/apod?date={DAY}")).status_code == 502
    refused = await client.get(f"{BASE}/nasa/apod?date={DAY}")  # its 5th failed attempt opens
    assert refused.status_code == 503
    assert 1 <= int(refused.headers["retry-after"]) <= 30
    assert "apod failed repeatedly; next try in" in refused.json()["detail"]
    feed = await client.get(f"{BASE}/nasa/neo/feed?start_date={DAY}&end_date={DAY}")
    assert feed.status_code == 200, "NeoWs shares NASA's host, not APOD's breaker"
    families = {s["family"]: s["breaker"] for s in (await client.get(f"{BASE}/status")).json()}
    assert families["apod"] == "open"
    assert families["neows"] == "closed"


async def test_an_upstream_503_with_retry_after_is_passed_on(
    client: httpx.AsyncClient, fake: FakeServer
) -> None:
    fake.control.inject("dogs", Fault(Mode.unavailable, retry_after=120))
    response = await client.get(f"{BASE}/dogs/breeds")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "120"
    assert "answered 503" in response.json()["detail"]
    assert len(fake.control.requests("dogs")) == 1, "a wait beyond the deadline is not waited"


async def test_an_hourly_quota_without_retry_after_asks_the_caller_to_wait_its_window(
    client: httpx.AsyncClient, fake: FakeServer
) -> None:
    fake.control.inject("nasa", Fault(Mode.quota))
    response = await client.get(f"{BASE}/nasa/apod?date={DAY}")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "3600"
    assert "quota" in response.json()["detail"]
    assert len(fake.control.requests("nasa")) == 1


@pytest.mark.parametrize(
    ("search", "last_page", "listed", "total"),
    [
        ("/movies/search?q=star", 5, "results", "total_results"),
        ("/nasa/images/search?q=moon", 21, "items", "total_hits"),
    ],
)
async def test_a_page_past_the_end_is_empty_and_keeps_the_totals(
    client: httpx.AsyncClient, search: str, last_page: int, listed: str, total: str
) -> None:
    first = (await client.get(f"{BASE}{search}&page=1")).json()["data"]
    past = await client.get(f"{BASE}{search}&page={last_page + 4}")
    assert past.status_code == 200, past.text
    body = past.json()["data"]
    assert body[listed] == []
    assert (body[total], body["pages"], body["page"]) == (first[total], last_page, last_page + 4)
    assert first["pages"] == last_page


async def test_a_not_found_is_remembered_so_a_repeat_does_not_reach_the_upstream(
    client: httpx.AsyncClient, fake: FakeServer
) -> None:
    answers = [await client.get(f"{BASE}/geo/reverse?lat=0&lon=0") for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert answers[2].json()["detail"] == "Unable to geocode"
    assert len(fake.control.requests("nominatim")) == 1
    again = [await client.get(f"{BASE}/movies/search?q=star&page=9") for _ in range(2)]
    assert [a.status_code for a in again] == [200, 200]
    past_the_end = [s for s in fake.control.requests("omdb") if "page=9" in s.query]
    assert len(past_the_end) == 1
