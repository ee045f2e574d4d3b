"""The ML API's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, model_validator

from atrium.core.accounts.schemas import Id
from atrium.core.ml.models import ModelVersion
from atrium.core.ml.services.predictions import MAX_BATCH
from atrium.core.ml.services.training import DEFAULT_EPOCHS, DEFAULT_SEED


class TrainIn(Schema):
    organization_id: Id | None = Field(
        None, description="Train on this organization's data; empty (staff only) for all."
    )
    seed: int = Field(DEFAULT_SEED, ge=0, le=2**31 - 1)
    epochs: int = Field(DEFAULT_EPOCHS, ge=1, le=200)


class ScopeIn(Schema):
    organization_id: Id | None = Field(None, description="The organization's model; empty: all.")


class FeatureOut(Schema):
    name: str
    dtype: str
    meaning: str


class VersionOut(Schema):
    name: str
    version: int
    stage: str
    organization_id: int | None
    metrics: dict[str, float]
    baseline_metrics: dict[str, float]
    feature_schema: list[FeatureOut]
    feature_schema_hash: str
    trained_from: datetime
    trained_until: datetime
    rows: dict[str, int]
    seed: int
    artifact_uri: str
    artifact_sha256: str
    created_at: datetime
    promoted_at: datetime | None
    previous_version: int | None

    @staticmethod
    def resolve_previous_version(obj: ModelVersion) -> int | None:
        return obj.previous.version if obj.previous else None


class ModelOut(Schema):
    name: str
    predicts: str
    production: VersionOut | None
    versions: int


class PromotionOut(Schema):
    promoted: VersionOut
    candidate_roc_auc: float = Field(description="On the candidate's holdout.")
    production_roc_auc: float | None = Field(description="The replaced version, same rows.")
    replaced_version: int | None
    margin: float


class PairIn(Schema):
    learner_id: Id
    item_id: Id


# Finite and well inside float32, so every row can be scored and logged as JSON.
FeatureValue = Annotated[float, Field(ge=-1e9, le=1e9, allow_inf_nan=False)]


class PredictIn(Schema):
    """Either pairs (the server computes their features now) or rows of named features."""

    pairs: list[PairIn] = Field(default_factory=list, max_length=MAX_BATCH)
    rows: list[dict[str, FeatureValue]] = Field(default_factory=list, max_length=MAX_BATCH)

    @model_validator(mode="after")
    def _one_kind(self) -> PredictIn:
        if bool(self.pairs) == bool(self.rows):
            raise ValueError("send either pairs or rows, not both and not neither")
        return self


class PredictionOut(Schema):
    learner_id: int | None
    item_id: int | None
    probability: float


class PredictionsOut(Schema):
    model: str
    version: int
    predictions: list[PredictionOut]


class SnapshotOut(Schema):
    computed_at: datetime
    psi: dict[str, float]
    drifted: list[str]
    inputs: int
    outcomes_known: int
    roc_auc: float | None
    brier: float | None


class MonitoredOut(Schema):
    model: str
    version: int
    organization_id: int | None
    drift_threshold: float
    stable_threshold: float
    snapshots: list[SnapshotOut]


class ReasonOut(Schema):
    feature: str
    meaning: str
    value: float
    org_median: float
    effect: float = Field(description="How much the probability would rise at the median.")


class AtRiskOut(Schema):
    learner_id: int
    learner_name: str
    item_id: int
    item_title: str
    probability: float
    reasons: list[ReasonOut]


class AtRiskListOut(Schema):
    model: str
    learners: list[AtRiskOut]
