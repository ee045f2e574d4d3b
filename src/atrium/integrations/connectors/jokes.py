"""Jokes from the Official Joke API and from JokeAPI v2, in one shape.

Safe mode is on unless the caller turns it off: JokeAPI is asked for ``safe-mode`` with
every flag blacklisted, and any joke still flagged or not marked safe is dropped.
The Official Joke API carries no flags; its collection is curated as safe for work.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched
from atrium.integrations.base.connector import Connector
from atrium.integrations.base.upstream import Upstream
from atrium.integrations.errors import UpstreamNotFound

FLAGS = ("nsfw", "religious", "political", "racist", "sexist", "explicit")


class Category(StrEnum):
    any = "Any"
    misc = "Misc"
    programming = "Programming"
    dark = "Dark"
    pun = "Pun"
    spooky = "Spooky"
    christmas = "Christmas"


class OfficialWire(BaseModel):
    id: int
    type: str
    setup: str
    punchline: str


class Flags(BaseModel):
    nsfw: bool
    religious: bool
    political: bool
    racist: bool
    sexist: bool
    explicit: bool


class JokeApiWire(BaseModel):
    id: int
    category: str
    type: Literal["single", "twopart"]
    joke: str | None = None
    setup: str | None = None
    delivery: str | None = None
    flags: Flags
    safe: bool
    lang: str = "en"


class JokeApiSingle(JokeApiWire):
    error: Literal[False]


class JokeApiMany(BaseModel):
    error: Literal[False]
    amount: int
    jokes: list[JokeApiWire]


class JokeApiError(BaseModel):
    error: Literal[True]
    code: int
    message: str
    causedBy: list[str] = []


class Joke(BaseModel):
    source: Literal["official", "jokeapi"]
    id: int
    category: str
    setup: str | None  # null for a one-liner
    punchline: str
    safe: bool


def from_official(wires: OfficialWire | list[OfficialWire]) -> list[Joke]:
    jokes = wires if isinstance(wires, list) else [wires]
    return [
        Joke(
            source="official",
            id=j.id,
            category=j.type,
            setup=j.setup,
            punchline=j.punchline,
            safe=True,
        )
        for j in jokes
    ]


def _is_safe(joke: JokeApiWire) -> bool:
    return joke.safe and not any(joke.flags.model_dump().values())


def from_jokeapi(
    safe_only: bool,
) -> Callable[[JokeApiSingle | JokeApiMany | JokeApiError], list[Joke]]:
    def normalize(wire: JokeApiSingle | JokeApiMany | JokeApiError) -> list[Joke]:
        if isinstance(wire, JokeApiError):
            # "No matching joke found" (106) comes with HTTP 200.
            raise UpstreamNotFound("jokeapi", wire.message)
        jokes = wire.jokes if isinstance(wire, JokeApiMany) else [wire]
        return [
            Joke(
                source="jokeapi",
                id=j.id,
                category=j.category,
                setup=j.setup if j.type == "twopart" else None,
                punchline=(j.delivery if j.type == "twopart" else j.joke) or "",
                safe=_is_safe(j),
            )
            for j in jokes
            if not safe_only or _is_safe(j)
        ]

    return normalize


class Jokes:
    """Two upstreams behind one connector: ``source`` picks which is asked."""

    def __init__(self, official: Upstream, jokeapi: Upstream) -> None:
        self.official = Connector(official)
        self.jokeapi = Connector(jokeapi)

    async def random(
        self,
        source: Literal["official", "jokeapi"] = "jokeapi",
        category: Category = Category.any,
        amount: int = 1,
        safe: bool = True,
    ) -> Fetched[list[Joke]]:
        """Random jokes: never cached, every call is a new draw."""
        if source == "official":
            path = "/random_joke" if amount == 1 else "/random_ten"
            fetched = await self.official.get(
                path,
                None,
                wire=OfficialWire | list[OfficialWire],
                out=list[Joke],
                normalize=from_official,
                freshness=None,
            )
            fetched.data = fetched.data[:amount]
            return fetched
        params: dict[str, str | int | None] = {"amount": amount if amount > 1 else None}
        if safe:
            params |= {"safe-mode": "", "blacklistFlags": ",".join(FLAGS)}
        return await self.jokeapi.get(
            f"/joke/{category.value}",
            params,
            wire=JokeApiSingle | JokeApiMany | JokeApiError,
            out=list[Joke],
            normalize=from_jokeapi(safe),
            freshness=None,
        )
