"""The ``Embedder`` interface, and the content-hash cache every embedder is served through."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from atrium.common.lru import Lru

DIMENSION = 384
Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalized float32 rows, one per text, in order."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def l2_normalize(vectors: npt.NDArray[np.floating]) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


def in_batches(texts: Sequence[str], size: int) -> list[list[int]]:
    """Index batches ordered by length, so each batch pads little."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    return [order[start : start + size] for start in range(0, len(order), size)]


class CachedEmbedder:
    """Wraps an embedder with a bounded LRU keyed by the text's SHA-256.

    Safe to share between threads: the model runs outside the cache's lock.
    """

    def __init__(self, inner: Embedder, max_entries: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._cache: Lru[str, Vectors] = Lru(max_entries)

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [content_hash(text) for text in texts]
        found: dict[str, Vectors] = {}
        for key in keys:
            if (row := self._cache.get(key)) is not None:
                found[key] = row
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            fresh = self.inner.embed([text_of[key] for key in missing])
            for key, row in zip(missing, fresh, strict=True):
                found[key] = row
                self._cache.put(key, row)
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[key] for key in keys])
