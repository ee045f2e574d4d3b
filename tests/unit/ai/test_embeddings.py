from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from httpx import ASGITransport, AsyncClient

from atrium.ai.embeddings import CachedEmbedder, loader
from atrium.ai.embeddings.loader import load_sentence_transformers, model_dir, onnx_path
from atrium.ai.embeddings.runtimes import ONNX_BATCH_SIZE, OnnxEmbedder
from atrium.api import deps
from atrium.api.main import create_app
from tests.support.auth import TokenIssuer

TEXTS = [
    "Phishing emails imitate trusted senders.",
    "Rotate credentials after a breach.",
    "ok",
    "A considerably longer sentence about network segmentation, firewalls and the principle "
    "of least privilege, so that batches carry padding.",
]


def test_the_served_runtime_is_onnx_and_matches_sentence_transformers(
    embedder: CachedEmbedder,
) -> None:
    assert "onnxruntime" in embedder.name
    onnx = embedder.embed(TEXTS)
    reference = load_sentence_transformers().embed(TEXTS)
    cosines = (onnx * reference).sum(axis=1)
    assert cosines.min() >= 0.999, cosines


def test_batches_embedded_side_by_side_land_in_their_texts_rows(
    embedder: CachedEmbedder,
) -> None:
    texts = [f"{text} ({n})" for n in range(20) for text in TEXTS]  # 80: several batches
    assert len(texts) > 2 * ONNX_BATCH_SIZE
    side_by_side = OnnxEmbedder(model_dir(), onnx_path(), workers=3).embed(texts)
    one_at_a_time = OnnxEmbedder(model_dir(), onnx_path(), workers=1)
    for row, text in zip(side_by_side, texts, strict=True):
        assert float(row @ one_at_a_time.embed([text])[0]) > 0.99999


def test_the_export_is_written_once_and_reused(
    embedder: CachedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = loader.onnx_path()
    assert exported.is_file()
    assert not [p.name for p in exported.parent.iterdir() if p.name.startswith(".")]

    def export_again(*args: object) -> None:
        raise AssertionError("the model was exported a second time")

    monkeypatch.setattr("atrium.ai.embeddings.onnx_export.export_onnx", export_again)
    assert "onnxruntime" in loader.load_onnx().name


def test_a_damaged_export_is_exported_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "model.onnx"
    damaged.write_bytes(b"not an onnx model")
    monkeypatch.setattr(loader, "onnx_path", lambda: damaged)
    served = loader.load_embedder("onnx")
    assert "onnxruntime" in served.name
    assert damaged.stat().st_size > 1_000_000
    reference = load_sentence_transformers().embed(TEXTS[:2])
    assert (served.embed(TEXTS[:2]) * reference).sum(axis=1).min() >= 0.999


def test_sentence_transformers_serves_when_onnx_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> None:
        raise ImportError("onnxruntime is not installed")

    monkeypatch.setattr(loader, "load_onnx", unavailable)
    assert "sentence-transformers" in loader.load_embedder("onnx").name
    assert "sentence-transformers" in loader.load_embedder("sentence-transformers").name


def test_vectors_are_normalized_ordered_and_cached(embedder: CachedEmbedder) -> None:
    vectors = embedder.embed(TEXTS)
    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    again = embedder.embed([TEXTS[2], TEXTS[0]])
    np.testing.assert_array_equal(again, vectors[[2, 0]])
    similar = embedder.embed(["How to spot a phishing email", "Baking sourdough bread"])
    assert similar[0] @ vectors[0] > similar[1] @ vectors[0]


class CountingEmbedder:
    name, dimension = "counting", 3

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts):
        self.seen.extend(texts)
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_the_cache_embeds_each_distinct_text_once() -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, max_entries=2)
    first = cached.embed(["a", "bb", "a"])
    assert inner.seen == ["a", "bb"]
    np.testing.assert_array_equal(first[0], first[2])
    cached.embed(["bb"])
    assert inner.seen == ["a", "bb"]
    cached.embed(["ccc", "a"])  # "a" is a hit; adding "ccc" evicts "bb", the least recent
    assert inner.seen == ["a", "bb", "ccc"]
    cached.embed(["bb"])
    assert inner.seen == ["a", "bb", "ccc", "bb"]


@pytest.fixture
async def client(embedder: CachedEmbedder):
    app = create_app()
    app.dependency_overrides[deps.embedder] = lambda: embedder
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://api") as c:
        yield c


@pytest.mark.asyncio(loop_scope="session")
async def test_the_endpoint_embeds_texts(client: AsyncClient, api_auth: TokenIssuer) -> None:
    response = await client.post(
        "/api/v1/embeddings", json={"texts": TEXTS[:2]}, headers=api_auth.header(7, 1, "member")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dimension"] == 384
    assert len(body["embeddings"]) == 2
    assert len(body["embeddings"][0]) == 384


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize(
    "texts",
    [[], ["x" * 2001], ["  "], ["a"] * 65, "not a list"],
    ids=["none", "too-long", "blank", "too-many", "wrong-type"],
)
async def test_the_endpoint_refuses_beyond_its_limits(
    client: AsyncClient, texts, api_auth: TokenIssuer
) -> None:
    response = await client.post(
        "/api/v1/embeddings", json={"texts": texts}, headers=api_auth.header(7, 1, "member")
    )
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.asyncio(loop_scope="session")
async def test_the_endpoint_needs_a_token(client: AsyncClient) -> None:
    response = await client.post("/api/v1/embeddings", json={"texts": ["a"]})
    assert response.status_code == 401


def test_processes_loading_at_once_export_the_model_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from atrium.ai.embeddings import runtimes

    target = tmp_path / "model.onnx"
    exports: list[Path] = []

    def slow_export(model_dir: Path, path: Path) -> Path:
        exports.append(path)
        time.sleep(0.3)  # long enough for every other loader to arrive meanwhile
        path.write_bytes(b"exported")
        return path

    monkeypatch.setattr(loader, "onnx_path", lambda: target)
    monkeypatch.setattr(loader, "model_dir", lambda: tmp_path)
    monkeypatch.setattr("atrium.ai.embeddings.onnx_export.export_onnx", slow_export)
    monkeypatch.setattr(runtimes, "OnnxEmbedder", lambda model_dir, path: path.read_bytes())
    loaded: list[object] = []
    # Separate FileLock objects on one file exclude each other as separate processes do.
    loaders = [threading.Thread(target=lambda: loaded.append(loader.load_onnx())) for _ in range(3)]
    for thread in loaders:
        thread.start()
    for thread in loaders:
        thread.join(10)
    assert exports == [target]
    assert loaded == [b"exported"] * 3
