"""Recommendations for the caller: core's catalog and progress, the AI store's vectors."""

from __future__ import annotations

from atrium.ai.recommender.core_client import CoreClient
from atrium.ai.recommender.data import Recommendation
from atrium.ai.recommender.engagement import learners_per_item
from atrium.ai.recommender.engine import recommend
from atrium.ai.vectors import VectorStore


async def recommendations_for(
    core: CoreClient,
    store: VectorStore,
    *,
    organization_id: int | None,
    limit: int,
    kinds: list[str] | None = None,
) -> tuple[str, list[Recommendation]]:
    items = await core.catalog_items()
    progress = await core.my_progress()
    ids = [str(item.id) for item in items]
    stored = await store.vectors(ids)
    vectors = {int(item_id): vector for item_id, vector in stored.items()}
    popularity = {int(k): v for k, v in (await learners_per_item(store.engine, ids)).items()}
    if kinds:
        wanted = set(kinds)
        done = {p.item_id for p in progress if p.status == "completed"}
        items = [i for i in items if i.kind in wanted or i.id in done]
    return recommend(
        items, progress, vectors, popularity, organization_id=organization_id, limit=limit
    )
