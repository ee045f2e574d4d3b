"""Pairs scored from a cohort's real history: the at-risk list, its reasons, its queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from atrium.core.learning.models import Progress
from atrium.core.ml.models import PredictionLog
from atrium.core.ml.services import registry
from atrium.core.ml.services.cohort import CohortReport, write_cohort
from atrium.core.orgs.models import Organization
from atrium.ml.features import FEATURE_SCHEMA
from tests.support.auth import bearer_for, make_user, member_of
from tests.unit.learning.conftest import call
from tests.unit.ml_core.factories import make_version

pytestmark = pytest.mark.django_db
NAMES = FEATURE_SCHEMA.names
# Completion follows the learner's record and recency: only these can be reasons.
WEIGHTS = {
    NAMES.index("learner_completion_rate"): 2.0,
    NAMES.index("days_since_item_activity"): -1.5,
}


@pytest.fixture
def cohort() -> CohortReport:
    report = write_cohort(learners=30, days=40, seed=2)
    registry.promote(make_version(WEIGHTS, baseline_auc=0.0))
    return report


def _admin_of(org: Organization) -> dict[str, str]:
    admin = make_user("cohort-admin@example.com")
    member_of(admin, "admin", org)
    return bearer_for(admin, org)


def test_at_risk_learners_come_with_the_features_that_hold_them_back(
    cohort: CohortReport,
) -> None:
    org = Organization.objects.get(pk=cohort.organizations[0])
    url = f"/api/v1/ml/organizations/{org.pk}/at-risk?limit=5"
    response = call(Client(), "GET", url, **_admin_of(org))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["model"] == "completion@1"
    learners = body["learners"]
    assert len(learners) == 5
    probabilities = [row["probability"] for row in learners]
    assert probabilities == sorted(probabilities)
    weighted = {NAMES[column] for column in WEIGHTS}
    for row in learners:
        assert row["learner_name"].startswith("Simulated learner")
        assert row["reasons"], row
        assert {reason["feature"] for reason in row["reasons"]} <= weighted
        assert all(reason["effect"] > 0 for reason in row["reasons"])
    open_items = Progress.objects.filter(user__memberships__organization=org, status="in_progress")
    assert PredictionLog.objects.count() == open_items.count()


def test_members_do_not_see_who_is_at_risk(cohort: CohortReport) -> None:
    org = Organization.objects.get(pk=cohort.organizations[0])
    member = make_user("cohort-member@example.com")
    member_of(member, "member", org)
    url = f"/api/v1/ml/organizations/{org.pk}/at-risk"
    assert call(Client(), "GET", url, **bearer_for(member, org)).status_code == 403


def test_batch_predictions_of_pairs_do_not_grow_with_the_batch(
    cohort: CohortReport, staff: dict[str, str]
) -> None:
    pairs = list(Progress.objects.values("user_id", "item_id")[:40])
    assert len(pairs) == 40

    def queries(size: int) -> int:
        body = {
            "pairs": [{"learner_id": p["user_id"], "item_id": p["item_id"]} for p in pairs[:size]]
        }
        with CaptureQueriesContext(connection) as captured:
            response = call(Client(), "POST", "/api/v1/ml/models/completion/predict", body, **staff)
        assert response.status_code == 200, response.content
        assert len(response.json()["predictions"]) == size
        return len(captured)

    assert queries(3) == queries(40)


def test_one_prediction_for_a_learner_outside_the_organization_is_a_404(
    cohort: CohortReport,
) -> None:
    org = Organization.objects.get(pk=cohort.organizations[0])
    outsider = make_user("outsider@example.com")
    member_of(outsider, "member")
    item = Progress.objects.values_list("item_id", flat=True).first()
    url = f"/api/v1/ml/models/completion/predict?learner_id={outsider.pk}&item_id={item}"
    response = call(Client(), "GET", url, **_admin_of(org))
    assert response.status_code == 404
    assert str(outsider.pk) in response.json()["detail"]
