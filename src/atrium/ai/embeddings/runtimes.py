"""Two runtimes for the same model: ONNX Runtime (served) and sentence-transformers (fallback).

Both tokenize the same way, mean-pool the last hidden state over real tokens and
L2-normalize, so their vectors agree (cosine >= 0.999, checked by a test).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from atrium.ai.embeddings.base import DIMENSION, Vectors, in_batches, l2_normalize

BATCH_SIZE = 64
ONNX_BATCH_SIZE = 32  # one thread's run: a larger batch pads more and falls out of cache


def max_seq_length(model_dir: Path) -> int:
    config = json.loads((model_dir / "sentence_bert_config.json").read_text())
    return int(config.get("max_seq_length", 256))


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may run on
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class OnnxEmbedder:
    name = "all-MiniLM-L6-v2 (onnxruntime)"
    dimension = DIMENSION

    def __init__(self, model_dir: Path, onnx_path: Path, workers: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # Pad to the longest text in each batch (the shipped config pads everything to 128).
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106
        self.tokenizer.enable_truncation(max_seq_length(model_dir))
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # One thread per run, and runs side by side: a sentence's products are too small
        # to split well between threads (ONNX Runtime's threads spin waiting on each other,
        # and fight when two requests embed at once), while whole batches split evenly.
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self.workers = workers or usable_cores()

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        size = max(1, min(ONNX_BATCH_SIZE, math.ceil(len(texts) / self.workers)))
        batches = in_batches(texts, size)
        chunks = [[texts[i] for i in batch] for batch in batches]
        if len(chunks) > 1:
            # A pool per call, not per embedder: a forked worker process inherits no threads.
            with ThreadPoolExecutor(min(self.workers, len(chunks))) as pool:
                embedded = list(pool.map(self._embed_batch, chunks))
        else:
            embedded = [self._embed_batch(chunk) for chunk in chunks]
        for batch, vectors in zip(batches, embedded, strict=True):
            out[batch] = vectors
        return out

    def _embed_batch(self, texts: list[str]) -> Vectors:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return l2_normalize(pooled)


class SentenceTransformerEmbedder:
    name = "all-MiniLM-L6-v2 (sentence-transformers)"
    dimension = DIMENSION

    def __init__(self, model_dir: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model: Any = SentenceTransformer(str(model_dir), device="cpu")

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)
