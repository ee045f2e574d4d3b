"""The vector store interface, and the SQL both backends share (upsert, delete, read)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from atrium.ai.embeddings.base import Vectors
from atrium.ai.models import ItemVector


@dataclass(frozen=True)
class VectorItem:
    item_id: str
    vector: Vectors
    kind: str
    title: str
    text: str
    text_hash: str
    organization_id: int | None = None  # None: a public item every organization sees
    tags: tuple[str, ...] = ()
    summary: str = ""
    source_updated_at: datetime | None = None


@dataclass(frozen=True)
class Scope:
    """What a search may return: public items plus one organization's, by kind and tag."""

    organization_id: int | None = None
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # any of them
    item_ids: tuple[str, ...] = ()  # only these, when given


@dataclass(frozen=True)
class IndexState:
    text_hash: str
    source_updated_at: datetime | None


@dataclass(frozen=True)
class Hit:
    item_id: str
    score: float  # cosine similarity, 1 is identical
    title: str
    kind: str
    organization_id: int | None
    tags: tuple[str, ...] = field(default_factory=tuple)
    summary: str = ""


class VectorStore(ABC):
    """Idempotent writes by item id; searches return the ``k`` most similar items in scope."""

    backend: str

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @abstractmethod
    async def search(
        self, vector: Vectors, k: int, scope: Scope, *, exact: bool = False
    ) -> list[Hit]:
        """Approximate by default; ``exact`` scans everything in scope (the recall baseline)."""

    async def upsert(self, items: Sequence[VectorItem]) -> None:
        if not items:
            return
        rows = [_row(item) for item in items]
        async with self.engine.begin() as connection:
            insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
            statement = insert(ItemVector)
            columns: dict[str, Any] = {
                key: statement.excluded[key] for key in rows[0] if key != "item_id"
            }
            columns["indexed_at"] = func.now()
            await connection.execute(
                statement.on_conflict_do_update(index_elements=["item_id"], set_=columns), rows
            )
            await self._written(connection)

    async def delete(self, item_ids: Sequence[str]) -> int:
        async with self.engine.begin() as connection:
            result = await connection.execute(
                delete(ItemVector).where(ItemVector.item_id.in_(list(item_ids)))
            )
            if result.rowcount:
                await self._written(connection)
            return int(result.rowcount or 0)

    async def index_states(self, item_ids: Sequence[str]) -> dict[str, IndexState]:
        query = select(
            ItemVector.item_id, ItemVector.text_hash, ItemVector.source_updated_at
        ).where(ItemVector.item_id.in_(list(item_ids)))
        async with self.engine.connect() as connection:
            return {
                row.item_id: IndexState(row.text_hash, row.source_updated_at)
                for row in await connection.execute(query)
            }

    async def text_hashes(self, item_ids: Sequence[str]) -> dict[str, str]:
        states = await self.index_states(item_ids)
        return {item_id: state.text_hash for item_id, state in states.items()}

    async def stored_items(self, batch: int = 500) -> AsyncIterator[list[VectorItem]]:
        """Every stored item with its text, in batches (what a reindex re-embeds)."""
        query = select(ItemVector).order_by(ItemVector.item_id)
        async with self.engine.connect() as connection:
            result = await connection.stream(query)
            async for rows in result.partitions(batch):
                yield [_item(row) for row in rows]

    async def count(self) -> int:
        async with self.engine.connect() as connection:
            return int(
                (await connection.execute(select(func.count(ItemVector.item_id)))).scalar_one()
            )

    async def vectors(self, item_ids: Sequence[str]) -> dict[str, Vectors]:
        query = select(ItemVector.item_id, ItemVector.embedding).where(
            ItemVector.item_id.in_(list(item_ids))
        )
        async with self.engine.connect() as connection:
            return {row.item_id: row.embedding for row in await connection.execute(query)}

    async def _written(self, connection: AsyncConnection) -> None:  # noqa: B027
        """A hook for backends that keep state outside the database; none by default."""


def _row(item: VectorItem) -> dict[str, Any]:
    return {
        "item_id": item.item_id,
        "organization_id": item.organization_id,
        "kind": item.kind,
        "tags": list(item.tags),
        "title": item.title[:300],
        "summary": item.summary,
        "text": item.text,
        "text_hash": item.text_hash,
        "embedding": np.asarray(item.vector, dtype=np.float32),
        "source_updated_at": item.source_updated_at,
    }


def _item(row: Any) -> VectorItem:
    return VectorItem(
        item_id=row.item_id,
        vector=row.embedding,
        kind=row.kind,
        title=row.title,
        text=row.text,
        text_hash=row.text_hash,
        organization_id=row.organization_id,
        tags=tuple(row.tags or ()),
        summary=row.summary,
        source_updated_at=row.source_updated_at,
    )
