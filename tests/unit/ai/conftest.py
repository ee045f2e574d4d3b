"""The real model, loaded once per test session (ONNX export included)."""

from __future__ import annotations

import pytest

from atrium.ai.embeddings import CachedEmbedder, get_embedder
from tests.support.auth import api_auth  # noqa: F401  (pytest fixture)


@pytest.fixture(scope="session")
def embedder() -> CachedEmbedder:
    return get_embedder()
