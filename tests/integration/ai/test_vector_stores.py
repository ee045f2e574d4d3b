"""Both vector backends behave the same: idempotent writes, nearest first, scoped search."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.vectors import Scope, VectorItem, vector_store_for
from atrium.ai.vectors.embedded import EmbeddedVectorStore

pytestmark = pytest.mark.asyncio(loop_scope="session")
RNG = np.random.default_rng(7)


def unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def item(item_id: str, vector: np.ndarray, **fields) -> VectorItem:
    defaults = {
        "kind": "lesson",
        "title": f"Item {item_id}",
        "text": item_id,
        "text_hash": f"h-{item_id}",
    }
    return VectorItem(item_id=item_id, vector=unit(vector), **{**defaults, **fields})


async def test_upsert_and_delete_are_idempotent(ai_engine: AsyncEngine) -> None:
    store = vector_store_for(ai_engine)
    base = RNG.normal(size=384)
    await store.upsert([item("a", base)])
    await store.upsert([item("a", base, title="Renamed", text_hash="h2")])
    hits = await store.search(unit(base), 5, Scope())
    assert [(h.item_id, h.title) for h in hits] == [("a", "Renamed")]
    assert hits[0].score > 0.999
    assert await store.text_hashes(["a", "missing"]) == {"a": "h2"}
    assert await store.delete(["a"]) == 1
    assert await store.delete(["a"]) == 0
    assert await store.search(unit(base), 5, Scope()) == []


async def test_nearest_items_come_first(ai_engine: AsyncEngine) -> None:
    store = vector_store_for(ai_engine)
    query = RNG.normal(size=384)
    items = [item(f"n{i}", query + RNG.normal(size=384) * (0.2 + i * 0.3)) for i in range(6)]
    await store.upsert(items)
    for exact in (False, True):
        hits = await store.search(unit(query), 3, Scope(), exact=exact)
        assert [h.item_id for h in hits] == ["n0", "n1", "n2"]
        assert hits[0].score > hits[1].score > hits[2].score


async def test_search_stays_in_scope(ai_engine: AsyncEngine) -> None:
    store = vector_store_for(ai_engine)
    query = RNG.normal(size=384)
    near = query + RNG.normal(size=384) * 0.1
    await store.upsert(
        [
            item("public-lesson", near, tags=("phishing", "email")),
            item("public-quiz", near, kind="quiz", tags=("phishing",)),
            item("org1-lab", near, kind="lab", organization_id=1, tags=("network",)),
            item("org2-secret", query, organization_id=2, tags=("phishing",)),  # the nearest of all
        ]
    )

    async def ids(scope: Scope) -> set[str]:
        return {h.item_id for h in await store.search(unit(query), 10, scope)}

    assert await ids(Scope(organization_id=1)) == {"public-lesson", "public-quiz", "org1-lab"}
    assert await ids(Scope()) == {"public-lesson", "public-quiz"}
    assert await ids(Scope(organization_id=2, kinds=("lesson",))) == {
        "public-lesson",
        "org2-secret",
    }
    assert await ids(Scope(organization_id=1, tags=("network", "email"))) == {
        "public-lesson",
        "org1-lab",
    }
    assert await ids(Scope(organization_id=1, item_ids=("public-quiz", "org2-secret"))) == {
        "public-quiz"
    }


async def test_another_process_sees_writes(ai_engine: AsyncEngine) -> None:
    reader, writer = vector_store_for(ai_engine), vector_store_for(ai_engine)
    query = RNG.normal(size=384)
    assert await reader.search(unit(query), 3, Scope()) == []
    await writer.upsert([item("late", query)])
    assert [h.item_id for h in await reader.search(unit(query), 3, Scope())] == ["late"]
    await writer.delete(["late"])
    assert await reader.search(unit(query), 3, Scope()) == []


async def test_the_embedded_store_switches_to_hnsw_above_its_threshold(
    ai_engine: AsyncEngine,
) -> None:
    if ai_engine.dialect.name != "sqlite":
        pytest.skip("the HNSW threshold belongs to the embedded store")
    store = EmbeddedVectorStore(ai_engine, ann_threshold=200)
    vectors = RNG.normal(size=(400, 384))
    await store.upsert(
        [item(f"v{i:03}", v, organization_id=(i % 2) or None) for i, v in enumerate(vectors)]
    )
    index = await store.index()
    assert index.ann is not None
    recalls = []
    for query in RNG.normal(size=(20, 384)):
        approx = await store.search(unit(query), 10, Scope(organization_id=1))
        exact = await store.search(unit(query), 10, Scope(organization_id=1), exact=True)
        assert all(h.organization_id in (None, 1) for h in approx)
        recalls.append(len({h.item_id for h in approx} & {h.item_id for h in exact}) / 10)
    assert np.mean(recalls) >= 0.9
