"""Vector search over catalog items: pgvector on PostgreSQL, in-process over SQLite."""

from atrium.ai.vectors.base import Hit, Scope, VectorItem, VectorStore
from atrium.ai.vectors.factory import get_vector_store, vector_store_for

__all__ = ["Hit", "Scope", "VectorItem", "VectorStore", "get_vector_store", "vector_store_for"]
