"""The ``ai`` queue's tasks, by the names and payloads producers send."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from atrium.ai.tasks import index_item, progress_changed, remove_item, remove_user
from atrium.ai.vectors import vector_store_for
from atrium.config import get_settings
from atrium.store.db import build_engine
from atrium.store.migrate import upgrade
from atrium.tasks.app import celery_app
from atrium.tasks.routing import TASK_ROUTES

ITEM = f"t-{uuid.uuid4().hex[:12]}"
PAYLOAD = {
    "item_id": ITEM,
    "organization_id": None,
    "kind": "quiz",
    "tags": ["backups"],
    "title": "Backups quiz",
    "summary": "3-2-1 rule",
    "body": "",
    "updated_at": None,
}


@pytest.fixture(scope="module", autouse=True)
def _migrated() -> None:
    upgrade()


def stored_ids() -> list[str]:
    async def run() -> list[str]:
        engine = build_engine(get_settings().ai_store_url)
        store = vector_store_for(engine)
        ids = [item.item_id for batch in [b async for b in store.stored_items()] for item in batch]
        await engine.dispose()
        return ids

    return asyncio.run(run())


def test_the_tasks_are_registered_by_name_on_the_ai_queue() -> None:
    for name in ("index_item", "remove_item", "remove_user", "reindex"):
        assert f"atrium.ai.tasks.{name}" in celery_app.tasks
    assert TASK_ROUTES["atrium.ai.*"] == {"queue": "ai"}
    assert celery_app.amqp.router.route({}, "atrium.ai.tasks.index_item")["queue"].name == "ai"


def test_index_then_remove_by_payload() -> None:
    result = index_item.apply(args=[PAYLOAD]).get()
    assert result == {"item_id": ITEM, "embedded": 1, "metadata_only": 0, "stale": 0}
    assert ITEM in stored_ids()
    assert index_item.apply(args=[PAYLOAD]).get()["metadata_only"] == 1
    assert remove_item.apply(args=[{"item_id": ITEM}]).get()["removed"] == 1
    assert remove_item.apply(args=[{"item_id": ITEM}]).get()["removed"] == 0
    assert ITEM not in stored_ids()


def test_invalid_payloads_are_rejected_not_retried() -> None:
    assert "rejected" in index_item.apply(args=[{"item_id": "x"}]).get()
    assert "rejected" in remove_item.apply(args=[{}]).get()
    assert "rejected" in remove_user.apply(args=[{"user_id": "five"}]).get()
    assert remove_user.apply(args=[{"user_id": 5}]).get() == {"user_id": 5, "removed": True}


def learners(item_id: str) -> int:
    from atrium.ai.recommender.engagement import learners_per_item

    async def run() -> int:
        engine = build_engine(get_settings().ai_store_url)
        counts = await learners_per_item(engine, [item_id])
        await engine.dispose()
        return counts.get(item_id, 0)

    return asyncio.run(run())


def test_progress_events_count_learners_in_order() -> None:
    item = f"i{uuid.uuid4().hex[:12]}"  # the default store outlives a run: a fresh item
    first, second = (uuid.uuid4().int % 10**9 for _ in range(2))

    def event(user: int, status: str, at: str) -> dict:
        return {
            "user_id": user,
            "item_id": item,
            "organization_id": 3,
            "status": status,
            "score": None,
            "version": 1,
            "changes": {},
            "updated_at": at,
        }

    progress_changed.apply(args=[event(first, "in_progress", "2026-11-23T10:00:00Z")]).get()
    progress_changed.apply(args=[event(second, "completed", "2026-11-23T10:00:00Z")]).get()
    progress_changed.apply(args=[event(second, "completed", "2026-11-23T10:00:00Z")]).get()
    assert learners(item) == 2
    progress_changed.apply(args=[event(first, "not_started", "2026-11-23T11:00:00Z")]).get()
    assert learners(item) == 1
    progress_changed.apply(args=[event(first, "in_progress", "2026-11-23T09:00:00Z")]).get()
    assert learners(item) == 1  # older than the reset: ignored
    remove_user.apply(args=[{"user_id": second}]).get()
    assert learners(item) == 0
    assert "rejected" in progress_changed.apply(args=[{"user_id": 1}]).get()
