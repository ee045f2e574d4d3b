"""The embedded default: vectors kept in the SQLite AI store, searched in-process.

Every write bumps a generation counter in the same transaction; a search first reads
the counter (one cheap query) and reloads its in-memory index when another process,
such as the worker indexing the catalog, has written since.
"""

from __future__ import annotations

import asyncio

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.concurrency import run_in_threadpool

from atrium.ai.embeddings.base import DIMENSION, Vectors
from atrium.ai.models import IndexGeneration, ItemVector
from atrium.ai.vectors.base import Hit, Scope, VectorStore
from atrium.ai.vectors.memory_index import IndexedRow, MemoryIndex

GENERATION = "item_vectors"


class EmbeddedVectorStore(VectorStore):
    backend = "in-process"

    def __init__(self, engine: AsyncEngine, ann_threshold: int = 20_000, ef: int = 64) -> None:
        super().__init__(engine)
        self.ann_threshold = ann_threshold
        self.ef = ef
        self._index: MemoryIndex | None = None
        self._generation: int | None = None
        self._lock = asyncio.Lock()

    async def search(
        self, vector: Vectors, k: int, scope: Scope, *, exact: bool = False
    ) -> list[Hit]:
        index = await self.index()
        return index.search(vector, k, scope, exact=exact)

    async def index(self) -> MemoryIndex:
        async with self._lock:
            generation = await self._current_generation()
            if self._index is None or generation != self._generation:
                self._index = await self._load()
                self._generation = generation
            return self._index

    async def _current_generation(self) -> int:
        query = select(IndexGeneration.generation).where(IndexGeneration.name == GENERATION)
        async with self.engine.connect() as connection:
            return int((await connection.execute(query)).scalar() or 0)

    async def _load(self) -> MemoryIndex:
        query = select(
            ItemVector.item_id,
            ItemVector.organization_id,
            ItemVector.kind,
            ItemVector.tags,
            ItemVector.title,
            ItemVector.summary,
            ItemVector.embedding,
        ).order_by(ItemVector.item_id)
        async with self.engine.connect() as connection:
            result = (await connection.execute(query)).all()
        rows = [
            IndexedRow(
                r.item_id, r.organization_id, r.kind, tuple(r.tags or ()), r.title, r.summary
            )
            for r in result
        ]
        matrix = (
            np.stack([r.embedding for r in result])
            if result
            else np.zeros((0, DIMENSION), dtype=np.float32)
        )
        return await run_in_threadpool(
            MemoryIndex, rows, matrix, ann_threshold=self.ann_threshold, ef=self.ef
        )

    async def _written(self, connection: AsyncConnection) -> None:
        await connection.execute(
            insert(IndexGeneration)
            .values(name=GENERATION, generation=0)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        await connection.execute(
            update(IndexGeneration)
            .where(IndexGeneration.name == GENERATION)
            .values(generation=IndexGeneration.generation + 1)
        )
