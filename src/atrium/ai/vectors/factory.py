"""The vector store for the AI store's database: pgvector on PostgreSQL, else in-process."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.vectors.base import VectorStore
from atrium.ai.vectors.embedded import EmbeddedVectorStore
from atrium.ai.vectors.pgvector import PgVectorStore
from atrium.config import get_settings
from atrium.store.db import get_engine


def vector_store_for(engine: AsyncEngine) -> VectorStore:
    settings = get_settings()
    if engine.dialect.name == "postgresql":
        return PgVectorStore(engine, ef_search=settings.ai_vector_ef_search)
    return EmbeddedVectorStore(
        engine, ann_threshold=settings.ai_vector_ann_threshold, ef=settings.ai_vector_ef_search
    )


@lru_cache
def get_vector_store() -> VectorStore:
    return vector_store_for(get_engine())
