"""Movies and series from OMDb."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query

from atrium.api.deps import HubDep
from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.omdb import Movie, MovieSearch

router = APIRouter(prefix="/movies", tags=["movies"])
Kind = Literal["movie", "series", "episode"]


@router.get("/title")
async def title(
    hub: HubDep,
    imdb_id: Annotated[str | None, Query(pattern=r"^tt\d{7,10}$")] = None,
    title: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    year: Annotated[int | None, Query(ge=1870, le=2100)] = None,
    plot: Literal["short", "full"] = "short",
) -> Fetched[Movie]:
    """One title, by IMDb id or by name (one of the two)."""
    if (imdb_id is None) == (title is None):
        raise HTTPException(422, "give exactly one of imdb_id and title")
    return await hub.movies.title(imdb_id=imdb_id, title=title, year=year, plot=plot)


@router.get("/search")
async def search(
    hub: HubDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    page: Annotated[int, Query(ge=1, le=100)] = 1,
    year: Annotated[int | None, Query(ge=1870, le=2100)] = None,
    type: Kind | None = None,
) -> Fetched[MovieSearch]:
    return await hub.movies.search(q, page=page, year=year, kind=type)
