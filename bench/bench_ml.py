"""Completion-model serving: ONNX Runtime against PyTorch eager, and the whole pipeline's pace.

On a simulated cohort of about 50,000 events the same run builds the dataset, trains the
model and exports it, then times the same model two ways: PyTorch eager (the baseline,
under ``inference_mode``) and the ONNX Runtime scorer that serving uses, at batch 1 and
batch 1,000 (target: ONNX Runtime at least 3x at batch 1). The in-process latencies
(targets: p99 under 5 ms for one prediction, under 100 ms for 1,000) are given for the
model alone and with the feature rows computed from events first, as serving does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import numpy as np
import torch
from rich.console import Console
from rich.table import Table

from atrium.ml.dataset import build_dataset
from atrium.ml.events import ActivityEvent, EventKind, ItemInfo
from atrium.ml.export import export_onnx
from atrium.ml.features import feature_frame
from atrium.ml.scoring import OnnxScorer
from atrium.ml.simulate import simulate_cohort, simulated_catalog
from atrium.ml.training import train_model

LEARNERS, DAYS, ITEMS = 700, 120, 30
ROUNDS = {1: 2_000, 1_000: 200}
console = Console()
T = TypeVar("T")


def percentiles_ms(call: Callable[[], object], rounds: int) -> tuple[float, float]:
    for _ in range(max(rounds // 10, 5)):
        call()
    times = np.empty(rounds)
    for n in range(rounds):
        start = time.perf_counter()
        call()
        times[n] = time.perf_counter() - start
    return float(np.percentile(times, 50) * 1e3), float(np.percentile(times, 99) * 1e3)


def timed(label: str, call: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = call()
    console.print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    catalog = simulated_catalog(ITEMS)
    events = timed("simulate", lambda: simulate_cohort(LEARNERS, DAYS, catalog, seed=1))
    console.print(f"{len(events):,} events")
    dataset = timed("build_dataset", lambda: build_dataset(events, catalog))
    console.print(f"{len(dataset):,} examples")
    result = timed("train (20 epochs, MLP and baseline)", lambda: train_model(dataset, epochs=20))
    console.print(
        f"holdout ROC AUC {result.metrics['roc_auc']:.3f}, "
        f"baseline {result.baseline_metrics['roc_auc']:.3f}"
    )
    module, scorer = result.module.eval(), OnnxScorer(export_onnx(result.module))
    compare_runtimes(module, scorer, dataset.X)
    serving_latency(events, catalog, scorer)


def compare_runtimes(module: torch.nn.Module, scorer: OnnxScorer, X: np.ndarray) -> None:
    table = Table(
        title=f"model only: PyTorch eager ({torch.get_num_threads()} threads) "
        "vs ONNX Runtime (1 thread)"
    )
    for column in ("batch", "PyTorch p50 ms", "ONNX p50 ms", "ONNX p99 ms", "speed-up (p50)"):
        table.add_column(column, justify="right")
    for batch, rounds in ROUNDS.items():
        rows = np.ascontiguousarray(X[:batch])
        torch_p50, _ = percentiles_ms(lambda: eager(module, rows), rounds)  # noqa: B023
        onnx_p50, onnx_p99 = percentiles_ms(lambda: scorer.predict_proba(rows), rounds)  # noqa: B023
        table.add_row(
            f"{batch:,}",
            f"{torch_p50:.3f}",
            f"{onnx_p50:.3f}",
            f"{onnx_p99:.3f}",
            f"{torch_p50 / onnx_p50:.1f}x",
        )
    console.print(table)


def eager(module: torch.nn.Module, rows: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return module(torch.from_numpy(rows)).numpy()


def serving_events(events: list[ActivityEvent], learners: set[int]) -> list[ActivityEvent]:
    """What serving reads: the learners' events, their organizations' starts and completions."""
    organizations = {e.organization_id for e in events if e.learner_id in learners}
    joined = {EventKind.STARTED, EventKind.COMPLETED}
    return [
        e
        for e in events
        if e.learner_id in learners or (e.organization_id in organizations and e.kind in joined)
    ]


def serving_latency(
    events: list[ActivityEvent], catalog: list[ItemInfo], scorer: OnnxScorer
) -> None:
    at = max(e.at for e in events) + timedelta(hours=1)
    pairs = list(dict.fromkeys((e.learner_id, e.item_id) for e in reversed(events)))[:1_000]
    table = Table(title="in-process prediction, ONNX Runtime")
    for column in (
        "predictions",
        "events read",
        "model p50 / p99 ms",
        "features + model p50 / p99 ms",
    ):
        table.add_column(column, justify="right")
    for count, rounds in ((1, 300), (1_000, 30)):
        chosen = [(learner, item, at) for learner, item in pairs[:count]]
        history = serving_events(events, {learner for learner, _, _ in chosen})
        rows = feature_frame(history, catalog, chosen)
        model = percentiles_ms(lambda: scorer.predict_proba(rows), rounds)  # noqa: B023
        whole = percentiles_ms(
            lambda: scorer.predict_proba(feature_frame(history, catalog, chosen)),  # noqa: B023
            rounds,
        )
        table.add_row(
            f"{count:,}",
            f"{len(history):,}",
            f"{model[0]:.3f} / {model[1]:.3f}",
            f"{whole[0]:.2f} / {whole[1]:.2f}",
        )
    console.print(table)
    console.print("targets: p99 of one prediction < 5 ms, of 1,000 < 100 ms")
