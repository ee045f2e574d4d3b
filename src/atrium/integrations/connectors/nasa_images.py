"""NASA Image and Video Library: search (Collection+JSON), normalized to flat items.

The collection's ``href`` echoes the request: an answer for another page is refused. A page
past the last one keeps the totals with no items, as OMDb's does.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.connector import Connector, mismatch

SEARCH = Freshness(ttl_s=6 * 3600, revalidate_s=3600, keep_s=7 * 86400)
PAGE_SIZE = 20
MediaType = Literal["image", "video", "audio"]


class ItemData(BaseModel):
    nasa_id: str
    title: str
    media_type: MediaType
    date_created: dt.datetime
    description: str | None = None
    center: str | None = None
    keywords: list[str] = []
    photographer: str | None = None


class ItemLink(BaseModel):
    href: str
    rel: str
    render: str | None = None


class Item(BaseModel):
    href: str
    data: list[ItemData]
    links: list[ItemLink] = []


class PageLink(BaseModel):
    rel: str
    href: str
    prompt: str | None = None


class Metadata(BaseModel):
    total_hits: int


class Collection(BaseModel):
    href: str
    items: list[Item]
    metadata: Metadata
    links: list[PageLink] = []


class SearchWire(BaseModel):
    collection: Collection


class Media(BaseModel):
    nasa_id: str
    title: str
    media_type: MediaType
    created_at: dt.datetime
    description: str | None
    center: str | None
    keywords: list[str]
    photographer: str | None
    preview_url: str | None
    asset_manifest_url: str


class MediaSearch(BaseModel):
    total_hits: int
    page: int
    pages: int
    has_next_page: bool
    items: list[Media]


def answered_page(wire: SearchWire) -> int:
    """The page the collection says it is (its ``href`` is the request; page 1 by default)."""
    pages = parse_qs(urlsplit(wire.collection.href).query).get("page", ["1"])
    return int(pages[0]) if pages[0].isdigit() else 0


def to_search(wire: SearchWire, page: int) -> MediaSearch:
    items = []
    for item in wire.collection.items:
        if not item.data:
            continue
        data = item.data[0]
        preview = next((link.href for link in item.links if link.rel == "preview"), None)
        items.append(
            Media(
                nasa_id=data.nasa_id,
                title=data.title,
                media_type=data.media_type,
                created_at=data.date_created,
                description=data.description,
                center=data.center,
                keywords=data.keywords,
                photographer=data.photographer,
                preview_url=preview,
                asset_manifest_url=item.href,
            )
        )
    return MediaSearch(
        total_hits=wire.collection.metadata.total_hits,
        page=page,
        pages=math.ceil(wire.collection.metadata.total_hits / PAGE_SIZE),
        has_next_page=any(link.rel == "next" for link in wire.collection.links),
        items=items,
    )


class NasaImages(Connector):
    def _page(self, page: int) -> Callable[[SearchWire], MediaSearch]:
        def normalize(wire: SearchWire) -> MediaSearch:
            if (answered := answered_page(wire)) != page:
                raise mismatch(self.name, "page", page, answered)
            return to_search(wire, page)

        return normalize

    async def search(
        self,
        query: str,
        media_type: MediaType | None = None,
        page: int = 1,
        year_start: int | None = None,
        year_end: int | None = None,
    ) -> Fetched[MediaSearch]:
        params = {
            "q": query,
            "media_type": media_type,
            "page": page,
            "page_size": PAGE_SIZE,
            "year_start": year_start,
            "year_end": year_end,
        }
        return await self.get(
            "/search",
            params,
            wire=SearchWire,
            out=MediaSearch,
            normalize=self._page(page),
            freshness=SEARCH,
        )
