"""Change events reach the ``ai`` queue of the real broker after commit, and only then."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from atrium.common.events import ItemChanged, ItemRemoved, ProgressChanged, UserRemoved
from atrium.core.learning.events import batched
from atrium.core.learning.models import Item, Publication, Track
from atrium.core.learning.services.import_rows import InvalidCatalogFile
from atrium.core.learning.services.importer import import_catalog
from tests.support.auth import make_user
from tests.unit.learning.catalog_files import catalog_rows, write_json
from tests.unit.learning.conftest import Sent, Team, call, make_track

Drain = Callable[[], Sent]
INDEX_ITEM, REMOVE_ITEM = ItemChanged.task, ItemRemoved.task
PROGRESS_CHANGED, REMOVE_USER = ProgressChanged.task, UserRemoved.task


def of(sent: Sent, task: str) -> list[dict[str, Any]]:
    return [payload for name, payload in sent if name == task]


@pytest.mark.django_db(transaction=True)
def test_an_item_change_is_sent_after_commit_and_never_on_rollback(ai_queue: Drain) -> None:
    track = make_track("events", items=1)
    ai_queue()
    item = Item.objects.get()
    with transaction.atomic():
        item.title = "Changed"
        item.save()
        assert ai_queue() == [], "nothing leaves while the transaction is open"
    [payload] = of(ai_queue(), INDEX_ITEM)
    assert payload == {
        "item_id": str(item.pk),
        "organization_id": None,
        "kind": "lesson",
        "tags": ["t", "events"],
        "title": "Changed",
        "summary": "",
        "body": "",
        "updated_at": item.updated_at.isoformat().replace("+00:00", "Z"),
    }

    def change_then_fail() -> None:
        with transaction.atomic():
            item.title = "Rolled back"
            item.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert ai_queue() == []
    assert track.pk


@pytest.mark.django_db(transaction=True)
def test_unpublishing_or_deleting_removes_and_publishing_indexes(ai_queue: Drain) -> None:
    track = make_track("events", items=2)
    ai_queue()
    track.state = Publication.DRAFT
    track.save()
    assert sorted(p["item_id"] for p in of(ai_queue(), REMOVE_ITEM)) == sorted(
        str(pk) for pk in Item.objects.values_list("pk", flat=True)
    )
    track.title = "Only the title"
    track.save()
    assert ai_queue() == [], "a track change that does not touch publication sends nothing"
    track = Track.objects.get(pk=track.pk)
    track.state = Publication.PUBLISHED
    track.save()
    assert len(of(ai_queue(), INDEX_ITEM)) == 2
    first = Item.objects.first()
    assert first is not None
    pk = first.pk
    first.delete()
    assert of(ai_queue(), REMOVE_ITEM) == [{"item_id": str(pk)}]


@pytest.mark.django_db(transaction=True)
def test_progress_changes_and_account_deletion_are_sent(
    client: Client, team: Team, ai_queue: Drain
) -> None:
    item = make_track("events", items=1).modules.get().items.get()
    ai_queue()
    call(
        client,
        "PUT",
        f"/api/v1/progress/{item.pk}",
        {"status": "in_progress", "time_spent_s": 9},
        **team.auth(team.member),
    )
    [payload] = of(ai_queue(), PROGRESS_CHANGED)
    assert payload["user_id"] == team.member.pk
    assert payload["item_id"] == str(item.pk)
    assert payload["status"] == "in_progress"
    assert payload["version"] == 1
    assert payload["changes"]["time_spent_s"] == [0, 9]
    call(
        client,
        "PUT",
        f"/api/v1/progress/{item.pk}",
        {"status": "in_progress", "time_spent_s": 9},
        **team.auth(team.member),
    )
    assert ai_queue() == [], "a write that changes nothing sends nothing"
    gone = make_user("gone@example.com")
    gone_id = gone.pk
    gone.delete()
    assert of(ai_queue(), REMOVE_USER) == [{"user_id": gone_id}]


@pytest.mark.django_db(transaction=True)
def test_an_import_sends_its_events_together_after_commit_or_not_at_all(
    tmp_path: Path, ai_queue: Drain
) -> None:
    rows = catalog_rows(6)
    import_catalog(path=write_json(tmp_path / "c.json", rows))
    indexed = of(ai_queue(), INDEX_ITEM)
    assert sorted(p["title"] for p in indexed) == sorted(row["title"] for row in rows)
    rows[0]["title"] = "Changed"
    rows[5]["prerequisites"] = ["nowhere"]
    with pytest.raises(InvalidCatalogFile):
        import_catalog(path=write_json(tmp_path / "c.json", rows))
    assert ai_queue() == []
    import_catalog(path=write_json(tmp_path / "c.json", catalog_rows(6)))
    assert ai_queue() == [], "an import that changes nothing sends nothing"


def test_a_batch_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError), batched():
        pass


@pytest.mark.django_db(transaction=True)
def test_a_patch_that_changes_nothing_sends_nothing(
    client: Client, team: Team, ai_queue: Drain
) -> None:
    item = make_track("quiet", org=team.org, items=1).modules.get().items.get()
    ai_queue()
    url = f"/api/v1/catalog/items/{item.pk}"
    same = {"title": item.title, "prerequisite_ids": []}
    assert call(client, "PATCH", url, same, **team.auth(team.admin)).status_code == 200
    assert ai_queue() == []
    call(client, "PATCH", url, {"summary": "Now with a summary"}, **team.auth(team.admin))
    [payload] = of(ai_queue(), INDEX_ITEM)
    assert payload["summary"] == "Now with a summary"
    assert payload["organization_id"] == team.org.pk
