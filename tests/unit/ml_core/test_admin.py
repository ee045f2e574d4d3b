"""The registry's admin: its pages render, and its actions go through the same rules."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from atrium.core.ml.models import ModelVersion, Stage
from atrium.core.ml.services import registry
from tests.support.auth import make_user
from tests.unit.ml_core.factories import GOOD, WORSE, make_version

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/ml/modelversion/"
MIDDLING = {0: 1.0, 1: 1.0}  # between WORSE and GOOD on the holdout


@pytest.fixture
def admin_client(client: Client) -> Client:
    root = make_user("root@example.com")
    root.is_staff = root.is_superuser = True
    root.save()
    client.force_login(root)
    return client


def _act(client: Client, action: str, version: ModelVersion) -> list[str]:
    response = client.post(CHANGELIST, {"action": action, "_selected_action": [version.pk]})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_pages_render(admin_client: Client) -> None:
    version = make_version(GOOD)
    for page in (CHANGELIST, f"{CHANGELIST}{version.pk}/change/", "/admin/ml/monitoringsnapshot/"):
        assert admin_client.get(page).status_code == 200, page


def test_promote_goes_through_the_gate_and_roll_back_restores(admin_client: Client) -> None:
    production = make_version(MIDDLING, baseline_auc=0.5)
    registry.promote(production)
    worse = make_version(WORSE)
    assert "on the same rows" in _act(admin_client, "promote", worse)[-1]
    worse.refresh_from_db()
    assert worse.stage == Stage.CANDIDATE
    better = make_version(GOOD)
    assert _act(admin_client, "promote", better)[-1] == f"{better.label}: done"
    assert _act(admin_client, "roll_back", better)[-1] == "completion: done"
    production.refresh_from_db()
    assert production.stage == Stage.PRODUCTION
