"""Jokes from the Official Joke API or JokeAPI, safe mode on by default."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from atrium.api.deps import HubDep
from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.jokes import Category, Joke

router = APIRouter(prefix="/jokes", tags=["jokes"])


@router.get("/random")
async def random(
    hub: HubDep,
    source: Literal["official", "jokeapi"] = "jokeapi",
    category: Category = Category.any,
    amount: Annotated[int, Query(ge=1, le=10)] = 1,
    safe: bool = True,
) -> Fetched[list[Joke]]:
    return await hub.jokes.random(source, category, amount, safe)
