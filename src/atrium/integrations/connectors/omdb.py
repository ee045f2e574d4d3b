"""OMDb: a title by IMDb id or by name, and search with pagination. "N/A" becomes null.

OMDb answers its own errors with ``"Response": "False"``, often under HTTP 200, so the
body decides, not the status. A title asked for by id must carry that id. A search page
past the last one ("Movie not found!" for page > 1) is an empty page with page 1's totals.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector, mismatch
from atrium.integrations.errors import (
    UpstreamError,
    UpstreamFailed,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
)

TITLE = Freshness(ttl_s=86400, revalidate_s=86400, keep_s=30 * 86400)
SEARCH = Freshness(ttl_s=6 * 3600, revalidate_s=3600, keep_s=7 * 86400)
PAGE_SIZE = 10


def _na(value: Any) -> Any:
    return None if value in ("N/A", "") else value


Text = Annotated[str | None, BeforeValidator(_na)]


class Rating(BaseModel):
    source: str = Field(validation_alias="Source")
    value: str = Field(validation_alias="Value")


class ErrorWire(BaseModel):
    response: Literal["False"] = Field(validation_alias="Response")
    error: str = Field(validation_alias="Error")


class TitleWire(BaseModel):
    response: Literal["True"] = Field(validation_alias="Response")
    title: str = Field(validation_alias="Title")
    year: Text = Field(validation_alias="Year")
    rated: Text = Field(None, validation_alias="Rated")
    released: Text = Field(None, validation_alias="Released")
    runtime: Text = Field(None, validation_alias="Runtime")
    genre: Text = Field(None, validation_alias="Genre")
    director: Text = Field(None, validation_alias="Director")
    writer: Text = Field(None, validation_alias="Writer")
    actors: Text = Field(None, validation_alias="Actors")
    plot: Text = Field(None, validation_alias="Plot")
    language: Text = Field(None, validation_alias="Language")
    country: Text = Field(None, validation_alias="Country")
    awards: Text = Field(None, validation_alias="Awards")
    poster: Text = Field(None, validation_alias="Poster")
    ratings: list[Rating] = Field(default_factory=list, validation_alias="Ratings")
    metascore: Text = Field(None, validation_alias="Metascore")
    imdb_rating: Text = Field(None, validation_alias="imdbRating")
    imdb_votes: Text = Field(None, validation_alias="imdbVotes")
    imdb_id: str = Field(validation_alias="imdbID")
    type: str = Field(validation_alias="Type")
    box_office: Text = Field(None, validation_alias="BoxOffice")
    production: Text = Field(None, validation_alias="Production")
    website: Text = Field(None, validation_alias="Website")
    total_seasons: Text = Field(None, validation_alias="totalSeasons")


class HitWire(BaseModel):
    title: str = Field(validation_alias="Title")
    year: Text = Field(validation_alias="Year")
    imdb_id: str = Field(validation_alias="imdbID")
    type: str = Field(validation_alias="Type")
    poster: Text = Field(None, validation_alias="Poster")


class SearchWire(BaseModel):
    response: Literal["True"] = Field(validation_alias="Response")
    search: list[HitWire] = Field(validation_alias="Search")
    total_results: int = Field(validation_alias="totalResults")  # numeric text on the wire


class MovieRating(BaseModel):
    source: str
    value: str


class Movie(BaseModel):
    imdb_id: str
    title: str
    year: str | None  # a range such as "2008-2020" (with an en dash) for series
    type: str
    rated: str | None
    released: dt.date | None
    runtime_minutes: int | None
    genres: list[str]
    directors: list[str]
    writers: list[str]
    actors: list[str]
    plot: str | None
    languages: list[str]
    countries: list[str]
    awards: str | None
    poster_url: str | None
    ratings: list[MovieRating]
    metascore: int | None
    imdb_rating: float | None
    imdb_votes: int | None
    box_office: str | None
    production: str | None
    website: str | None
    total_seasons: int | None


class MovieHit(BaseModel):
    imdb_id: str
    title: str
    year: str | None
    type: str
    poster_url: str | None


class MovieSearch(BaseModel):
    total_results: int
    page: int
    pages: int
    results: list[MovieHit]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()] if value else []


def _number(value: str | None, kind: type[int] | type[float]) -> Any:
    if not value:
        return None
    match = re.search(r"\d[\d,]*(\.\d+)?", value)
    return kind(match.group(0).replace(",", "")) if match else None


def _released(value: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%d %b %Y").date() if value else None
    except ValueError:
        return None


def raise_error(wire: ErrorWire, upstream: str) -> UpstreamError:
    message = wire.error
    if message in ("Movie not found!", "Series not found!", "Incorrect IMDb ID."):
        return UpstreamNotFound(upstream, message)
    if message == "Too many results.":
        return UpstreamRejected(upstream, "too many results: make the search more specific")
    if message == "Request limit reached!":
        return UpstreamUnavailable(upstream, message, retry_after=3600)
    return UpstreamFailed(upstream, message)


class Omdb(Connector):
    def __init__(self, *args: Any, configured: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.configured = configured

    def _require_key(self) -> None:
        if not self.configured:
            raise UpstreamUnavailable(self.name, "OMDB_API_KEY is not set")

    def _matching(self, imdb_id: str | None) -> Any:
        def normalize(wire: TitleWire | ErrorWire) -> Movie:
            if isinstance(wire, TitleWire) and imdb_id and wire.imdb_id.lower() != imdb_id.lower():
                raise mismatch(self.name, "IMDb id", imdb_id, wire.imdb_id)
            return self._to_movie(wire)

        return normalize

    def _to_movie(self, wire: TitleWire | ErrorWire) -> Movie:
        if isinstance(wire, ErrorWire):
            raise raise_error(wire, self.name)
        return Movie(
            imdb_id=wire.imdb_id,
            title=wire.title,
            year=wire.year,
            type=wire.type,
            rated=wire.rated,
            released=_released(wire.released),
            runtime_minutes=_number(wire.runtime, int),
            genres=_split(wire.genre),
            directors=_split(wire.director),
            writers=_split(wire.writer),
            actors=_split(wire.actors),
            plot=wire.plot,
            languages=_split(wire.language),
            countries=_split(wire.country),
            awards=wire.awards,
            poster_url=wire.poster,
            ratings=[MovieRating(source=r.source, value=r.value) for r in wire.ratings],
            metascore=_number(wire.metascore, int),
            imdb_rating=_number(wire.imdb_rating, float),
            imdb_votes=_number(wire.imdb_votes, int),
            box_office=wire.box_office,
            production=wire.production,
            website=wire.website,
            total_seasons=_number(wire.total_seasons, int),
        )

    def _to_search(self, page: int) -> Any:
        def normalize(wire: SearchWire | ErrorWire) -> MovieSearch:
            if isinstance(wire, ErrorWire):
                if wire.error == "Movie not found!" and page == 1:  # no hits: an empty page
                    return MovieSearch(total_results=0, page=page, pages=0, results=[])
                raise raise_error(wire, self.name)
            return MovieSearch(
                total_results=wire.total_results,
                page=page,
                pages=math.ceil(wire.total_results / PAGE_SIZE),
                results=[
                    MovieHit(
                        imdb_id=hit.imdb_id,
                        title=hit.title,
                        year=hit.year,
                        type=hit.type,
                        poster_url=hit.poster,
                    )
                    for hit in wire.search
                ],
            )

        return normalize

    async def title(
        self,
        *,
        imdb_id: str | None = None,
        title: str | None = None,
        year: int | None = None,
        plot: Literal["short", "full"] = "short",
    ) -> Fetched[Movie]:
        self._require_key()
        params = {"i": imdb_id, "t": None if imdb_id else title, "y": year, "plot": plot}
        return await self.get(
            "/",
            params,
            wire=TitleWire | ErrorWire,
            out=Movie,
            normalize=self._matching(imdb_id),
            freshness=TITLE,
        )

    async def search(
        self,
        query: str,
        *,
        page: int = 1,
        year: int | None = None,
        kind: Literal["movie", "series", "episode"] | None = None,
    ) -> Fetched[MovieSearch]:
        self._require_key()
        try:
            return await self._page(query, page, year, kind)
        except UpstreamNotFound:
            if page == 1:
                raise
            first = await self._page(query, 1, year, kind)
            if page <= first.data.pages:  # within the totals, yet nothing: not ours to mend
                raise
        past_the_end = first.data.model_copy(update={"page": page, "results": []})
        return first.model_copy(update={"data": past_the_end})

    async def _page(
        self, query: str, page: int, year: int | None, kind: str | None
    ) -> Fetched[MovieSearch]:
        params = {"s": query, "page": page, "y": year, "type": kind}
        return await self.get(
            "/",
            params,
            wire=SearchWire | ErrorWire,
            out=MovieSearch,
            normalize=self._to_search(page),
            freshness=SEARCH,
        )
