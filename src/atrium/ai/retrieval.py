"""Find catalog items for a text: embed it, then search the vector store in the caller's scope."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from atrium.ai.embeddings import CachedEmbedder
from atrium.ai.vectors import Hit, Scope, VectorStore

MIN_SCORE = 0.15  # below this cosine an item is not about the text at all
# A chat citation must answer the question, not merely be the nearest item: on the demo
# catalog an unrelated question ("a Python function") still finds items at 0.10-0.16, a
# related one at 0.45-0.75. The margin keeps one strong match from dragging in weak ones.
CITATION_MIN_SCORE = 0.3
CITATION_MARGIN = 0.15


@dataclass(frozen=True)
class Citation:
    number: int
    item_id: str
    title: str
    kind: str
    score: float
    summary: str


@dataclass(frozen=True)
class Retriever:
    store: VectorStore
    embedder: CachedEmbedder

    async def related_items(self, text: str, scope: Scope, k: int = 5) -> list[Hit]:
        vectors = await run_in_threadpool(self.embedder.embed, [text])
        hits = await self.store.search(vectors[0], k, scope)
        return [hit for hit in hits if hit.score >= MIN_SCORE]

    async def citations_for(
        self, text: str, organization_id: int | None, k: int = 5
    ) -> list[Citation]:
        hits = await self.related_items(text, Scope(organization_id=organization_id), k)
        best = max((hit.score for hit in hits), default=0.0)
        hits = [h for h in hits if h.score >= max(CITATION_MIN_SCORE, best - CITATION_MARGIN)]
        return [
            Citation(n, hit.item_id, hit.title, hit.kind, round(hit.score, 4), hit.summary)
            for n, hit in enumerate(hits, start=1)
        ]
