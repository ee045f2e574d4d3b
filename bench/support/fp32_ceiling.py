"""How fast any exact (fp32) runtime could embed a set of texts on this CPU.

A BERT encoder's time goes to matrix products: per layer and token, the Q, K, V and output
projections (4·H² multiply-adds), the feed-forward pair (2·H·F) and attention over the
sentence's n tokens (2·n·H). Counted over the texts' real tokens (no padding), that is the
least work an fp32 runtime can do. Divided by the fastest fp32 matrix product this CPU
gives in the same run (torch, numpy and ONNX Runtime, the model's own layer shapes and a
large square one), it bounds every fp32 runtime's throughput, whatever its kernels. The
three libraries' products differ by up to 2x on one CPU (a BLAS may not use every vector
unit a CPU has), so the fastest of them is the bound.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from atrium.ai.embeddings.onnx_export import OPSET

ROWS = 2048  # tokens per product: a batch of 128 sentences of 16 tokens
ONNX_IR_VERSION = 8  # what every ONNX Runtime release since 1.10 reads


@dataclass(frozen=True)
class Fp32Ceiling:
    gflop: float  # the least work for the texts
    gflop_per_s: float  # the fastest fp32 matrix product measured here
    texts: int

    @property
    def texts_per_s(self) -> float:
        return self.texts / (self.gflop / self.gflop_per_s)

    @classmethod
    def measure(cls, model_dir: Path, texts: Sequence[str]) -> Fp32Ceiling:
        token_counts = tokens_of(model_dir, texts)
        config = json.loads((model_dir / "config.json").read_text())
        hidden, inner = config["hidden_size"], config["intermediate_size"]
        per_layer = sum(
            2 * n * (4 * hidden * hidden + 2 * hidden * inner) + 4 * n * n * hidden
            for n in token_counts
        )
        gflop = config["num_hidden_layers"] * per_layer / 1e9
        shapes = [(ROWS, hidden, inner), (ROWS, inner, hidden), (ROWS, hidden, hidden)]
        rate = max(fastest_product(*shape) for shape in [*shapes, (ROWS, ROWS, ROWS)])
        return cls(gflop, rate, len(token_counts))


def tokens_of(model_dir: Path, texts: Sequence[str]) -> list[int]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()  # the shipped file pads to 128: real tokens only
    return [len(encoding.ids) for encoding in tokenizer.encode_batch(list(texts))]


def fastest_product(rows: int, inner: int, columns: int, rounds: int = 10) -> float:
    """GFLOP/s of the fastest of torch, numpy and ONNX Runtime for one fp32 product, best
    of ``rounds``."""
    import torch

    generator = np.random.default_rng(0)
    left = generator.random((rows, inner), dtype=np.float32)
    right = generator.random((inner, columns), dtype=np.float32)
    left_t, right_t = torch.from_numpy(left), torch.from_numpy(right)
    onnx_product = onnx_matmul(left.shape, right.shape)
    feeds = {"left": left, "right": right}
    products: list[Callable[[], object]] = [
        lambda: left @ right,
        lambda: left_t @ right_t,
        lambda: onnx_product.run(None, feeds),
    ]
    return max(2 * rows * inner * columns / best_seconds(p, rounds) / 1e9 for p in products)


def onnx_matmul(left: tuple[int, ...], right: tuple[int, ...]) -> Any:
    """An ONNX Runtime session computing ``left @ right`` with the kernels it serves with."""
    import onnxruntime
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["left", "right"], ["product"])],
        "product",
        [
            helper.make_tensor_value_info("left", TensorProto.FLOAT, left),
            helper.make_tensor_value_info("right", TensorProto.FLOAT, right),
        ],
        [helper.make_tensor_value_info("product", TensorProto.FLOAT, (left[0], right[1]))],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = ONNX_IR_VERSION
    return onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )


def best_seconds(work: Callable[[], object], rounds: int) -> float:
    work()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best
