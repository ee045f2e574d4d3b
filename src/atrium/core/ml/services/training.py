"""Training: the scope's activity → a dataset → a trained, exported, registered candidate.

A candidate never serves until it is promoted through the gate (``registry.promote``).
Training is idempotent per job: a task that runs twice (acks are late) finds the version
its first run registered.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max

from atrium.common.storage import ObjectExists
from atrium.core.domain import NotFound
from atrium.core.ml.errors import NotEnoughData
from atrium.core.ml.models import ModelVersion
from atrium.core.ml.services import artifacts, source
from atrium.ml.dataset import Dataset, InsufficientData, build_dataset, checked_split
from atrium.ml.features import FEATURE_SCHEMA

if TYPE_CHECKING:
    from atrium.ml.training import TrainingResult

# The models this platform knows how to train, and what each predicts.
MODELS = {"completion": "Probability that a learner completes a started item within 14 days."}
DEFAULT_EPOCHS = 25
DEFAULT_SEED = 13
REGISTER_ATTEMPTS = 3

EpochCallback = Callable[[int, int, dict[str, float]], None]


def check_name(name: str) -> None:
    if name not in MODELS:
        raise NotFound(f"No model {name!r}; known models: {', '.join(sorted(MODELS))}")


def dataset_for(organization_id: int | None) -> Dataset:
    """The scope's training examples, or NotEnoughData naming how many are needed."""
    events = source.load_events(organization_id=organization_id)
    try:
        dataset = build_dataset(events, source.load_items())
        checked_split(dataset)
    except InsufficientData as exc:
        said = str(exc)
        raise NotEnoughData(said[:1].upper() + said[1:]) from exc
    return dataset


def train_candidate(
    *,
    name: str,
    organization_id: int | None = None,
    seed: int = DEFAULT_SEED,
    epochs: int = DEFAULT_EPOCHS,
    job_id: uuid.UUID | None = None,
    on_epoch: EpochCallback | None = None,
) -> ModelVersion:
    check_name(name)
    if job_id is not None and (done := ModelVersion.objects.filter(job_id=job_id).first()):
        return done
    # PyTorch is imported where training runs (the ml worker), so the web processes that
    # only serve start without it.
    from atrium.ml.export import export_onnx
    from atrium.ml.training import train_model

    dataset = dataset_for(organization_id)
    result = train_model(dataset, seed=seed, epochs=epochs, on_epoch=on_epoch)
    _, holdout, _ = checked_split(dataset)
    fields = _version_fields(result, seed=seed, organization_id=organization_id)
    fields["job_id"] = job_id
    model_bytes = export_onnx(result.module)
    holdout_bytes = artifacts.holdout_bytes(holdout.X, holdout.y)
    for attempt in range(REGISTER_ATTEMPTS):
        try:
            return register(name, model_bytes, holdout_bytes, fields)
        except (IntegrityError, ObjectExists):  # another training took the number
            if attempt == REGISTER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def register(
    name: str, model_bytes: bytes, holdout_bytes: bytes, fields: dict[str, object]
) -> ModelVersion:
    """Store the artifacts (immutable) under the next version number and record it."""
    number = (ModelVersion.objects.filter(name=name).aggregate(n=Max("version"))["n"] or 0) + 1
    artifact_uri, artifact_sha = artifacts.store(name, number, artifacts.MODEL_FILE, model_bytes)
    holdout_uri, holdout_sha = artifacts.store(name, number, artifacts.HOLDOUT_FILE, holdout_bytes)
    with transaction.atomic():
        return ModelVersion.objects.create(
            name=name,
            version=number,
            artifact_uri=artifact_uri,
            artifact_sha256=artifact_sha,
            holdout_uri=holdout_uri,
            holdout_sha256=holdout_sha,
            **fields,
        )


def _version_fields(
    result: TrainingResult, *, seed: int, organization_id: int | None
) -> dict[str, object]:
    return {
        "organization_id": organization_id,
        "metrics": result.metrics,
        "baseline_metrics": result.baseline_metrics,
        "feature_schema": schema_json(),
        "feature_schema_hash": FEATURE_SCHEMA.hash(),
        "reference": json.loads(result.reference.to_json()),
        "trained_from": result.window[0],
        "trained_until": result.window[1],
        "rows": result.rows,
        "seed": seed,
    }


def schema_json() -> list[dict[str, str]]:
    return [asdict(feature) for feature in FEATURE_SCHEMA.features]
