"""The real model, loaded once per test session (ONNX export included)."""

from __future__ import annotations

import pytest

from atrium.ai.embeddings import CachedEmbedder, get_embedder


@pytest.fixture(scope="session")
def embedder() -> CachedEmbedder:
    return get_embedder()
