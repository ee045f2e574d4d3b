"""Keep catalog item embeddings current: index on create/update, remove on delete.

An item is re-embedded only when its text (title, summary, body) changed; a change to
its tags, kind or organization rewrites the metadata and keeps the vector. Events can
arrive out of order (retries, several workers): one older than what is stored is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool

from atrium.ai.embeddings import CachedEmbedder, content_hash
from atrium.ai.vectors import VectorItem, VectorStore
from atrium.ai.vectors.base import IndexState
from atrium.common.events import ItemChanged

MAX_TEXT_CHARS = 8000  # the model reads 256 tokens; the rest only costs tokenizer time


def item_text(change: ItemChanged) -> str:
    """What is embedded and searched: title, summary and body, capped."""
    parts = (change.title, change.summary, change.body)
    return "\n\n".join(part for part in parts if part)[:MAX_TEXT_CHARS]


@dataclass(frozen=True)
class IndexReport:
    embedded: int = 0
    metadata_only: int = 0
    stale: int = 0


async def index_items(
    changes: Sequence[ItemChanged], store: VectorStore, embedder: CachedEmbedder
) -> IndexReport:
    states = await store.index_states([c.item_id for c in changes])
    fresh = [c for c in changes if not _older(c, states.get(c.item_id))]
    to_embed = [
        c
        for c in fresh
        if c.item_id not in states or states[c.item_id].text_hash != content_hash(item_text(c))
    ]
    keep = [c for c in fresh if c not in to_embed]
    vectors = await run_in_threadpool(embedder.embed, [item_text(c) for c in to_embed])
    stored = await store.vectors([c.item_id for c in keep])
    items = [_item(c, v) for c, v in zip(to_embed, vectors, strict=True)]
    items += [_item(c, stored[c.item_id]) for c in keep]
    await store.upsert(items)
    return IndexReport(len(to_embed), len(keep), len(changes) - len(fresh))


async def remove_items(item_ids: Sequence[str], store: VectorStore) -> int:
    return await store.delete(item_ids)


async def reindex_all(
    store: VectorStore, embedder: CachedEmbedder, advance: Callable[[int], None] = lambda _: None
) -> int:
    """Re-embed every stored item from its stored text (e.g. after a model change)."""
    done = 0
    batches = [batch async for batch in store.stored_items()]
    for batch in batches:
        vectors = await run_in_threadpool(embedder.inner.embed, [item.text for item in batch])
        await store.upsert(
            [replace(item, vector=v) for item, v in zip(batch, vectors, strict=True)]
        )
        done += len(batch)
        advance(len(batch))
    return done


def _older(change: ItemChanged, state: IndexState | None) -> bool:
    if change.updated_at is None or state is None or state.source_updated_at is None:
        return False
    return _aware(change.updated_at) < _aware(state.source_updated_at)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _item(change: ItemChanged, vector: object) -> VectorItem:
    text = item_text(change)
    return VectorItem(
        item_id=change.item_id,
        vector=vector,  # type: ignore[arg-type]
        kind=change.kind,
        title=change.title,
        text=text,
        text_hash=content_hash(text),
        organization_id=change.organization_id,
        tags=tuple(change.tags),
        summary=change.summary[:1000],
        source_updated_at=change.updated_at,
    )
