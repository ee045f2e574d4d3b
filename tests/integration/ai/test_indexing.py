"""Catalog change events keep item embeddings current, on both vector backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.embeddings import CachedEmbedder, get_embedder
from atrium.ai.indexing import index_items, reindex_all, remove_items
from atrium.ai.vectors import Scope, vector_store_for
from atrium.common.events import ItemChanged

pytestmark = pytest.mark.asyncio(loop_scope="session")
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


class Counting:
    """The real model, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner = get_embedder().inner
        self.name, self.dimension = self.inner.name, self.inner.dimension
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return self.inner.embed(texts)


def change(**fields) -> ItemChanged:
    payload = {
        "item_id": "1",
        "organization_id": None,
        "kind": "lesson",
        "tags": ["phishing"],
        "title": "Spotting phishing",
        "summary": "Check senders and links.",
        "body": "Hover over links before you click.",
        "updated_at": NOW,
    }
    return ItemChanged.model_validate({**payload, **fields})


async def test_items_are_embedded_only_when_their_text_changes(ai_engine: AsyncEngine) -> None:
    store, counting = vector_store_for(ai_engine), Counting()
    embedder = CachedEmbedder(counting, max_entries=0)  # no cache: count every model call

    report = await index_items([change()], store, embedder)
    assert (report.embedded, report.metadata_only) == (1, 0)
    assert await store.count() == 1

    later = NOW + timedelta(minutes=1)
    report = await index_items([change(tags=["email"], updated_at=later)], store, embedder)
    assert (report.embedded, report.metadata_only) == (0, 1)
    assert len(counting.texts) == 1
    hits = await store.search(embedder.embed(["phishing links"])[0], 1, Scope(tags=("email",)))
    assert hits[0].item_id == "1"

    report = await index_items([change(body="New body.", updated_at=later)], store, embedder)
    assert report.embedded == 1


async def test_an_older_event_does_not_overwrite_a_newer_one(ai_engine: AsyncEngine) -> None:
    store = vector_store_for(ai_engine)
    await index_items([change(title="Newest title")], store, get_embedder())
    stale = change(title="Old title", updated_at=NOW - timedelta(hours=1))
    report = await index_items([stale], store, get_embedder())
    assert report.stale == 1
    hits = await store.search(get_embedder().embed(["phishing"])[0], 1, Scope())
    assert hits[0].title == "Newest title"


async def test_removal_is_idempotent_and_private_items_stay_private(
    ai_engine: AsyncEngine,
) -> None:
    store = vector_store_for(ai_engine)
    await index_items([change(item_id="p", organization_id=9)], store, get_embedder())
    query = get_embedder().embed(["phishing"])[0]
    assert await store.search(query, 5, Scope(organization_id=8)) == []
    assert [h.item_id for h in await store.search(query, 5, Scope(organization_id=9))] == ["p"]
    assert await remove_items(["p"], store) == 1
    assert await remove_items(["p"], store) == 0


async def test_reindex_re_embeds_every_item(ai_engine: AsyncEngine) -> None:
    store = vector_store_for(ai_engine)
    changes = [change(item_id=str(i), title=f"Lesson {i}") for i in range(5)]
    await index_items(changes, store, get_embedder())
    counting = Counting()
    advanced: list[int] = []
    done = await reindex_all(store, CachedEmbedder(counting), advanced.append)
    assert done == 5
    assert sum(advanced) == 5
    assert len(counting.texts) == 5


async def test_payloads_are_validated() -> None:
    with pytest.raises(ValueError, match="title"):
        ItemChanged.model_validate({"item_id": "1", "kind": "lesson"})
