"""The registry's stage changes: promote (through the gate), roll back, archive.

The gate: a candidate becomes production only if its ROC AUC beats production's on the
candidate's own holdout (both models score the same rows) by at least
:data:`PROMOTION_MARGIN`. A refusal names both numbers. The first version of a scope has
nothing to beat; a production trained on other features cannot score those rows, so it
is replaced without the comparison (the answer's ``production_roc_auc`` is then empty).
Loading either artifact checks its sha256 first: a damaged one is never promoted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from atrium.core.domain import Conflict, NotFound
from atrium.core.ml.errors import PromotionRefused
from atrium.core.ml.models import ModelVersion, Stage, in_scope
from atrium.core.ml.services import artifacts
from atrium.core.ml.services.scorers import scorer_for
from atrium.ml.metrics import roc_auc

PROMOTION_MARGIN = 0.005  # ROC AUC points a candidate must gain over production


@dataclass(frozen=True)
class GateResult:
    candidate_auc: float
    production_auc: float | None
    production_version: int | None


def find_version(name: str, version: int) -> ModelVersion:
    found = ModelVersion.objects.filter(name=name, version=version).first()
    if found is None:
        raise NotFound(f"Model {name!r} has no version {version}")
    return found


def current_production(candidate: ModelVersion) -> ModelVersion | None:
    return ModelVersion.objects.filter(
        in_scope(candidate.organization_id), name=candidate.name, stage=Stage.PRODUCTION
    ).first()


def gate(candidate: ModelVersion, production: ModelVersion | None) -> GateResult:
    """Score candidate and production on the candidate's holdout; refuse a worse one."""
    X, y = artifacts.holdout_arrays(
        artifacts.fetch(candidate.holdout_uri, candidate.holdout_sha256)
    )
    candidate_auc = roc_auc(y, scorer_for(candidate).predict_proba(X))
    if production is None or production.feature_schema_hash != candidate.feature_schema_hash:
        return GateResult(candidate_auc, None, None)
    production_auc = roc_auc(y, scorer_for(production).predict_proba(X))
    if candidate_auc < production_auc + PROMOTION_MARGIN:
        raise PromotionRefused(
            f"{candidate.label} scores ROC AUC {candidate_auc:.4f} on its holdout; production "
            f"{production.label} scores {production_auc:.4f} on the same rows. Promotion needs "
            f"at least {production_auc + PROMOTION_MARGIN:.4f} (production + {PROMOTION_MARGIN})"
        )
    return GateResult(candidate_auc, production_auc, production.version)


def promote(version: ModelVersion) -> GateResult:
    if version.stage == Stage.PRODUCTION:
        raise Conflict(f"{version.label} is already in production")
    production = current_production(version)
    result = gate(version, production)
    with transaction.atomic():
        if production is not None:
            _set_stage(production, Stage.ARCHIVED)
        version.previous = production
        version.promoted_at = timezone.now()
        _set_stage(version, Stage.PRODUCTION, "previous", "promoted_at")
    return result


def roll_back(name: str, organization_id: int | None) -> ModelVersion:
    """Archive production and restore the version it replaced; the restored version."""
    production = ModelVersion.objects.filter(
        in_scope(organization_id), name=name, stage=Stage.PRODUCTION
    ).first()
    if production is None:
        raise NotFound(f"Model {name!r} has no production version to roll back")
    restored = production.previous
    if restored is None:
        raise Conflict(f"{production.label} replaced no earlier version: nothing to roll back to")
    with transaction.atomic():
        _set_stage(production, Stage.ARCHIVED)
        restored.promoted_at = timezone.now()
        _set_stage(restored, Stage.PRODUCTION, "promoted_at")
    return restored


def archive(version: ModelVersion) -> None:
    if version.stage == Stage.PRODUCTION:
        raise Conflict(f"{version.label} serves production: roll back or promote another first")
    _set_stage(version, Stage.ARCHIVED)


def _set_stage(version: ModelVersion, stage: str, *fields: str) -> None:
    version.stage = stage
    version.save(update_fields=["stage", *fields])
