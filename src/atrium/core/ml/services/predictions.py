"""Serving: features for learner-item pairs (or rows given by name) → production's scores.

The server computes features with the code it runs; a model trained on other features
(another schema hash) is refused with 409 naming the fields that differ, never served
silently. Rows sent by name must carry exactly the model's fields, else 422 naming them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.utils import timezone

from atrium.core.ml import metrics
from atrium.core.ml.errors import FeatureMismatch, SchemaConflict
from atrium.core.ml.models import ModelVersion
from atrium.core.ml.services import prediction_log, source
from atrium.core.ml.services.scorers import serving
from atrium.core.ml.services.training import schema_json
from atrium.ml.features import FEATURE_SCHEMA, feature_frame
from atrium.ml.schema import Feature, FeatureSchema
from atrium.ml.scoring import OnnxScorer

MAX_BATCH = 1000
Pair = tuple[int, int]  # (learner id, item id)


@dataclass(frozen=True)
class Scores:
    version: ModelVersion
    scorer: OnnxScorer
    X: np.ndarray
    probabilities: np.ndarray

    def rounded(self) -> list[float]:
        return [round(float(p), 6) for p in self.probabilities]


def schema_differences(stored: list[dict[str, str]], current: list[dict[str, str]]) -> str:
    """What differs between two feature schemas, field by field."""
    old = {f["name"]: f["dtype"] for f in stored}
    new = {f["name"]: f["dtype"] for f in current}
    parts = []
    if missing := [name for name in old if name not in new]:
        parts.append(f"no longer computed: {', '.join(missing)}")
    if added := [name for name in new if name not in old]:
        parts.append(f"unknown to the model: {', '.join(added)}")
    if retyped := [name for name in old if name in new and old[name] != new[name]]:
        parts.append(f"other dtype: {', '.join(retyped)}")
    if not parts and list(old) != list(new):
        parts.append("the same fields in another order")
    return "; ".join(parts) or "the schema's version changed"


def check_schema(version: ModelVersion) -> None:
    if version.feature_schema_hash != FEATURE_SCHEMA.hash():
        diff = schema_differences(version.feature_schema, schema_json())
        raise SchemaConflict(f"{version.label} was trained on other features ({diff})")


def features_for(pairs: Sequence[Pair], at: datetime) -> np.ndarray:
    """One feature row per pair, from activity before ``at``: a constant number of queries."""
    learners = source.with_peers({learner_id for learner_id, _ in pairs})
    events = source.load_events(learner_ids=learners, before=at)
    return feature_frame(
        events, source.load_items(), [(learner, item, at) for learner, item in pairs]
    )


def predict_pairs(
    name: str, organization_id: int | None, pairs: Sequence[Pair], *, single: bool = False
) -> Scores:
    started = time.perf_counter()
    version, scorer = serving(name, organization_id)
    check_schema(version)
    now = timezone.now()
    X = features_for(pairs, now)
    probabilities = scorer.predict_proba(X)
    rows = prediction_log.rows_for(version, pairs, X, probabilities, now)
    if single:
        prediction_log.BUFFER.add(rows)
    else:
        prediction_log.write(rows)
    return _done(Scores(version, scorer, X, probabilities), started)


def predict_rows(
    name: str, organization_id: int | None, rows: Sequence[Mapping[str, float]]
) -> Scores:
    started = time.perf_counter()
    version, scorer = serving(name, organization_id)
    schema = FeatureSchema(0, tuple(Feature(**feature) for feature in version.feature_schema))
    _check_fields(rows, schema, version.label)
    X = np.array([[row[name] for name in schema.names] for row in rows], dtype=np.float32)
    probabilities = scorer.predict_proba(X)
    unnamed = [(None, None)] * len(rows)
    prediction_log.write(prediction_log.rows_for(version, unnamed, X, probabilities))
    return _done(Scores(version, scorer, X, probabilities), started)


def _check_fields(rows: Sequence[Mapping[str, float]], schema: FeatureSchema, label: str) -> None:
    for n, row in enumerate(rows):
        if problems := schema.mismatch(list(row)):
            said = "; ".join(f"{kind} {', '.join(names)}" for kind, names in problems.items())
            raise FeatureMismatch(f"rows[{n}] does not match {label}'s features: {said}")


def _done(scores: Scores, started: float) -> Scores:
    name, version = scores.version.name, str(scores.version.version)
    metrics.PREDICTION_SECONDS.labels(model=name).observe(time.perf_counter() - started)
    metrics.PREDICTIONS.labels(model=name, version=version).inc(len(scores.probabilities))
    return scores
