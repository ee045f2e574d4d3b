"""``/api/v1/ml/``: models and versions, training, predictions, monitoring, at-risk learners.

Thin: each route reads the caller, calls a service and shapes the answer. Staff act on
every scope; an organization's admins on their own (``services.access``).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from atrium.common.tokens import Role
from atrium.core.accounts.auth import authenticated, principal_of, user_of
from atrium.core.accounts.schemas import Id
from atrium.core.domain import DomainError, PermissionDenied
from atrium.core.jobs.schemas import JobOut
from atrium.core.jobs.services import describe_job, start_job
from atrium.core.ml import schemas as s
from atrium.core.ml.models import ModelVersion, Stage
from atrium.core.ml.services import access, at_risk, monitoring, predictions, registry, training
from atrium.core.ml.services.access import MlCaller
from atrium.core.ml.tasks import train
from atrium.core.orgs.permissions import require_org_role
from atrium.ml.drift import DRIFT_THRESHOLD, STABLE_THRESHOLD

router = Router(tags=["ml"], auth=authenticated)


def caller_of(request: HttpRequest) -> MlCaller:
    user = user_of(request)
    if user.is_staff:
        return MlCaller(user_id=user.pk, is_staff=True, org_id=None)
    org_id = principal_of(request).org_id
    if org_id is None:
        raise PermissionDenied("This needs staff, or an organization admin's token")
    require_org_role(request, org_id, Role.ADMIN)
    return MlCaller(user_id=user.pk, is_staff=False, org_id=org_id)


class AccessOut(Schema):
    allowed: bool = Field(description="Staff, or an admin of the token's organization.")
    staff: bool
    organization_id: int | None = Field(
        description="The organization the caller administers (its learners at risk)."
    )


@router.get("/access", response=AccessOut, operation_id="ml_access")
def my_access(request: HttpRequest) -> AccessOut:
    """What the caller may do here: the dashboard shows its ML page by it, for anyone."""
    user = user_of(request)
    org_id = principal_of(request).org_id
    administers = org_id is not None and _administers(request, org_id)
    return AccessOut(
        allowed=user.is_staff or administers,
        staff=user.is_staff,
        organization_id=org_id if administers else None,
    )


def _administers(request: HttpRequest, org_id: int) -> bool:
    try:
        require_org_role(request, org_id, Role.ADMIN)
    except DomainError:
        return False
    return True


def _versions(caller: MlCaller, name: str) -> list[ModelVersion]:
    training.check_name(name)
    return list(access.visible_versions(caller).filter(name=name).select_related("previous"))


@router.get("/models", response=list[s.ModelOut], operation_id="ml_models_list")
def list_models(request: HttpRequest) -> list[dict[str, object]]:
    """The models Atrium trains, each with its production version in the caller's scope."""
    caller = caller_of(request)
    found: list[dict[str, object]] = []
    for name, predicts in training.MODELS.items():
        versions = _versions(caller, name)
        live = [v for v in versions if v.stage == Stage.PRODUCTION]
        live.sort(key=lambda v: v.organization_id is None)  # the organization's own first
        # Rows, not schemas: the response is validated once, from the ORM object, so
        # VersionOut's resolvers see a ModelVersion (a validated VersionOut has no `previous`).
        found.append(
            {
                "name": name,
                "predicts": predicts,
                "production": live[0] if live else None,
                "versions": len(versions),
            }
        )
    return found


@router.get("/models/{name}/versions", response=list[s.VersionOut], operation_id="ml_versions_list")
def list_versions(request: HttpRequest, name: str) -> list[ModelVersion]:
    """Every version the caller may see, newest first."""
    return _versions(caller_of(request), name)


@router.get(
    "/models/{name}/versions/{version}", response=s.VersionOut, operation_id="ml_versions_get"
)
def get_version(request: HttpRequest, name: str, version: Id) -> ModelVersion:
    return _visible(caller_of(request), name, version)


def _visible(caller: MlCaller, name: str, version: Id) -> ModelVersion:
    found = registry.find_version(name, version)
    if not access.visible_versions(caller).filter(pk=found.pk).exists():
        raise registry.NotFound(f"Model {name!r} has no version {version}")
    return found


@router.post("/models/{name}/train", response={202: JobOut}, operation_id="ml_train")
def start_training(request: HttpRequest, name: str, payload: s.TrainIn) -> Status[JobOut]:
    """Start training a candidate; follow it at ``/api/v1/tasks/{id}`` (progress per epoch).

    Too little data is refused at once (422), naming how much is needed.
    """
    caller = caller_of(request)
    training.check_name(name)
    scope = access.scope_of(caller, payload.organization_id)
    training.dataset_for(scope)
    job = start_job(
        train,
        user_id=caller.user_id,
        name=name,
        organization_id=scope,
        seed=payload.seed,
        epochs=payload.epochs,
    )
    return Status(202, describe_job(job))


@router.post(
    "/models/{name}/versions/{version}/promote",
    response=s.PromotionOut,
    operation_id="ml_versions_promote",
)
def promote(request: HttpRequest, name: str, version: Id) -> s.PromotionOut:
    """Promote a candidate through the gate (409 naming both ROC AUCs when it is refused)."""
    caller = caller_of(request)
    candidate = _visible(caller, name, version)
    access.check_scope(caller, candidate.organization_id)
    result = registry.promote(candidate)
    production_auc = result.production_auc
    return s.PromotionOut.model_validate(
        {
            "promoted": candidate,
            "candidate_roc_auc": round(result.candidate_auc, 4),
            "production_roc_auc": None if production_auc is None else round(production_auc, 4),
            "replaced_version": result.production_version,
            "margin": registry.PROMOTION_MARGIN,
        }
    )


@router.post(
    "/models/{name}/versions/{version}/archive",
    response=s.VersionOut,
    operation_id="ml_versions_archive",
)
def archive(request: HttpRequest, name: str, version: Id) -> ModelVersion:
    caller = caller_of(request)
    found = _visible(caller, name, version)
    access.check_scope(caller, found.organization_id)
    registry.archive(found)
    return found


@router.post("/models/{name}/rollback", response=s.VersionOut, operation_id="ml_rollback")
def roll_back(request: HttpRequest, name: str, payload: s.ScopeIn) -> ModelVersion:
    """Archive the scope's production version and restore the one it replaced."""
    caller = caller_of(request)
    training.check_name(name)
    return registry.roll_back(name, access.scope_of(caller, payload.organization_id))


class OnePair(Schema):
    learner_id: Id
    item_id: Id


@router.get("/models/{name}/predict", response=s.PredictionsOut, operation_id="ml_predict_one")
def predict_one(request: HttpRequest, name: str, pair: Query[OnePair]) -> s.PredictionsOut:
    """The probability that the learner completes the item within 14 days, from now."""
    caller = caller_of(request)
    training.check_name(name)
    pairs = [(pair.learner_id, pair.item_id)]
    access.check_pairs(caller, pairs)
    scores = predictions.predict_pairs(name, caller.org_id, pairs, single=True)
    return _answer(scores, pairs)


@router.post("/models/{name}/predict", response=s.PredictionsOut, operation_id="ml_predict_batch")
def predict_batch(request: HttpRequest, name: str, payload: s.PredictIn) -> s.PredictionsOut:
    """Up to 1,000 learner-item pairs, or rows of named features (422 naming any mismatch)."""
    caller = caller_of(request)
    training.check_name(name)
    if payload.rows:
        scores = predictions.predict_rows(name, caller.org_id, payload.rows)
        return _answer(scores, [(None, None)] * len(payload.rows))
    pairs = [(p.learner_id, p.item_id) for p in payload.pairs]
    access.check_pairs(caller, pairs)
    return _answer(predictions.predict_pairs(name, caller.org_id, pairs), pairs)


def _answer(
    scores: predictions.Scores, pairs: list[tuple[int, int]] | list[tuple[None, None]]
) -> s.PredictionsOut:
    return s.PredictionsOut(
        model=scores.version.name,
        version=scores.version.version,
        predictions=[
            s.PredictionOut(learner_id=learner, item_id=item, probability=p)
            for (learner, item), p in zip(pairs, scores.rounded(), strict=True)
        ],
    )


class HistoryQuery(Schema):
    days: int = Field(default=30, ge=1, le=365, description="How far back.")


@router.get("/monitoring", response=list[s.MonitoredOut], operation_id="ml_monitoring")
def monitoring_report(request: HttpRequest, query: Query[HistoryQuery]) -> list[s.MonitoredOut]:
    """Each production version's daily snapshots: PSI per feature, drift, accuracy so far."""
    caller = caller_of(request)
    live = list(access.visible_versions(caller).filter(stage=Stage.PRODUCTION))
    snapshots = monitoring.history(live, days=query.days)
    return [
        s.MonitoredOut(
            model=version.name,
            version=version.version,
            organization_id=version.organization_id,
            drift_threshold=DRIFT_THRESHOLD,
            stable_threshold=STABLE_THRESHOLD,
            snapshots=[s.SnapshotOut.from_orm(snap) for snap in snapshots[version.pk]],
        )
        for version in live
    ]


class AtRiskQuery(Schema):
    model: str = Field(default="completion")
    limit: int = Field(default=20, ge=1, le=100)


@router.get("/organizations/{org_id}/at-risk", response=s.AtRiskListOut, operation_id="ml_at_risk")
def learners_at_risk(
    request: HttpRequest, org_id: Id, query: Query[AtRiskQuery]
) -> s.AtRiskListOut:
    """The organization's open items least likely to be completed, with their top reasons."""
    require_org_role(request, org_id, Role.ADMIN)
    training.check_name(query.model)
    label, found = at_risk.at_risk(query.model, org_id, limit=query.limit)
    return s.AtRiskListOut(model=label, learners=[s.AtRiskOut.from_orm(r) for r in found])
