"""Sentence embeddings (all-MiniLM-L6-v2, 384 dimensions, L2-normalized)."""

from atrium.ai.embeddings.base import DIMENSION, CachedEmbedder, Embedder, content_hash
from atrium.ai.embeddings.loader import get_embedder

__all__ = ["DIMENSION", "CachedEmbedder", "Embedder", "content_hash", "get_embedder"]
