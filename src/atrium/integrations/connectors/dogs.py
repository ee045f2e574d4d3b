"""Dog CEO: breeds with their sub-breeds, random images, images of one breed."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector

BREEDS = Freshness(ttl_s=86400, revalidate_s=86400, keep_s=30 * 86400)


class BreedsWire(BaseModel):
    status: Literal["success"]
    message: dict[str, list[str]]


class ImageWire(BaseModel):
    status: Literal["success"]
    message: str


class ImagesWire(BaseModel):
    status: Literal["success"]
    message: list[str]


class Breed(BaseModel):
    name: str
    sub_breeds: list[str]


class DogImage(BaseModel):
    url: str
    breed: str | None
    sub_breed: str | None


def to_breeds(wire: BreedsWire) -> list[Breed]:
    return [Breed(name=name, sub_breeds=subs) for name, subs in sorted(wire.message.items())]


def to_image(url: str) -> DogImage:
    """Images live under ``/breeds/<breed>[-<sub>]/``: the breed is read from the path."""
    parts = urlsplit(url).path.strip("/").split("/")
    folder = parts[1] if len(parts) > 2 and parts[0] == "breeds" else None
    breed, _, sub = folder.partition("-") if folder else (None, "", "")
    return DogImage(url=url, breed=breed, sub_breed=sub or None)


def to_images(wire: ImageWire | ImagesWire) -> list[DogImage]:
    urls = [wire.message] if isinstance(wire, ImageWire) else wire.message
    return [to_image(url) for url in urls]


class Dogs(Connector):
    async def breeds(self) -> Fetched[list[Breed]]:
        return await self.get(
            "/breeds/list/all",
            None,
            wire=BreedsWire,
            out=list[Breed],
            normalize=to_breeds,
            freshness=BREEDS,
        )

    async def random(
        self, count: int = 1, breed: str | None = None, sub_breed: str | None = None
    ) -> Fetched[list[DogImage]]:
        """Random images, of one breed (and sub-breed) if given. Never cached."""
        scope = "/breeds/image" if breed is None else f"/breed/{breed}"
        if breed and sub_breed:
            scope += f"/{sub_breed}"
        path = f"{scope}/random" if breed is None else f"{scope}/images/random"
        if count > 1:
            path += f"/{count}"
        wire = ImageWire if count == 1 else ImagesWire
        return await self.get(
            path, None, wire=wire, out=list[DogImage], normalize=to_images, freshness=None
        )
