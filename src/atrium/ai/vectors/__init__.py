"""Vector search over catalog items: pgvector on PostgreSQL, in-process over SQLite."""

from atrium.ai.vectors.base import Hit, Scope, VectorItem, VectorStore
from atrium.ai.vectors.factory import vector_store_for, vector_store_scope

__all__ = ["Hit", "Scope", "VectorItem", "VectorStore", "vector_store_for", "vector_store_scope"]
