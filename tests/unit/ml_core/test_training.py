"""Training on a simulated cohort written through the progress services, and its API."""

from __future__ import annotations

import pytest
from django.test import Client

from atrium.common.storage import get_object_store
from atrium.core.jobs.models import Job
from atrium.core.learning.models import ProgressEvent
from atrium.core.ml.models import ModelVersion
from atrium.core.ml.services import artifacts, training
from atrium.core.ml.services.cohort import write_cohort
from atrium.ml.features import FEATURE_SCHEMA
from tests.unit.learning.conftest import Team, call

pytestmark = pytest.mark.django_db
URL = "/api/v1/ml/models/completion/train"


def test_a_cohort_trains_a_candidate_through_a_job(staff: dict[str, str]) -> None:
    """One cohort for the whole path, as writing it is the slow part."""
    cohort = write_cohort(learners=40, days=200, seed=3)
    assert cohort.written > 30
    events = ProgressEvent.objects.count()
    assert events > cohort.written * 5
    assert write_cohort(learners=40, days=200, seed=3).written == 0  # idempotent
    assert ProgressEvent.objects.count() == events

    response = call(Client(), "POST", URL, {"epochs": 4, "seed": 5}, **staff)
    assert response.status_code == 202, response.content
    job = Job.objects.get(pk=response.json()["id"])
    assert job.name == "atrium.core.ml.tasks.train"
    assert job.arguments == {"name": "completion", "organization_id": None, "seed": 5, "epochs": 4}

    epochs: list[tuple[int, int]] = []
    version = training.train_candidate(
        **job.arguments, job_id=job.id, on_epoch=lambda done, total, _: epochs.append((done, total))
    )
    assert epochs == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert version.stage == "candidate"
    assert version.version == 1
    assert version.feature_schema_hash == FEATURE_SCHEMA.hash()
    assert set(version.metrics) == {"roc_auc", "brier", "ece"} == set(version.baseline_metrics)
    assert version.rows["train_examples"] >= 200
    assert version.trained_from < version.trained_until
    stored = get_object_store().get(version.artifact_uri)
    assert artifacts.sha256(stored) == version.artifact_sha256
    assert version.artifact_uri.endswith("ml/completion/1/model.onnx")
    # The same job run again (acks are late) finds its version instead of a second one.
    assert training.train_candidate(**job.arguments, job_id=job.id).pk == version.pk
    assert ModelVersion.objects.count() == 1


def test_too_little_data_is_a_422_naming_how_much_is_needed(staff: dict[str, str]) -> None:
    write_cohort(learners=8, days=30, seed=1)
    response = call(Client(), "POST", URL, {"epochs": 2}, **staff)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "train examples: need 200, found" in detail
    assert not Job.objects.exists()


def test_only_admins_train_and_only_their_organizations_data(team: Team) -> None:
    client = Client()
    member = call(client, "POST", URL, {}, **team.auth(team.member))
    assert member.status_code == 403
    everyone = call(client, "POST", URL, {}, **team.auth(team.admin))
    assert everyone.status_code == 422  # their own organization, which has no activity
    other = {"organization_id": team.other_org.pk}
    assert call(client, "POST", URL, other, **team.auth(team.admin)).status_code == 403
