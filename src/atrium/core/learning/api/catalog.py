"""/api/v1/catalog/: tracks, modules and items. Reading needs any credential; writing
needs the admin role in the owning organization (staff for the public catalog)."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import Query, Router, Schema, Status
from pydantic import Field

from atrium.core.accounts.auth import authenticated
from atrium.core.accounts.schemas import Id
from atrium.core.learning import access
from atrium.core.learning.access import viewer_of
from atrium.core.learning.api.byte_ranges import ranged_response
from atrium.core.learning.models import ItemKind, Module, Publication, Track
from atrium.core.learning.pagination import (
    PageParams,
    RowShape,
    choose_ordering,
    page_response,
    paginate,
    paginate_prepared,
)
from atrium.core.learning.schemas import (
    ItemContentRead,
    ItemCreate,
    ItemPage,
    ItemRead,
    ItemUpdate,
    ModuleCreate,
    ModulePage,
    ModuleRead,
    ModuleUpdate,
    TrackCreate,
    TrackPage,
    TrackRead,
    TrackUpdate,
)
from atrium.core.learning.services import catalog, media, practice
from atrium.core.learning.services.reads import ITEM_ROWS, item_row, with_prerequisites

router = Router(tags=["catalog"], auth=authenticated)

TRACK_ORDERINGS = ("position", "title", "updated_at", "created_at")
ITEM_ORDERINGS = ("position", "title", "difficulty", "estimated_minutes", "updated_at")
ITEM_JSON = RowShape(ItemRead)


class TrackFilters(Schema):
    slug: str | None = None
    state: Publication | None = None
    q: str | None = None
    ordering: str | None = None


class ModuleFilters(Schema):
    ordering: str | None = None


class ItemFilters(Schema):
    track: Id | None = None
    module: Id | None = None
    kind: ItemKind | None = None
    difficulty: int | None = None
    slug: str | None = None
    state: Publication | None = None
    tag: str | None = Field(None, max_length=40)
    q: str | None = None
    ordering: str | None = None


class MediaLink(Schema):
    token: str = Field(min_length=1, max_length=500)


def _text(q: str | None) -> Q:
    return Q(title__icontains=q) | Q(summary__icontains=q) if q else Q()


@router.get("/tracks", response=TrackPage, operation_id="catalog_tracks")
def list_tracks(
    request: HttpRequest, filters: Query[TrackFilters], page: Query[PageParams]
) -> dict[str, object]:
    tracks = access.visible_tracks(viewer_of(request)).filter(_text(filters.q))
    tracks = tracks.filter(**filters.dict(exclude_none=True, exclude={"q", "ordering"}))
    ordering = choose_ordering(filters.ordering, TRACK_ORDERINGS)
    rows, cursor = paginate(tracks, ordering=ordering, params=page)
    return {"results": rows, "next_cursor": cursor}


@router.post("/tracks", response={201: TrackRead}, operation_id="catalog_create_track")
def create_track(request: HttpRequest, payload: TrackCreate) -> Status[Track]:
    return Status(201, catalog.create_track(viewer=viewer_of(request), data=payload))


@router.get("/tracks/{track_id}", response=TrackRead, operation_id="catalog_track")
def get_track(request: HttpRequest, track_id: Id) -> Track:
    return catalog.get_track(viewer=viewer_of(request), track_id=track_id)


@router.patch("/tracks/{track_id}", response=TrackRead, operation_id="catalog_update_track")
def update_track(request: HttpRequest, track_id: Id, payload: TrackUpdate) -> Track:
    viewer = viewer_of(request)
    track = catalog.get_track(viewer=viewer, track_id=track_id)
    return catalog.update_track(viewer=viewer, track=track, data=payload)


@router.delete("/tracks/{track_id}", response={204: None}, operation_id="catalog_delete_track")
def delete_track(request: HttpRequest, track_id: Id) -> Status[None]:
    viewer = viewer_of(request)
    catalog.delete_track(viewer=viewer, track=catalog.get_track(viewer=viewer, track_id=track_id))
    return Status(204, None)


@router.get("/tracks/{track_id}/modules", response=ModulePage, operation_id="catalog_modules")
def list_modules(
    request: HttpRequest, track_id: Id, filters: Query[ModuleFilters], page: Query[PageParams]
) -> dict[str, object]:
    track = catalog.get_track(viewer=viewer_of(request), track_id=track_id)
    ordering = choose_ordering(filters.ordering, ("position", "title", "updated_at"))
    rows, cursor = paginate(track.modules.all(), ordering=ordering, params=page)
    return {"results": rows, "next_cursor": cursor}


@router.post(
    "/tracks/{track_id}/modules", response={201: ModuleRead}, operation_id="catalog_create_module"
)
def create_module(request: HttpRequest, track_id: Id, payload: ModuleCreate) -> Status[Module]:
    viewer = viewer_of(request)
    track = catalog.get_track(viewer=viewer, track_id=track_id)
    return Status(201, catalog.create_module(viewer=viewer, track=track, data=payload))


@router.get("/modules/{module_id}", response=ModuleRead, operation_id="catalog_module")
def get_module(request: HttpRequest, module_id: Id) -> Module:
    return catalog.get_module(viewer=viewer_of(request), module_id=module_id)


@router.patch("/modules/{module_id}", response=ModuleRead, operation_id="catalog_update_module")
def update_module(request: HttpRequest, module_id: Id, payload: ModuleUpdate) -> Module:
    viewer = viewer_of(request)
    module = catalog.get_module(viewer=viewer, module_id=module_id)
    return catalog.update_module(viewer=viewer, module=module, data=payload)


@router.delete("/modules/{module_id}", response={204: None}, operation_id="catalog_delete_module")
def delete_module(request: HttpRequest, module_id: Id) -> Status[None]:
    viewer = viewer_of(request)
    module = catalog.get_module(viewer=viewer, module_id=module_id)
    catalog.delete_module(viewer=viewer, module=module)
    return Status(204, None)


@router.get("/items", response=ItemPage, operation_id="catalog_items")
def list_items(
    request: HttpRequest, filters: Query[ItemFilters], page: Query[PageParams]
) -> HttpResponse:
    where = access.visible_item(viewer_of(request)) & _text(filters.q)
    exact = filters.dict(exclude_none=True, exclude={"q", "ordering", "track", "module", "tag"})
    if filters.tag:
        # The quotes match a whole tag in the stored JSON list, on every database.
        where &= Q(tags__icontains=json.dumps(filters.tag.strip().lower()))
    if filters.track is not None:
        exact["module__track_id"] = filters.track
    if filters.module is not None:
        exact["module_id"] = filters.module
    ordering = choose_ordering(filters.ordering, ITEM_ORDERINGS)
    rows, cursor = paginate_prepared(ITEM_ROWS, where & Q(**exact), ordering=ordering, params=page)
    return page_response(request, with_prerequisites(rows), cursor, ITEM_JSON)


@router.post("/items", response={201: ItemRead}, operation_id="catalog_create_item")
def create_item(request: HttpRequest, payload: ItemCreate) -> Status[dict[str, Any]]:
    return Status(201, item_row(catalog.create_item(viewer=viewer_of(request), data=payload)))


@router.get("/items/{item_id}", response=ItemRead, operation_id="catalog_item")
def get_item(request: HttpRequest, item_id: Id) -> dict[str, Any]:
    return item_row(catalog.get_item(viewer=viewer_of(request), item_id=item_id))


@router.patch("/items/{item_id}", response=ItemRead, operation_id="catalog_update_item")
def update_item(request: HttpRequest, item_id: Id, payload: ItemUpdate) -> dict[str, Any]:
    viewer = viewer_of(request)
    item = catalog.get_item(viewer=viewer, item_id=item_id)
    return item_row(catalog.update_item(viewer=viewer, item=item, data=payload))


@router.delete("/items/{item_id}", response={204: None}, operation_id="catalog_delete_item")
def delete_item(request: HttpRequest, item_id: Id) -> Status[None]:
    viewer = viewer_of(request)
    catalog.delete_item(viewer=viewer, item=catalog.get_item(viewer=viewer, item_id=item_id))
    return Status(204, None)


@router.get(
    "/items/{item_id}/content", response=ItemContentRead, operation_id="catalog_item_content"
)
def get_item_content(request: HttpRequest, item_id: Id) -> ItemContentRead:
    """A quiz's questions (without the answers), a lab's steps, a video's signed links."""
    return practice.learner_view(catalog.get_item(viewer=viewer_of(request), item_id=item_id))


@router.get(
    "/items/{item_id}/media/{name}",
    auth=None,
    response={200: None, 206: None},
    operation_id="catalog_item_media",
)
def get_item_media(
    request: HttpRequest,
    item_id: Id,
    name: Literal["video", "captions"],
    link: Query[MediaLink],
) -> HttpResponseBase:
    """A video item's file, by the signed link its content gives (``<video>`` sends no token)."""
    found = media.find_media(item_id=item_id, name=name, token=link.token)
    return ranged_response(request, found)
