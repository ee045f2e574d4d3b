"""The model registry, the prediction log and the daily monitoring snapshots.

A model's *scope* is the data it learned from: every organization (``organization`` is
empty) or one organization's. Each (name, scope) has at most one production version.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Stage(models.TextChoices):
    CANDIDATE = "candidate"
    PRODUCTION = "production"
    ARCHIVED = "archived"


def in_scope(organization_id: int | None) -> Q:
    """Versions trained on one organization's data, or (None) on every organization's."""
    if organization_id is None:
        return Q(organization__isnull=True)
    return Q(organization_id=organization_id)


class ModelVersion(models.Model):
    name = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The organization whose data trained it; empty for all of them.",
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.CANDIDATE)
    metrics = models.JSONField(default=dict, help_text="On the time-based holdout.")
    baseline_metrics = models.JSONField(default=dict, help_text="The baseline, same holdout.")
    feature_schema = models.JSONField(default=list, help_text="[{name, dtype, meaning}], in order.")
    feature_schema_hash = models.CharField(max_length=64)
    reference = models.JSONField(default=dict, help_text="Training distribution, for PSI.")
    trained_from = models.DateTimeField()
    trained_until = models.DateTimeField()
    rows = models.JSONField(default=dict, help_text="Example and positive counts per split.")
    seed = models.IntegerField(default=0)
    artifact_uri = models.CharField(max_length=500)
    artifact_sha256 = models.CharField(max_length=64)
    holdout_uri = models.CharField(max_length=500, help_text="The holdout rows (npz).")
    holdout_sha256 = models.CharField(max_length=64)
    job_id = models.UUIDField(
        null=True, blank=True, unique=True, help_text="The training job that made it."
    )
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The production version this one replaced (what a rollback restores).",
    )

    class Meta:
        ordering = ("name", "-version")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="ml_model_version"),
            models.UniqueConstraint(
                fields=["name", "organization"],
                condition=Q(stage="production"),
                name="ml_one_production_per_scope",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(stage="production", organization__isnull=True),
                name="ml_one_global_production",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.stage})"

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


class PredictionLog(models.Model):
    """One served prediction: its inputs, its output and the version that made it."""

    model_version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="predictions"
    )
    learner_id = models.IntegerField(null=True, blank=True, db_index=True)
    item_id = models.IntegerField(null=True, blank=True)
    features = models.JSONField(help_text="The input row, in the model's feature order.")
    probability = models.FloatField()
    predicted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-predicted_at",)
        indexes = [models.Index(fields=["model_version", "predicted_at"])]

    def __str__(self) -> str:
        return f"{self.probability:.3f} by {self.model_version_id} at {self.predicted_at}"


class MonitoringSnapshot(models.Model):
    """A daily look at a production version: drift of its inputs and accuracy so far."""

    model_version = models.ForeignKey(
        ModelVersion, on_delete=models.CASCADE, related_name="snapshots"
    )
    computed_at = models.DateTimeField(default=timezone.now, db_index=True)
    psi = models.JSONField(default=dict, help_text="PSI per feature vs the training reference.")
    drifted = models.JSONField(default=list, help_text="Features whose PSI is over 0.2.")
    inputs = models.PositiveIntegerField(default=0, help_text="Logged inputs PSI was taken on.")
    outcomes_known = models.PositiveIntegerField(default=0)
    roc_auc = models.FloatField(null=True, blank=True)
    brier = models.FloatField(null=True, blank=True)
    retrain_job = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ("-computed_at",)
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"monitoring of {self.model_version_id} at {self.computed_at}"
