"""Learners at risk in an organization: their open items least likely to be completed.

Each one comes with its top reasons: the features that lower its score most compared with
the organization's typical learner. For every feature the row's value is replaced by the
organization's median and the row scored again; the features whose replacement raises
the probability most are the reasons (effect = how much it would rise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from atrium.core.accounts.models import User
from atrium.core.learning.models import Item, Progress, ProgressStatus
from atrium.core.ml.services import predictions, source

SCAN_LIMIT = 2000  # the most recently active open items considered
REASONS = 3


@dataclass(frozen=True)
class Reason:
    feature: str
    meaning: str
    value: float
    org_median: float
    effect: float


@dataclass(frozen=True)
class AtRisk:
    learner_id: int
    learner_name: str
    item_id: int
    item_title: str
    probability: float
    reasons: list[Reason]


def at_risk(name: str, organization_id: int, *, limit: int) -> tuple[str, list[AtRisk]]:
    """The model version used, and the ``limit`` open items with the lowest scores."""
    members = source.learners_in(organization_id) or set()
    open_pairs = list(
        Progress.objects.filter(user_id__in=members, status=ProgressStatus.IN_PROGRESS)
        .order_by("-updated_at")
        .values_list("user_id", "item_id")[:SCAN_LIMIT]
    )
    if not open_pairs:
        return "", []
    scores = predictions.predict_pairs(name, organization_id, open_pairs)
    worst = np.argsort(scores.probabilities, kind="stable")[:limit]
    chosen = [open_pairs[n] for n in worst]
    names = dict(User.objects.filter(pk__in={u for u, _ in chosen}).values_list("pk", "full_name"))
    titles = dict(Item.objects.filter(pk__in={i for _, i in chosen}).values_list("pk", "title"))
    reasons = _reasons(scores, worst)
    found = [
        AtRisk(
            learner_id=learner_id,
            learner_name=names.get(learner_id, ""),
            item_id=item_id,
            item_title=titles.get(item_id, ""),
            probability=round(float(scores.probabilities[n]), 6),
            reasons=why,
        )
        for (learner_id, item_id), n, why in zip(chosen, worst, reasons, strict=True)
    ]
    return scores.version.label, found


def _reasons(scores: predictions.Scores, rows: np.ndarray) -> list[list[Reason]]:
    """For each row, the features whose organization median would raise its score most."""
    medians = np.median(scores.X, axis=0)
    effects = _effects(scores, rows, medians)
    schema = scores.version.feature_schema
    return [
        [
            Reason(
                feature=schema[j]["name"],
                meaning=schema[j]["meaning"],
                value=round(float(scores.X[n, j]), 4),
                org_median=round(float(medians[j]), 4),
                effect=round(float(effects[row, j]), 4),
            )
            for j in np.argsort(-effects[row], kind="stable")[:REASONS]
            if effects[row, j] > 0
        ]
        for row, n in enumerate(rows)
    ]


def _effects(scores: predictions.Scores, rows: np.ndarray, medians: np.ndarray) -> np.ndarray:
    """(rows, features): how much each feature set to the median would raise each score."""
    X = scores.X[rows]
    count, width = X.shape
    swapped = np.repeat(X, width, axis=0)
    flat = np.arange(count * width)
    swapped[flat, flat % width] = medians[flat % width]
    again = scores.scorer.predict_proba(swapped).reshape(count, width)
    return again - scores.probabilities[rows][:, None]
