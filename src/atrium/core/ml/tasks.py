"""The ML pipeline's tasks, on the ``ml`` queue (``atrium.tasks.routing``).

Both are idempotent, as acks are late: a retried training finds the version its first
run registered (by job id), and a second monitoring run the same day adds one more
snapshot beside the first but starts no second retraining of a drifted version.
"""

from __future__ import annotations

import uuid
from typing import Any

from celery import Task
from django.utils import timezone

from atrium.core.jobs.services import report_progress, start_job
from atrium.core.ml.errors import PromotionRefused
from atrium.core.ml.models import ModelVersion, MonitoringSnapshot
from atrium.core.ml.services import registry
from atrium.core.ml.services.monitoring import monitor_all
from atrium.core.ml.services.training import DEFAULT_EPOCHS, DEFAULT_SEED, train_candidate
from atrium.tasks import celery_app


@celery_app.task(bind=True, name="atrium.core.ml.tasks.train")
def train(
    self: Task,
    name: str,
    organization_id: int | None = None,
    seed: int = DEFAULT_SEED,
    epochs: int = DEFAULT_EPOCHS,
    promote: bool = False,
) -> dict[str, Any]:
    """Train and register a candidate, reporting progress after every epoch.

    With ``promote`` the candidate then goes through the promotion gate; a refusal is
    part of the result, not a failure: the candidate stays registered.
    """

    def on_epoch(epoch: int, total: int, scores: dict[str, float]) -> None:
        report_progress(self, done=epoch, total=total, metrics=scores)

    job_id = uuid.UUID(self.request.id) if self.request.id else None
    version = train_candidate(
        name=name,
        organization_id=organization_id,
        seed=seed,
        epochs=epochs,
        job_id=job_id,
        on_epoch=on_epoch,
    )
    refusal = _promoted(version) if promote else None
    return {
        "done": epochs,
        "total": epochs,
        "model": version.name,
        "version": version.version,
        "stage": version.stage,
        "metrics": version.metrics,
        "baseline_metrics": version.baseline_metrics,
        "promotion_refused": refusal,
    }


def _retraining(version: ModelVersion) -> uuid.UUID:
    """The job retraining ``version``: the one today's earlier run started, else a new one."""
    started_today = MonitoringSnapshot.objects.filter(
        model_version=version,
        computed_at__date=timezone.now().date(),
        retrain_job__isnull=False,
    )
    earlier = started_today.values_list("retrain_job", flat=True).first()
    if earlier is not None:
        return earlier
    return start_job(train, name=version.name, organization_id=version.organization_id).id


def _promoted(version: ModelVersion) -> str | None:
    try:
        registry.promote(version)
    except PromotionRefused as exc:
        return exc.detail
    return None


@celery_app.task(name="atrium.core.ml.tasks.monitor")
def monitor(retrain_on_drift: bool = True) -> list[dict[str, Any]]:
    """The daily snapshot of every production version; drift may start a retraining.

    A retrained version is only a candidate: promotion still goes through the gate.
    """
    reports = []
    for snapshot in monitor_all():
        version = snapshot.model_version
        if snapshot.drifted and retrain_on_drift:
            snapshot.retrain_job = _retraining(version)
            snapshot.save(update_fields=["retrain_job"])
        reports.append(
            {
                "model": version.label,
                "drifted": snapshot.drifted,
                "roc_auc": snapshot.roc_auc,
                "retrain_job": str(snapshot.retrain_job) if snapshot.retrain_job else None,
            }
        )
    return reports
