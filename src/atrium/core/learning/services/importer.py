"""Importing a catalog file: all of it in one transaction, or nothing.

Objects are matched on their slugs in the target catalog (public, or one organization's),
so importing the same file again changes nothing. Objects the file does not mention are
left as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model

from atrium.core.learning import content, events
from atrium.core.learning.models import Item, Module, Track
from atrium.core.learning.services.catalog import save_changes
from atrium.core.learning.services.graph import cycle_through
from atrium.core.learning.services.import_rows import (
    InvalidCatalogFile,
    Problem,
    Row,
    VideoFiles,
    read_rows,
)
from atrium.core.learning.services.media import store_media

OUTCOMES = ("created", "updated", "unchanged")  # one per object in the file
CHANGES = ("created", "updated", "prerequisites changed")
ITEM_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "tags",
    "difficulty",
    "estimated_minutes",
    "state",
)


@dataclass
class ImportReport:
    """What changed, per kind of object: created, updated, unchanged."""

    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {kind: Counter() for kind in ("track", "module", "item")}
    )

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def in_file(self, kind: str) -> int:
        return sum(self.counts[kind][outcome] for outcome in OUTCOMES)

    @property
    def changed(self) -> bool:
        return any(c[o] for c in self.counts.values() for o in CHANGES)


def _video(files: VideoFiles) -> content.Video:
    """The video's files put in the object store (once: they are keyed by their bytes)."""
    return content.Video(
        media=store_media(files.file),
        captions=store_media(files.captions) if files.captions else None,
        transcript=files.transcript,
    )


def _content(row: Row) -> dict[str, Any]:
    given = row.quiz or row.lab or (_video(row.video) if row.video else None)
    return content.stored(row.kind, given)


def _outcome(existing: Model, wanted: dict[str, Any]) -> str:
    return "updated" if save_changes(existing, wanted) else "unchanged"


class _Catalog:
    """The target catalog as the import goes: three queries up front, then the rows."""

    def __init__(self, organization_id: int | None, report: ImportReport) -> None:
        scope: dict[str, Any] = (
            {"organization_id": organization_id}
            if organization_id
            else {"organization__isnull": True}
        )
        self.organization_id = organization_id
        self.report = report
        self.tracks = {t.slug: t for t in Track.objects.filter(**scope)}
        modules = Module.objects.filter(**{f"track__{k}": v for k, v in scope.items()})
        self.modules = {(m.track.slug, m.slug): m for m in modules.select_related("track")}
        items = Item.objects.filter(**scope).prefetch_related("prerequisites")
        self.items = {i.slug: i for i in items}
        self.done_tracks: dict[str, Track] = {}
        self.done_modules: dict[tuple[str, str], Module] = {}
        self.module_sizes: Counter[tuple[str, str]] = Counter()
        self.created: set[str] = set()

    def check(self, rows: list[Row]) -> None:
        """Prerequisites name known items and, with the catalog's other items, close no cycle."""
        graph = {slug: [p.slug for p in i.prerequisites.all()] for slug, i in self.items.items()}
        graph.update({row.slug: row.prerequisites for row in rows})
        problems = []
        for number, row in enumerate(rows, start=1):
            if unknown := [p for p in row.prerequisites if p not in graph]:
                message = f"unknown items: {', '.join(unknown)}"
                problems.append(Problem(number, "prerequisites", message))
            elif cycle := cycle_through(row.slug, row.prerequisites, graph):
                message = f"prerequisites form a cycle: {' -> '.join(cycle)}"
                problems.append(Problem(number, "prerequisites", message))
        if problems:
            raise InvalidCatalogFile(problems)

    def track(self, row: Row) -> Track:
        if row.track_slug in self.done_tracks:
            return self.done_tracks[row.track_slug]
        wanted = {
            "title": row.track_title,
            "summary": row.track_summary,
            "state": row.track_state,
            "position": len(self.done_tracks),
        }
        track = self.tracks.get(row.track_slug)
        if track is None:
            track = Track.objects.create(
                organization_id=self.organization_id, slug=row.track_slug, **wanted
            )
            self.report.count("track", "created")
        else:
            self.report.count("track", _outcome(track, wanted))
        self.done_tracks[row.track_slug] = track
        return track

    def module(self, row: Row) -> Module:
        key = (row.track_slug, row.module_slug)
        if key in self.done_modules:
            return self.done_modules[key]
        track = self.track(row)
        position = sum(1 for done in self.done_modules if done[0] == row.track_slug)
        wanted = {"title": row.module_title, "summary": row.module_summary, "position": position}
        module = self.modules.get(key)
        if module is None:
            module = Module.objects.create(track=track, slug=row.module_slug, **wanted)
            self.report.count("module", "created")
        else:
            self.report.count("module", _outcome(module, wanted))
        self.done_modules[key] = module
        return module

    def item(self, row: Row) -> None:
        module = self.module(row)
        key = (row.track_slug, row.module_slug)
        wanted = {name: getattr(row, name) for name in ITEM_FIELDS}
        wanted["content"] = _content(row)
        wanted.update(module_id=module.pk, position=self.module_sizes[key])
        self.module_sizes[key] += 1
        item = self.items.get(row.slug)
        if item is None:
            wanted.pop("module_id")
            item = Item(
                module=module, organization_id=self.organization_id, slug=row.slug, **wanted
            )
            item.save()
            self.items[row.slug] = item
            self.created.add(row.slug)
            self.report.count("item", "created")
        else:
            self.report.count("item", _outcome(item, wanted))

    def link(self, rows: list[Row]) -> None:
        """Set prerequisites: new items' links in one insert, changed ones item by item."""
        Link = Item.prerequisites.through
        new_links = []
        for row in rows:
            item = self.items[row.slug]
            wanted = {self.items[slug].pk for slug in row.prerequisites}
            if row.slug in self.created:
                new_links += [Link(from_item_id=item.pk, to_item_id=pk) for pk in wanted]
                continue
            if {p.pk for p in item.prerequisites.all()} != wanted:
                item.prerequisites.set(wanted)
                self.report.count("item", "prerequisites changed")
        Link.objects.bulk_create(new_links)


def import_catalog(
    *,
    path: Path,
    organization_id: int | None = None,
    on_row: Callable[[int, int], None] | None = None,
    on_committed: Callable[[], None] | None = None,
) -> ImportReport:
    """Import ``path`` into the public catalog or ``organization_id``'s; see the module doc."""
    rows = read_rows(path)
    report = ImportReport()
    with transaction.atomic(), events.batched():
        catalog = _Catalog(organization_id, report)
        catalog.check(rows)
        for number, row in enumerate(rows, start=1):
            catalog.item(row)
            if on_row:
                on_row(number, len(rows))
        catalog.link(rows)
        if on_committed:
            transaction.on_commit(on_committed)  # runs before the batch of events is sent
    return report
