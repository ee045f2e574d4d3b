"""The AI store's tables for embeddings, personality profiles and chat usage.

Vectors are pgvector ``vector(384)`` columns on PostgreSQL (with an HNSW index made by
the migration) and float32 bytes on SQLite, where they are searched in-process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from atrium.ai.embeddings.base import DIMENSION
from atrium.store.db import Base


class EmbeddingType(TypeDecorator[np.ndarray]):
    """A float32 vector: pgvector on PostgreSQL, raw little-endian bytes elsewhere."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Vector(DIMENSION))
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        vector = np.asarray(value, dtype="<f4")
        return vector if dialect.name == "postgresql" else vector.tobytes()

    def process_result_value(self, value: Any, dialect: Dialect) -> np.ndarray | None:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return np.asarray(value, dtype=np.float32)
        return np.frombuffer(value, dtype="<f4").astype(np.float32)


Tags = JSON().with_variant(JSONB(), "postgresql")


class ItemVector(Base):
    """One catalog item's embedding and what search filters and cites it by."""

    __tablename__ = "ai_item_vectors"

    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(BigInteger, index=True)  # None: public
    kind: Mapped[str] = mapped_column(String(32), index=True)
    tags: Mapped[list[str]] = mapped_column(Tags, default=list)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    embedding: Mapped[np.ndarray] = mapped_column(EmbeddingType)
    source_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    indexed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class IndexGeneration(Base):
    """Bumped on every vector write, so in-process indexes know when to reload."""

    __tablename__ = "ai_index_generation"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)


class PersonalityProfile(Base):
    """A user's Big Five result, kept only when the user consented."""

    __tablename__ = "ai_personality_profiles"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(100))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ChatUsage(Base):
    """Tokens one LLM call used (a chat answer, a personality narrative), per provider (also
    exported as Prometheus counters): the ledger each organization's monthly LLM budget is
    read from."""

    __tablename__ = "ai_chat_usage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    organization_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    provider: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(100))
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


class ItemEngagement(Base):
    """A user's latest status on an item (from core's progress events): popularity."""

    __tablename__ = "ai_item_engagement"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    organization_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChatConversation(Base):
    """One user's chat conversation, its turns kept whole: it is always read whole."""

    __tablename__ = "ai_chat_conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    title: Mapped[str] = mapped_column(String(120))
    turns: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
