"""The daily look at each production version: input drift and accuracy so far.

Drift: PSI of each feature between the training reference and the inputs logged over the
last :data:`DRIFT_WINDOW` (at least :data:`MIN_INPUTS` of them, fewer is noise). Accuracy:
ROC AUC and Brier score of the predictions whose outcome is known, i.e. made at least the
14-day horizon ago (within :data:`ACCURACY_WINDOW` before that); the outcome is whether
the learner completed the item within 14 days of the prediction.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import numpy as np
from django.utils import timezone

from atrium.core.learning.models import Progress
from atrium.core.ml.models import ModelVersion, MonitoringSnapshot, PredictionLog, Stage
from atrium.core.ml.services import prediction_log
from atrium.ml.drift import DRIFT_THRESHOLD, FeatureReference, psi
from atrium.ml.metrics import brier, roc_auc

DRIFT_WINDOW = timedelta(days=7)
ACCURACY_WINDOW = timedelta(days=30)
HORIZON = timedelta(days=14)
MIN_INPUTS = 50


def monitor_all(now: datetime | None = None) -> list[MonitoringSnapshot]:
    """One snapshot per production version (the task decides about retraining)."""
    prediction_log.BUFFER.flush()
    moment = now or timezone.now()
    return [snapshot(v, moment) for v in ModelVersion.objects.filter(stage=Stage.PRODUCTION)]


def snapshot(version: ModelVersion, now: datetime) -> MonitoringSnapshot:
    inputs = list(
        PredictionLog.objects.filter(
            model_version=version, predicted_at__gt=now - DRIFT_WINDOW, predicted_at__lte=now
        ).values_list("features", flat=True)
    )
    shifts = _psi(version, inputs)
    accuracy = _accuracy(version, now)
    return MonitoringSnapshot.objects.create(
        model_version=version,
        computed_at=now,
        psi=shifts,
        drifted=sorted(name for name, value in shifts.items() if value > DRIFT_THRESHOLD),
        inputs=len(inputs),
        **accuracy,
    )


def _psi(version: ModelVersion, inputs: list[list[float]]) -> dict[str, float]:
    if len(inputs) < MIN_INPUTS:
        return {}
    reference = FeatureReference.from_json(json.dumps(version.reference))
    return {k: round(v, 4) for k, v in psi(reference, np.asarray(inputs)).items()}


def _accuracy(version: ModelVersion, now: datetime) -> dict[str, float | int | None]:
    matured = PredictionLog.objects.filter(
        model_version=version,
        learner_id__isnull=False,
        predicted_at__lte=now - HORIZON,
        predicted_at__gt=now - HORIZON - ACCURACY_WINDOW,
    ).values_list("learner_id", "item_id", "predicted_at", "probability")
    rows = list(matured)
    completions = Progress.objects.filter(
        user_id__in={row[0] for row in rows}, completed_at__isnull=False
    ).values_list("user_id", "item_id", "completed_at")
    completed: dict[tuple[int | None, int | None], datetime | None] = {
        (user, item): at for user, item, at in completions
    }
    y = np.array([_completed_in_horizon(completed.get((u, i)), at) for u, i, at, _ in rows])
    p = np.array([probability for *_, probability in rows])
    known: dict[str, float | int | None] = {"outcomes_known": len(rows), "roc_auc": None}
    known["brier"] = round(brier(y, p), 4) if rows else None
    if 0 < y.sum() < len(y):
        known["roc_auc"] = round(roc_auc(y, p), 4)
    return known


def _completed_in_horizon(completed_at: datetime | None, predicted_at: datetime) -> bool:
    return completed_at is not None and predicted_at < completed_at <= predicted_at + HORIZON


def latest_psi() -> dict[tuple[str, int], dict[str, float]]:
    """PSI per feature from each production version's latest snapshot (for /metrics)."""
    found = {}
    for version in ModelVersion.objects.filter(stage=Stage.PRODUCTION):
        last = version.snapshots.order_by("-computed_at").first()
        if last is not None:
            found[(version.name, version.version)] = last.psi
    return found


def history(versions: list[ModelVersion], *, days: int) -> dict[int, list[MonitoringSnapshot]]:
    """Each version's snapshots of the last ``days`` days, oldest first: one query."""
    found: dict[int, list[MonitoringSnapshot]] = {v.pk: [] for v in versions}
    since = timezone.now() - timedelta(days=days)
    for s in MonitoringSnapshot.objects.filter(
        model_version__in=versions, computed_at__gte=since
    ).order_by("computed_at"):
        found[s.model_version_id].append(s)
    return found
