"""An in-process index over every stored vector: exact with numpy, HNSW (usearch) when large.

The HNSW walk cannot filter, so it fetches a generous candidate list and filters that;
when too few candidates are in scope the search falls back to an exact scan of the scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from atrium.ai.embeddings.base import DIMENSION, Vectors
from atrium.ai.vectors.base import Hit, Scope

PUBLIC = -1


@dataclass(frozen=True)
class IndexedRow:
    item_id: str
    organization_id: int | None
    kind: str
    tags: tuple[str, ...]
    title: str
    summary: str


class MemoryIndex:
    def __init__(
        self, rows: Sequence[IndexedRow], matrix: Vectors, *, ann_threshold: int, ef: int = 64
    ) -> None:
        self.rows = list(rows)
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32).reshape(-1, DIMENSION)
        self.organizations = np.array(
            [PUBLIC if r.organization_id is None else r.organization_id for r in rows],
            dtype=np.int64,
        )
        self.kinds = np.array([r.kind for r in rows], dtype=object)
        self.ann: Any = None
        if len(rows) >= ann_threshold:
            self.ann = _build_hnsw(self.matrix, ef)

    def __len__(self) -> int:
        return len(self.rows)

    def search(self, vector: Vectors, k: int, scope: Scope, *, exact: bool = False) -> list[Hit]:
        if not self.rows or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(DIMENSION)
        mask = self._mask(scope)
        if self.ann is not None and not exact:
            found = self._search_ann(query, k, mask)
            if len(found) >= min(k, int(mask.sum())):
                return found
        return self._search_exact(query, k, mask)

    def _mask(self, scope: Scope) -> npt.NDArray[np.bool_]:
        mask = self.organizations == PUBLIC
        if scope.organization_id is not None:
            mask |= self.organizations == scope.organization_id
        if scope.kinds:
            mask &= np.isin(self.kinds, list(scope.kinds))
        if scope.tags:
            wanted = set(scope.tags)
            mask &= np.fromiter(
                (not wanted.isdisjoint(r.tags) for r in self.rows), bool, len(self.rows)
            )
        if scope.item_ids:
            wanted_ids = set(scope.item_ids)
            mask &= np.fromiter((r.item_id in wanted_ids for r in self.rows), bool, len(self.rows))
        return mask

    def _search_exact(self, query: Vectors, k: int, mask: npt.NDArray[np.bool_]) -> list[Hit]:
        in_scope = int(mask.sum())
        if in_scope == 0:
            return []
        # One pass over every row beats copying the rows in scope out first.
        scores = np.where(mask, self.matrix @ query, -np.inf)
        top = min(k, in_scope)
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [self._hit(int(i), float(scores[i])) for i in best]

    def _search_ann(self, query: Vectors, k: int, mask: npt.NDArray[np.bool_]) -> list[Hit]:
        share = max(float(mask.mean()), 1e-3)
        count = min(len(self.rows), max(k * 4, int(k / share * 2)))
        matches = self.ann.search(query, count)
        hits = []
        for key, distance in zip(matches.keys, matches.distances, strict=True):
            if mask[int(key)]:
                hits.append(self._hit(int(key), 1.0 - float(distance)))
                if len(hits) == k:
                    break
        return hits

    def _hit(self, position: int, score: float) -> Hit:
        row = self.rows[position]
        return Hit(
            item_id=row.item_id,
            score=score,
            title=row.title,
            kind=row.kind,
            organization_id=row.organization_id,
            tags=row.tags,
            summary=row.summary,
        )


def _build_hnsw(matrix: Vectors, ef: int) -> Any:
    from usearch.index import Index

    index = Index(
        ndim=DIMENSION,
        metric="cos",
        dtype="f32",
        connectivity=16,
        expansion_add=128,
        expansion_search=max(ef, 64),
    )
    index.add(np.arange(len(matrix), dtype=np.uint64), matrix)
    return index
