"""Embedding throughput: the served ONNX Runtime path against plain sentence-transformers.

Both embed the same 1,000 short sentences with the same model, in the same run, after a
warm-up; the ratio is what matters (the issue asks for at least 2x).
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.table import Table

from atrium.ai.embeddings.base import Embedder
from atrium.ai.embeddings.loader import load_onnx, load_sentence_transformers

TOPICS = [
    "phishing",
    "passwords",
    "firewalls",
    "backups",
    "encryption",
    "incident response",
    "social engineering",
    "patching",
    "access control",
    "logging",
]
SENTENCES = [
    f"Lesson {i}: the basics of {TOPICS[i % len(TOPICS)]} for team {i % 13}." for i in range(1000)
]


def throughput(embedder: Embedder, rounds: int = 3) -> float:
    embedder.embed(SENTENCES[:64])  # warm-up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        embedder.embed(SENTENCES)
        best = min(best, time.perf_counter() - start)
    return len(SENTENCES) / best


def main() -> None:
    baseline = throughput(load_sentence_transformers())
    served = throughput(load_onnx())
    table = Table(title="Embedding throughput, 1,000 short sentences (best of 3)")
    for column in ("runtime", "sentences/s", "ratio"):
        table.add_column(column, justify="right")
    table.add_row("sentence-transformers (baseline)", f"{baseline:,.0f}", "1.00x")
    table.add_row("onnxruntime (served)", f"{served:,.0f}", f"{served / baseline:.2f}x")
    Console().print(table)
