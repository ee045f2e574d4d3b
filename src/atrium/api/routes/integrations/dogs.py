"""Dogs (Dog CEO): breeds and random images."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from atrium.api.deps import HubDep
from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.dogs import Breed, DogImage

router = APIRouter(prefix="/dogs", tags=["dogs"])
BreedName = Annotated[str | None, Query(pattern=r"^[a-z]{2,30}$")]


@router.get("/breeds")
async def breeds(hub: HubDep) -> Fetched[list[Breed]]:
    """Every breed with its sub-breeds."""
    return await hub.dogs.breeds()


@router.get("/random")
async def random(
    hub: HubDep,
    count: Annotated[int, Query(ge=1, le=50)] = 1,
    breed: BreedName = None,
    sub_breed: BreedName = None,
) -> Fetched[list[DogImage]]:
    """Random images, optionally of one breed (and sub-breed)."""
    if sub_breed and not breed:
        raise HTTPException(422, "sub_breed needs breed")
    return await hub.dogs.random(count, breed, sub_breed)
