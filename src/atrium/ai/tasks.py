"""Celery tasks on the ``ai`` queue. Producers send them by name, with JSON payloads:

``atrium.ai.tasks.index_item`` - an item was created or changed::

    {"item_id": "42", "organization_id": 7 | null (public), "kind": "lesson",
     "tags": ["phishing"], "title": "...", "summary": "...", "body": "...",
     "updated_at": "2026-11-23T12:00:00Z"}

``atrium.ai.tasks.remove_item`` - an item was deleted or unpublished: ``{"item_id": "42"}``

``atrium.ai.tasks.progress_changed`` - a learner's progress changed (the popularity
signal for cold-start recommendations)::

    {"user_id": 5, "item_id": 42, "organization_id": 7 | null, "status": "completed",
     "updated_at": "2026-11-23T12:00:00Z", ...}   (other fields are ignored)

``atrium.ai.tasks.remove_user`` - a user was deleted: ``{"user_id": 5}`` (drops their
personality profile, chat usage and engagement records)

``atrium.ai.tasks.reindex`` - re-embed every stored item: ``{}``

All are idempotent (the worker acknowledges late, so a task may run twice), and an
invalid payload is rejected without retry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import delete
from sqlalchemy.exc import OperationalError

from atrium.ai.embeddings import get_embedder
from atrium.ai.indexing import ItemChange, index_items, reindex_all, remove_items
from atrium.ai.models import ChatUsage, ItemEngagement, PersonalityProfile
from atrium.ai.recommender.engagement import ProgressChange, record_progress
from atrium.ai.vectors import VectorStore, vector_store_for
from atrium.config import get_settings
from atrium.store.db import build_engine
from atrium.tasks.app import celery_app

T = TypeVar("T")


def store_task(name: str) -> Any:
    """A task on the AI store: retried with backoff while the database is unreachable."""
    return celery_app.task(
        name=name, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
    )


def _with_store(work: Callable[[VectorStore], Awaitable[T]]) -> T:
    """Run ``work`` on an engine of this call's own event loop (each task runs its own)."""

    async def run() -> T:
        engine = build_engine(get_settings().ai_store_url)
        try:
            return await work(vector_store_for(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


@store_task("atrium.ai.tasks.index_item")
def index_item(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        change = ItemChange.model_validate(payload)
    except ValidationError as exc:
        return {"rejected": exc.errors(include_url=False, include_context=False)}
    report = _with_store(lambda store: index_items([change], store, get_embedder()))
    return {"item_id": change.item_id, **report.__dict__}


@store_task("atrium.ai.tasks.remove_item")
def remove_item(payload: dict[str, Any]) -> dict[str, Any]:
    item_id = str(payload.get("item_id", ""))
    if not item_id:
        return {"rejected": "item_id is required"}
    removed = _with_store(lambda store: remove_items([item_id], store))
    return {"item_id": item_id, "removed": removed}


@store_task("atrium.ai.tasks.progress_changed")
def progress_changed(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        change = ProgressChange.model_validate(payload)
    except ValidationError as exc:
        return {"rejected": exc.errors(include_url=False, include_context=False)}
    _with_store(lambda store: record_progress(store.engine, change))
    return {"user_id": change.user_id, "item_id": str(change.item_id), "status": change.status}


@store_task("atrium.ai.tasks.remove_user")
def remove_user(payload: dict[str, Any]) -> dict[str, Any]:
    user_id = payload.get("user_id")
    if not isinstance(user_id, int):
        return {"rejected": "user_id must be an integer"}

    async def work(store: VectorStore) -> None:
        async with store.engine.begin() as connection:
            await connection.execute(
                delete(PersonalityProfile).where(PersonalityProfile.user_id == user_id)
            )
            await connection.execute(delete(ChatUsage).where(ChatUsage.user_id == user_id))
            await connection.execute(
                delete(ItemEngagement).where(ItemEngagement.user_id == user_id)
            )

    _with_store(work)
    return {"user_id": user_id, "removed": True}


@store_task("atrium.ai.tasks.reindex")
def reindex(payload: dict[str, Any] | None = None) -> dict[str, int]:
    count = _with_store(lambda store: reindex_all(store, get_embedder()))
    return {"reindexed": count}
