"""The registry: the promotion gate, rollback and archive, through the API and services."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from atrium.core.ml.models import ModelVersion, Stage
from atrium.core.ml.services import registry
from tests.unit.learning.conftest import Team, call
from tests.unit.ml_core.factories import GOOD, WORSE, make_version

pytestmark = pytest.mark.django_db
URL = "/api/v1/ml/models/completion"


def _stage(version: ModelVersion) -> str:
    version.refresh_from_db()
    return version.stage


def test_a_worse_candidate_is_refused_with_both_numbers(staff: dict[str, str]) -> None:
    production = make_version(GOOD)
    registry.promote(production)
    worse = make_version(WORSE)
    response = call(Client(), "POST", f"{URL}/versions/{worse.version}/promote", **staff)
    assert response.status_code == 409, response.content
    detail = response.json()["detail"]
    numbers = [float(n) for n in re.findall(r"\d\.\d{4}", detail)]
    candidate_auc, production_auc = numbers[0], numbers[1]
    assert candidate_auc < production_auc, detail
    assert f"completion@{production.version}" in detail
    assert "same rows" in detail
    assert (_stage(production), _stage(worse)) == (Stage.PRODUCTION, Stage.CANDIDATE)


def test_a_better_candidate_replaces_production(staff: dict[str, str]) -> None:
    production = make_version(WORSE, baseline_auc=0.5)
    registry.promote(production)
    better = make_version(GOOD)
    response = call(Client(), "POST", f"{URL}/versions/{better.version}/promote", **staff)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    assert body["replaced_version"] == production.version
    assert body["candidate_roc_auc"] >= body["production_roc_auc"] + body["margin"]
    assert body["promoted"]["stage"] == "production"
    assert body["promoted"]["previous_version"] == production.version
    assert _stage(production) == Stage.ARCHIVED


def test_the_first_version_of_a_scope_has_nothing_to_beat(staff: dict[str, str]) -> None:
    first = make_version(WORSE)
    response = call(Client(), "POST", f"{URL}/versions/{first.version}/promote", **staff)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["production_roc_auc"] is None
    assert body["replaced_version"] is None
    assert 0.5 < body["candidate_roc_auc"] < 0.75


def test_rollback_restores_the_previous_production(staff: dict[str, str]) -> None:
    first = make_version(WORSE, baseline_auc=0.5)
    registry.promote(first)
    second = make_version(GOOD)
    registry.promote(second)
    response = call(Client(), "POST", f"{URL}/rollback", {}, **staff)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == first.version
    assert (_stage(first), _stage(second)) == (Stage.PRODUCTION, Stage.ARCHIVED)
    again = call(Client(), "POST", f"{URL}/rollback", {}, **staff)
    assert again.status_code == 409
    assert "nothing to roll back to" in again.json()["detail"]


def test_production_cannot_be_archived_but_a_candidate_can(staff: dict[str, str]) -> None:
    production = make_version(GOOD)
    registry.promote(production)
    candidate = make_version(WORSE)
    refused = call(Client(), "POST", f"{URL}/versions/{production.version}/archive", **staff)
    assert refused.status_code == 409
    done = call(Client(), "POST", f"{URL}/versions/{candidate.version}/archive", **staff)
    assert done.status_code == 200
    assert done.json()["stage"] == "archived"


def test_organization_admins_manage_their_own_scope_only(team: Team) -> None:
    global_version = make_version(GOOD)
    own = make_version(GOOD, organization_id=team.org.pk)
    admin = team.auth(team.admin)
    client = Client()
    refused = call(client, "POST", f"{URL}/versions/{global_version.version}/promote", **admin)
    assert refused.status_code == 403
    promoted = call(client, "POST", f"{URL}/versions/{own.version}/promote", **admin)
    assert promoted.status_code == 200, promoted.content
    member = call(client, "GET", f"{URL}/versions", **team.auth(team.member))
    assert member.status_code == 403
    other = call(client, "GET", f"{URL}/versions", **team.auth(team.other))
    assert [v["version"] for v in other.json()] == [global_version.version]


def test_unknown_models_and_versions_are_404s(staff: dict[str, str]) -> None:
    client = Client()
    assert call(client, "GET", "/api/v1/ml/models/nope/versions", **staff).status_code == 404
    missing = call(client, "POST", f"{URL}/versions/99/promote", **staff)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Model 'completion' has no version 99"}
