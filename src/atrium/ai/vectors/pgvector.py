"""PostgreSQL + pgvector: an HNSW index on cosine distance, ``ef_search`` per query.

pgvector's HNSW scan applies filters after the index walk, so a narrow scope can leave
fewer than ``k`` rows; the search then repeats as an exact scan over the scope.
"""

from __future__ import annotations

from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.ai.embeddings.base import DIMENSION, Vectors
from atrium.ai.vectors.base import Hit, Scope, VectorStore

SEARCH_SQL = (
    "SELECT item_id, title, kind, organization_id, tags, summary,"
    " 1 - (embedding <=> :q) AS score FROM ai_item_vectors"
    " WHERE {where} ORDER BY embedding <=> :q LIMIT :k"
)


class PgVectorStore(VectorStore):
    backend = "pgvector"

    def __init__(self, engine: AsyncEngine, ef_search: int = 64) -> None:
        super().__init__(engine)
        self.ef_search = ef_search

    async def search(
        self, vector: Vectors, k: int, scope: Scope, *, exact: bool = False
    ) -> list[Hit]:
        hits = await self._query(vector, k, scope, exact=exact)
        if not exact and len(hits) < k:
            hits = await self._query(vector, k, scope, exact=True)
        return hits

    async def _query(self, vector: Vectors, k: int, scope: Scope, *, exact: bool) -> list[Hit]:
        where, params = _where(scope)
        # The clauses are fixed strings; every value is a bound parameter.
        query = text(SEARCH_SQL.format(where=where))
        query = query.bindparams(bindparam("q", type_=Vector(DIMENSION)))
        async with self.engine.begin() as connection:
            if exact:
                await connection.execute(text("SET LOCAL enable_indexscan = off"))
            else:
                ef = max(int(self.ef_search), k)
                await connection.execute(text(f"SET LOCAL hnsw.ef_search = {ef}"))
            rows = await connection.execute(query, {"q": vector, "k": k, **params})
            return [
                Hit(
                    item_id=row.item_id,
                    score=float(row.score),
                    title=row.title,
                    kind=row.kind,
                    organization_id=row.organization_id,
                    tags=tuple(row.tags or ()),
                    summary=row.summary,
                )
                for row in rows
            ]


def _where(scope: Scope) -> tuple[str, dict[str, Any]]:
    clauses = ["(organization_id IS NULL OR organization_id = :org)"]
    params: dict[str, Any] = {"org": scope.organization_id}
    if scope.kinds:
        clauses.append("kind = ANY(:kinds)")
        params["kinds"] = list(scope.kinds)
    if scope.tags:
        clauses.append("tags ?| CAST(:tags AS text[])")
        params["tags"] = list(scope.tags)
    if scope.item_ids:
        clauses.append("item_id = ANY(:ids)")
        params["ids"] = list(scope.item_ids)
    return " AND ".join(clauses), params
