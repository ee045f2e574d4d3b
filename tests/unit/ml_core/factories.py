"""Registry versions from hand-set logistic models: real ONNX artifacts, known ROC AUCs.

The holdout's label follows feature 0, so a model weighing feature 0 heavily scores well
on it and one weighing an unrelated feature scores near chance, with no training needed.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import numpy as np
import torch
from django.utils import timezone

from atrium.core.ml.models import ModelVersion
from atrium.core.ml.services import artifacts
from atrium.core.ml.services.training import register, schema_json
from atrium.ml.drift import FeatureReference
from atrium.ml.export import export_onnx
from atrium.ml.features import FEATURE_SCHEMA
from atrium.ml.model import CompletionModel

WIDTH = len(FEATURE_SCHEMA.names)


def holdout(rows: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, WIDTH)).astype(np.float32)
    y = (X[:, 0] + 0.6 * rng.normal(size=rows) > 0).astype(np.float32)
    return X, y


def logistic(weights: dict[int, float]) -> CompletionModel:
    module = CompletionModel(np.zeros(WIDTH), np.ones(WIDTH), hidden=())
    with torch.no_grad():
        linear = module.net[0]
        linear.weight.zero_()
        linear.bias.zero_()
        for column, weight in weights.items():
            linear.weight[0, column] = weight
    return module


def make_version(
    weights: dict[int, float],
    *,
    name: str = "completion",
    organization_id: int | None = None,
    baseline_auc: float = 0.55,
    data: tuple[np.ndarray, np.ndarray] | None = None,
    **extra: Any,
) -> ModelVersion:
    X, y = data or holdout()
    now = timezone.now()
    fields: dict[str, object] = {
        "organization_id": organization_id,
        "metrics": {"roc_auc": 0.8, "brier": 0.2, "ece": 0.05},
        "baseline_metrics": {"roc_auc": baseline_auc, "brier": 0.24, "ece": 0.05},
        "feature_schema": schema_json(),
        "feature_schema_hash": FEATURE_SCHEMA.hash(),
        "reference": json.loads(FeatureReference.from_data(X, FEATURE_SCHEMA.names).to_json()),
        "trained_from": now - timedelta(days=60),
        "trained_until": now - timedelta(days=14),
        "rows": {"train": 1000, "train_positives": 400, "holdout": len(y), "holdout_positives": 0},
        "seed": 0,
        **extra,
    }
    model = export_onnx(logistic(weights))
    return register(name, model, artifacts.holdout_bytes(X, y), fields)


GOOD = {0: 3.0}
WORSE = {0: 0.4, 1: 1.5}
