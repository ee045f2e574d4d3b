"""HP-API: every character, the characters of a house, and spells. Empty strings become null."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector

CATALOG = Freshness(ttl_s=86400, revalidate_s=86400, keep_s=30 * 86400)


class House(StrEnum):
    gryffindor = "gryffindor"
    hufflepuff = "hufflepuff"
    ravenclaw = "ravenclaw"
    slytherin = "slytherin"


def _blank(value: Any) -> Any:
    return None if value == "" else value


Text = Annotated[str | None, BeforeValidator(_blank)]


class WandWire(BaseModel):
    wood: Text = None
    core: Text = None
    length: float | None = None


class CharacterWire(BaseModel):
    id: str
    name: str
    alternate_names: list[str] = []
    species: Text = None
    gender: Text = None
    house: Text = None
    dateOfBirth: str | None = None
    yearOfBirth: int | None = None
    wizard: bool = False
    ancestry: Text = None
    eyeColour: Text = None
    hairColour: Text = None
    wand: WandWire = WandWire()
    patronus: Text = None
    hogwartsStudent: bool = False
    hogwartsStaff: bool = False
    actor: Text = None
    alternate_actors: list[str] = []
    alive: bool = True
    image: Text = None


class SpellWire(BaseModel):
    id: str
    name: str
    description: str


class Wand(BaseModel):
    wood: str | None
    core: str | None
    length_inches: float | None


class Character(BaseModel):
    id: str
    name: str
    alternate_names: list[str]
    species: str | None
    gender: str | None
    house: str | None
    born: dt.date | None
    year_of_birth: int | None
    wizard: bool
    ancestry: str | None
    eye_colour: str | None
    hair_colour: str | None
    wand: Wand
    patronus: str | None
    hogwarts_student: bool
    hogwarts_staff: bool
    actor: str | None
    alternate_actors: list[str]
    alive: bool
    image_url: str | None


class Spell(BaseModel):
    id: str
    name: str
    description: str


def _born(value: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%d-%m-%Y").date() if value else None
    except ValueError:
        return None


def to_characters(wires: list[CharacterWire]) -> list[Character]:
    return [
        Character(
            id=w.id,
            name=w.name,
            alternate_names=w.alternate_names,
            species=w.species,
            gender=w.gender,
            house=w.house,
            born=_born(w.dateOfBirth),
            year_of_birth=w.yearOfBirth,
            wizard=w.wizard,
            ancestry=w.ancestry,
            eye_colour=w.eyeColour,
            hair_colour=w.hairColour,
            wand=Wand(wood=w.wand.wood, core=w.wand.core, length_inches=w.wand.length),
            patronus=w.patronus,
            hogwarts_student=w.hogwartsStudent,
            hogwarts_staff=w.hogwartsStaff,
            actor=w.actor,
            alternate_actors=w.alternate_actors,
            alive=w.alive,
            image_url=w.image,
        )
        for w in wires
    ]


def to_spells(wires: list[SpellWire]) -> list[Spell]:
    return [Spell(id=w.id, name=w.name, description=w.description) for w in wires]


class Potter(Connector):
    async def characters(self, house: House | None = None) -> Fetched[list[Character]]:
        path = f"/api/characters/house/{house.value}" if house else "/api/characters"
        return await self.get(
            path,
            None,
            wire=list[CharacterWire],
            out=list[Character],
            normalize=to_characters,
            freshness=CATALOG,
        )

    async def spells(self) -> Fetched[list[Spell]]:
        return await self.get(
            "/api/spells",
            None,
            wire=list[SpellWire],
            out=list[Spell],
            normalize=to_spells,
            freshness=CATALOG,
        )
