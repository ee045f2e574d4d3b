"""Celery tasks on the ``ai`` queue.

Core's change events arrive by the task names and shapes of ``atrium.common.events``: each
payload is validated with its event's model, and a malformed one is logged and dropped
(retrying cannot mend it). ``atrium.ai.tasks.reindex`` re-embeds every stored item.

All are idempotent (the worker acknowledges late, so a task may run twice). Each opens
the AI store for its own event loop (``vector_store_scope``) and is retried with backoff
while the database is unreachable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog
from pydantic import ValidationError
from sqlalchemy import delete
from sqlalchemy.exc import OperationalError

from atrium.ai.embeddings import get_embedder
from atrium.ai.indexing import index_items, reindex_all, remove_items
from atrium.ai.models import ChatUsage, ItemEngagement, PersonalityProfile
from atrium.ai.recommender.engagement import record_progress
from atrium.ai.vectors import VectorStore, vector_store_scope
from atrium.common.events import ChangeEvent, ItemChanged, ItemRemoved, ProgressChanged, UserRemoved
from atrium.tasks.app import celery_app

T = TypeVar("T")
E = TypeVar("E", bound=ChangeEvent)
Result = dict[str, Any]
log = structlog.get_logger(__name__)


def store_task(name: str) -> Any:
    """A task on the AI store: retried with backoff while the database is unreachable."""
    return celery_app.task(
        name=name, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
    )


def received(model: type[E], payload: object) -> E | None:
    """The event in ``payload``, or None (logged) when it is malformed."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        log.warning("malformed change event dropped", task=model.task, errors=errors)
        return None


def event_task(model: type[E]) -> Callable[[Callable[[E], Result]], Any]:
    """Register ``handle`` as the task of ``model``'s events, given the validated event."""

    def register(handle: Callable[[E], Result]) -> Any:
        def task(payload: object) -> Result:
            event = received(model, payload)
            return {"rejected": model.task} if event is None else handle(event)

        task.__name__ = task.__qualname__ = handle.__name__
        return store_task(model.task)(task)

    return register


def _with_store(work: Callable[[VectorStore], Awaitable[T]]) -> T:
    """Run ``work`` on the store, in this task's own event loop."""

    async def run() -> T:
        async with vector_store_scope() as store:
            return await work(store)

    return asyncio.run(run())


@event_task(ItemChanged)
def index_item(event: ItemChanged) -> Result:
    report = _with_store(lambda store: index_items([event], store, get_embedder()))
    return {"item_id": event.item_id, **report.__dict__}


@event_task(ItemRemoved)
def remove_item(event: ItemRemoved) -> Result:
    removed = _with_store(lambda store: remove_items([event.item_id], store))
    return {"item_id": event.item_id, "removed": removed}


@event_task(ProgressChanged)
def progress_changed(event: ProgressChanged) -> Result:
    _with_store(lambda store: record_progress(store.engine, event))
    return {"user_id": event.user_id, "item_id": event.item_id, "status": event.status}


@event_task(UserRemoved)
def remove_user(event: UserRemoved) -> Result:
    async def work(store: VectorStore) -> None:
        async with store.engine.begin() as connection:
            for table in (PersonalityProfile, ChatUsage, ItemEngagement):
                await connection.execute(delete(table).where(table.user_id == event.user_id))

    _with_store(work)
    return {"user_id": event.user_id, "removed": True}


@store_task("atrium.ai.tasks.reindex")
def reindex(payload: dict[str, Any] | None = None) -> dict[str, int]:
    count = _with_store(lambda store: reindex_all(store, get_embedder()))
    return {"reindexed": count}
