"""OMDb, HP-API, Dog CEO, both joke APIs and Nominatim, generated from the samples."""

from __future__ import annotations

import math
import random
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from atrium.integrations.fake.samples import sample

STOCK_AGENTS = ("python-httpx", "python-requests", "curl", "Wget")


async def omdb(request: Request) -> JSONResponse:
    q = request.query_params
    if not q.get("apikey"):
        return JSONResponse(sample("omdb_error_no_key"), 401)
    if q["apikey"] == "BAD":
        return JSONResponse(sample("omdb_error_invalid_key"), 401)
    if search := q.get("s"):
        if len(search) < 3:
            return JSONResponse({"Response": "False", "Error": "Too many results."})
        result = sample("omdb_search")
        page = int(q.get("page", "1"))
        past_the_end = page > math.ceil(int(result["totalResults"]) / 10)
        if "nothing" in search.lower() or past_the_end:
            return JSONResponse({"Response": "False", "Error": "Movie not found!"})
        for hit in result["Search"]:
            hit["Title"] = f"{hit['Title']} (page {q.get('page', '1')})"
        return JSONResponse(result)
    title = sample("omdb_title")
    if imdb_id := q.get("i"):
        if imdb_id != title["imdbID"]:
            return JSONResponse({"Response": "False", "Error": "Incorrect IMDb ID."})
    elif (q.get("t") or "").lower() != title["Title"].lower():
        return JSONResponse({"Response": "False", "Error": "Movie not found!"})
    return JSONResponse(title)


async def hp_characters(request: Request) -> JSONResponse:
    characters = sample("hp_characters")
    house = request.path_params.get("house")
    if house is not None:
        characters = [c for c in characters if c["house"].lower() == house.lower()]
    return JSONResponse(characters)


async def hp_spells(_: Request) -> JSONResponse:
    return JSONResponse(sample("hp_spells"))


async def dog_breeds(_: Request) -> JSONResponse:
    return JSONResponse(sample("dog_breeds"))


async def dog_random(request: Request) -> JSONResponse:
    breeds: dict[str, list[str]] = sample("dog_breeds")["message"]
    breed = request.path_params.get("breed")
    sub = request.path_params.get("sub")
    if breed is not None and (breed not in breeds or (sub and sub not in breeds[breed])):
        error = sample("dog_error_404")
        if breed in breeds:
            error["message"] = "Breed not found (sub breed does not exist)"
        return JSONResponse(error, 404)
    count = request.path_params.get("count")
    n = min(int(count), 50) if count is not None else None
    urls = [_dog_url(breeds, breed, sub) for _ in range(n or 1)]
    return JSONResponse({"message": urls if n is not None else urls[0], "status": "success"})


def _dog_url(breeds: dict[str, list[str]], breed: str | None, sub: str | None) -> str:
    breed = breed or random.choice(sorted(breeds))  # noqa: S311  (not for security)
    sub = sub or (random.choice(breeds[breed]) if breeds[breed] else None)  # noqa: S311
    folder = f"{breed}-{sub}" if sub else breed
    return f"https://images.dog.ceo/breeds/{folder}/n0{random.randint(1000000, 9999999)}.jpg"  # noqa: S311


async def official_joke(_: Request) -> JSONResponse:
    return JSONResponse(random.choice(sample("joke_official_ten")))  # noqa: S311


async def official_ten(_: Request) -> JSONResponse:
    return JSONResponse(sample("joke_official_ten"))


async def jokeapi(request: Request) -> JSONResponse:
    q = request.query_params
    jokes: list[dict[str, Any]] = sample("jokeapi_multi")["jokes"]
    jokes += [sample("jokeapi_single"), sample("jokeapi_twopart")]
    for joke in jokes:
        joke.pop("error", None)
    categories = {c.lower() for c in request.path_params["categories"].split(",")}
    if "any" not in categories:
        jokes = [j for j in jokes if j["category"].lower() in categories]
    if kind := q.get("type"):
        jokes = [j for j in jokes if j["type"] == kind]
    if "safe-mode" in q:
        jokes = [j for j in jokes if j["safe"]]
    if not jokes:
        return JSONResponse(
            {
                "error": True,
                "internalError": False,
                "code": 106,
                "message": "No matching joke found",
                "causedBy": ["No jokes matched"],
                "timestamp": 1700000000000,
            }
        )
    amount = max(1, min(int(q.get("amount", "1")), 10))
    if amount == 1:
        return JSONResponse({"error": False, **jokes[0]})
    picked = (jokes * amount)[:amount]
    return JSONResponse({"error": False, "amount": len(picked), "jokes": picked})


def _policy_error(request: Request) -> JSONResponse | None:
    agent = request.headers.get("user-agent", "")
    if not agent or agent.startswith(STOCK_AGENTS):
        return JSONResponse(
            {"error": {"code": 403, "message": "Access blocked: identify your application"}}, 403
        )
    if request.query_params.get("format") != "jsonv2":
        return JSONResponse(
            {"error": {"code": 400, "message": "Parameter 'format' must be jsonv2."}}, 400
        )
    return None


async def nominatim_search(request: Request) -> JSONResponse:
    if denied := _policy_error(request):
        return denied
    query = request.query_params.get("q", "")
    if "nowhere" in query.lower():
        return JSONResponse([])
    places = sample("nominatim_search")
    for place in places:
        place["display_name"] = f"{place['display_name']} [{query}]"
    return JSONResponse(places)


async def nominatim_reverse(request: Request) -> JSONResponse:
    if denied := _policy_error(request):
        return denied
    try:
        lat = float(request.query_params["lat"])
        float(request.query_params["lon"])
    except (KeyError, ValueError):
        return JSONResponse(sample("nominatim_error_400"), 400)
    if lat == 0:
        return JSONResponse({"error": "Unable to geocode"})
    return JSONResponse(sample("nominatim_reverse"))


routes = [
    Route("/omdb/", omdb),
    Route("/potter/api/characters", hp_characters),
    Route("/potter/api/characters/house/{house}", hp_characters),
    Route("/potter/api/spells", hp_spells),
    Route("/dogs/breeds/list/all", dog_breeds),
    Route("/dogs/breeds/image/random", dog_random),
    Route("/dogs/breeds/image/random/{count:int}", dog_random),
    Route("/dogs/breed/{breed}/images/random", dog_random),
    Route("/dogs/breed/{breed}/images/random/{count:int}", dog_random),
    Route("/dogs/breed/{breed}/{sub}/images/random", dog_random),
    Route("/dogs/breed/{breed}/{sub}/images/random/{count:int}", dog_random),
    Route("/official_jokes/random_joke", official_joke),
    Route("/official_jokes/jokes/random", official_joke),
    Route("/official_jokes/random_ten", official_ten),
    Route("/official_jokes/jokes/ten", official_ten),
    Route("/jokeapi/joke/{categories}", jokeapi),
    Route("/nominatim/search", nominatim_search),
    Route("/nominatim/reverse", nominatim_reverse),
]
