"""Catalog rules: who edits what, stable slugs, prerequisites without cycles."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from atrium.core.domain import Conflict, NotFound, PermissionDenied, Unprocessable
from atrium.core.learning import access, content
from atrium.core.learning.access import Viewer
from atrium.core.learning.models import Item, Module, Track
from atrium.core.learning.schemas import (
    ItemContentWrite,
    ItemCreate,
    ItemUpdate,
    ModuleCreate,
    ModuleUpdate,
    TrackCreate,
    TrackUpdate,
)
from atrium.core.learning.services.graph import cycle_through


def _found(queryset: QuerySet[Any], pk: int, what: str) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No such {what}")
    return found


def get_track(*, viewer: Viewer, track_id: int) -> Track:
    return _found(access.visible_tracks(viewer), track_id, "track")


def get_module(*, viewer: Viewer, module_id: int) -> Module:
    modules = access.visible_modules(viewer).select_related("track")
    return _found(modules, module_id, "module")


def get_item(*, viewer: Viewer, item_id: int) -> Item:
    items = access.visible_items(viewer).select_related("module__track")
    return _found(items.prefetch_related("prerequisites"), item_id, "item")


def unique_slug(queryset: QuerySet[Any], wanted: str | None, title: str) -> str:
    """``wanted`` when it is free; otherwise the title's slug, numbered until it is free."""
    if wanted:
        if queryset.filter(slug=wanted).exists():
            raise Conflict(f"The slug {wanted!r} is taken in this catalog")
        return wanted
    base = slugify(title)[:70] or "untitled"
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _catalog(model: type[Model], organization_id: int | None) -> QuerySet[Any]:
    if organization_id is None:
        return model._default_manager.filter(organization__isnull=True)
    return model._default_manager.filter(organization_id=organization_id)


def save_changes(obj: Model, wanted: dict[str, Any], *, force: bool = False) -> bool:
    """Set ``wanted`` on ``obj`` and save it, only when something differs (or ``force``).

    Returns whether it was saved. Saving sends the change events (see signals).
    """
    changes = {k: v for k, v in wanted.items() if getattr(obj, k) != v}
    if not changes and not force:
        return False
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.updated_at = timezone.now()  # type: ignore[attr-defined]
    obj.save()
    return True


def create_track(*, viewer: Viewer, data: TrackCreate) -> Track:
    organization_id = None if data.public else viewer.org_id
    if not data.public and organization_id is None:
        raise PermissionDenied("A private track needs a token for an organization")
    access.require_editor(viewer, organization_id)
    fields = data.dict(exclude={"slug", "public"})
    slug = unique_slug(_catalog(Track, organization_id), data.slug, data.title)
    return Track.objects.create(organization_id=organization_id, slug=slug, **fields)


def update_track(*, viewer: Viewer, track: Track, data: TrackUpdate) -> Track:
    access.require_editor(viewer, track.organization_id)
    save_changes(track, data.dict(exclude_unset=True, exclude_none=True))
    return track


def delete_track(*, viewer: Viewer, track: Track) -> None:
    access.require_editor(viewer, track.organization_id)
    track.delete()


def create_module(*, viewer: Viewer, track: Track, data: ModuleCreate) -> Module:
    access.require_editor(viewer, track.organization_id)
    slug = unique_slug(track.modules.all(), data.slug, data.title)
    return Module.objects.create(track=track, slug=slug, **data.dict(exclude={"slug"}))


def update_module(*, viewer: Viewer, module: Module, data: ModuleUpdate) -> Module:
    access.require_editor(viewer, module.track.organization_id)
    save_changes(module, data.dict(exclude_unset=True, exclude_none=True))
    return module


def delete_module(*, viewer: Viewer, module: Module) -> None:
    access.require_editor(viewer, module.track.organization_id)
    module.delete()


def create_item(*, viewer: Viewer, data: ItemCreate) -> Item:
    module = get_module(viewer=viewer, module_id=data.module_id)
    organization_id = module.track.organization_id
    access.require_editor(viewer, organization_id)
    fields = data.model_dump(exclude={"slug", "module_id", "prerequisite_ids", *CONTENT_FIELDS})
    fields["content"] = _content(data.kind, data) or {}
    with transaction.atomic():
        slug = unique_slug(_catalog(Item, organization_id), data.slug, data.title)
        item = Item(module=module, organization_id=organization_id, slug=slug, **fields)
        item.save()
        set_prerequisites(item=item, prerequisite_ids=data.prerequisite_ids)
    return item


def update_item(*, viewer: Viewer, item: Item, data: ItemUpdate) -> Item:
    access.require_editor(viewer, item.organization_id)
    changes = data.dict(exclude_unset=True, exclude_none=True, exclude=set(CONTENT_FIELDS))
    if (stored := _content(changes.get("kind", item.kind), data)) is not None:
        changes["content"] = stored
    prerequisite_ids = changes.pop("prerequisite_ids", None)
    with transaction.atomic():
        relinked = prerequisite_ids is not None and set_prerequisites(
            item=item, prerequisite_ids=prerequisite_ids
        )
        save_changes(item, changes, force=relinked)
    return item


CONTENT_FIELDS = tuple(ItemContentWrite.model_fields)


def _content(kind: str, data: ItemContentWrite) -> dict[str, Any] | None:
    """The ``Item.content`` that ``data`` sets, or None when it sets none."""
    given = [value for name in CONTENT_FIELDS if (value := getattr(data, name)) is not None]
    if not given:
        return None
    if len(given) > 1:
        raise Unprocessable(f"Send one of {', '.join(CONTENT_FIELDS)}, for the item's kind")
    try:
        return content.stored(kind, given[0])
    except ValueError as exc:
        raise Unprocessable(str(exc).capitalize()) from exc


def delete_item(*, viewer: Viewer, item: Item) -> None:
    access.require_editor(viewer, item.organization_id)
    item.delete()


def prerequisite_graph(organization_id: int | None) -> dict[int, set[int]]:
    """Every item's prerequisites in the catalogs an item of ``organization_id`` may use."""
    edges = Item.prerequisites.through.objects.filter(
        from_item__organization_id__in=[organization_id] if organization_id else []
    ) | Item.prerequisites.through.objects.filter(from_item__organization__isnull=True)
    graph: dict[int, set[int]] = defaultdict(set)
    for source, target in edges.values_list("from_item_id", "to_item_id"):
        graph[source].add(target)
    return graph


def set_prerequisites(*, item: Item, prerequisite_ids: list[int]) -> bool:
    """Prerequisites come from the item's catalog or the public one, and close no cycle.

    Returns whether they changed.
    """
    wanted = set(prerequisite_ids)
    if item.pk in wanted:
        raise Unprocessable("An item cannot be its own prerequisite")
    catalogs = Q(organization__isnull=True)
    if item.organization_id is not None:
        catalogs |= Q(organization_id=item.organization_id)
    found = set(Item.objects.filter(catalogs, pk__in=wanted).values_list("pk", flat=True))
    if missing := sorted(wanted - found):
        raise Unprocessable(f"Unknown prerequisite items: {missing}")
    cycle = cycle_through(item.pk, wanted, prerequisite_graph(item.organization_id))
    if cycle:
        raise Unprocessable(f"Prerequisites would form a cycle: {' -> '.join(map(str, cycle))}")
    if {p.pk for p in item.prerequisites.all()} == wanted:
        return False
    item.prerequisites.set(wanted)
    return True
