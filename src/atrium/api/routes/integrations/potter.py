"""Harry Potter characters and spells (HP-API)."""

from __future__ import annotations

from fastapi import APIRouter

from atrium.api.deps import HubDep
from atrium.integrations.base.caching import Fetched
from atrium.integrations.connectors.potter import Character, House, Spell

router = APIRouter(prefix="/potter", tags=["potter"])


@router.get("/characters")
async def characters(hub: HubDep, house: House | None = None) -> Fetched[list[Character]]:
    """Every character, or those of one house."""
    return await hub.potter.characters(house)


@router.get("/spells")
async def spells(hub: HubDep) -> Fetched[list[Spell]]:
    return await hub.potter.spells()
