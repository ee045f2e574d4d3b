"""api.nasa.gov (APOD, NeoWs) and images-api.nasa.gov, generated from the samples."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from atrium.integrations.fake.samples import sample

FIRST_APOD = dt.date(1995, 6, 16)
ARCHIVE_GAP = dt.date(1995, 6, 17)  # the sample 404: "No data available for date"
RATE_HEADERS = {"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "999"}


def _gateway_error(request: Request) -> JSONResponse | None:
    key = request.query_params.get("api_key")
    if not key:
        return JSONResponse(sample("nasa_error_403_missing_key"), 403)
    if key == "BAD":
        return JSONResponse(sample("nasa_error_403_invalid_key"), 403)
    return None


def _apod_error(code: int, msg: str) -> JSONResponse:
    return JSONResponse({"code": code, "msg": msg, "service_version": "v1"}, code)


def apod_entry(day: dt.date) -> dict[str, Any]:
    """An entry for ``day``: images on even days, videos on odd ones."""
    entry = sample("nasa_apod_video" if day.toordinal() % 2 else "nasa_apod")
    entry["date"] = day.isoformat()
    entry["title"] = f"{entry['title']} ({day.isoformat()})"
    return entry


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


async def apod(request: Request) -> JSONResponse:
    if denied := _gateway_error(request):
        return denied
    q = request.query_params
    today = dt.datetime.now(dt.UTC).date()
    try:
        day, start, end = _day(q.get("date")), _day(q.get("start_date")), _day(q.get("end_date"))
    except ValueError:
        return _apod_error(400, "time data does not match format '%Y-%m-%d'")
    count = q.get("count")
    if count is not None and (day or start or end):
        return _apod_error(400, "Bad Request: invalid field combination passed.")
    if count is not None:
        n = int(count) if count.isdigit() else 0
        if not 0 < n <= 100:
            return _apod_error(400, "Count must be positive and cannot exceed 100")
        return JSONResponse([apod_entry(today - dt.timedelta(days=i * 37)) for i in range(n)])
    if start:
        end = end or today
        if start > end:
            return JSONResponse(sample("nasa_apod_error_400"), 400)
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        return JSONResponse([apod_entry(d) for d in days], headers=RATE_HEADERS)
    day = day or today
    if not FIRST_APOD <= day <= today:
        return _apod_error(400, f"Date must be between Jun 16, 1995 and {today:%b %d, %Y}.")
    if day == ARCHIVE_GAP:
        return JSONResponse(sample("nasa_apod_error_404"), 404)
    return JSONResponse(apod_entry(day), headers=RATE_HEADERS)


def _neo(template: dict[str, Any], day: dt.date, index: int) -> dict[str, Any]:
    neo = dict(template)
    neo["id"] = neo["neo_reference_id"] = f"{template['id']}{day:%m%d}{index}"
    approach = dict(template["close_approach_data"][0])
    approach["close_approach_date"] = day.isoformat()
    approach["close_approach_date_full"] = f"{day:%Y-%b-%d} 12:00"
    neo["close_approach_data"] = [approach]
    return neo


async def neo_feed(request: Request) -> JSONResponse:
    if denied := _gateway_error(request):
        return denied
    start = dt.date.fromisoformat(request.query_params["start_date"])
    end_text = request.query_params.get("end_date")
    end = dt.date.fromisoformat(end_text) if end_text else start + dt.timedelta(days=7)
    if (end - start).days > 7:
        return JSONResponse(sample("nasa_neo_feed_error_400"), 400)
    feed = sample("nasa_neo_feed")
    templates = [neo for day in feed["near_earth_objects"].values() for neo in day]
    by_day: dict[str, list[dict[str, Any]]] = {}
    for offset in range((end - start).days + 1):
        day = start + dt.timedelta(days=offset)
        picks = [templates[(offset + i) % len(templates)] for i in range(2)]
        by_day[day.isoformat()] = [_neo(t, day, i) for i, t in enumerate(picks)]
    feed["near_earth_objects"] = by_day
    feed["element_count"] = sum(len(day) for day in by_day.values())
    return JSONResponse(feed, headers={"X-Ratelimit-Limit": "2000", "X-Ratelimit-Remaining": "1"})


async def neo_lookup(request: Request) -> JSONResponse:
    if denied := _gateway_error(request):
        return denied
    asteroid_id = request.path_params["asteroid_id"]
    if asteroid_id.startswith("9999"):
        return JSONResponse(
            {"code": 404, "http_error": "NOT_FOUND", "error_message": "Not found"}, 404
        )
    neo = sample("nasa_neo_lookup")
    neo["id"] = neo["neo_reference_id"] = asteroid_id
    return JSONResponse(neo)


async def neo_browse(request: Request) -> JSONResponse:
    if denied := _gateway_error(request):
        return denied
    return JSONResponse(sample("nasa_neo_browse"))


async def images_search(request: Request) -> JSONResponse:
    q = request.query_params
    if not any(q.get(name) for name in ("q", "nasa_id", "keywords", "title", "description")):
        return JSONResponse(
            {"reason": "Expected 'q' text search parameter or other keywords."}, 400
        )
    result = sample("nasa_images_search")
    collection = result["collection"]
    collection["href"] = str(request.url)
    for item in collection["items"]:
        item["data"][0]["title"] = f"{item['data'][0]['title']} [{q.get('q', '')}]"
    page, size = int(q.get("page", "1")), int(q.get("page_size", "100"))
    last = math.ceil(collection["metadata"]["total_hits"] / size)
    if page > last:  # past the end: the totals stay, the page is empty
        collection["items"], collection["links"] = [], []
    return JSONResponse(result)


routes = [
    Route("/nasa/planetary/apod", apod),
    Route("/nasa/neo/rest/v1/feed", neo_feed),
    Route("/nasa/neo/rest/v1/neo/browse", neo_browse),
    Route("/nasa/neo/rest/v1/neo/{asteroid_id}", neo_lookup),
    Route("/nasa_images/search", images_search),
]
