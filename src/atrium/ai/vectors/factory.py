"""The vector store for the AI store's database: pgvector on PostgreSQL, else in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.vectors.base import VectorStore
from atrium.ai.vectors.embedded import EmbeddedVectorStore
from atrium.ai.vectors.pgvector import PgVectorStore
from atrium.config import get_settings
from atrium.store.db import build_engine


def vector_store_for(engine: AsyncEngine) -> VectorStore:
    settings = get_settings()
    if engine.dialect.name == "postgresql":
        return PgVectorStore(engine, ef_search=settings.ai_vector_ef_search)
    return EmbeddedVectorStore(
        engine, ann_threshold=settings.ai_vector_ann_threshold, ef=settings.ai_vector_ef_search
    )


@asynccontextmanager
async def vector_store_scope() -> AsyncIterator[VectorStore]:
    """The store on an engine of its own, disposed at the end: for a Celery task or a CLI
    command, each running its own event loop (api's process-wide store is in its deps)."""
    engine = build_engine(get_settings().ai_store_url)
    try:
        yield vector_store_for(engine)
    finally:
        await engine.dispose()
