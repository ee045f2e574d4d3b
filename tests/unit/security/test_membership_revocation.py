"""api stops honouring a token's organization as soon as core ends the membership or
changes its role, not when the token expires."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from atrium.api.deps import ActiveOrg
from atrium.core.orgs.models import Membership
from tests.support.auth import make_user, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> TestClient:
    app = FastAPI()

    @app.get("/org")
    async def org(active: ActiveOrg) -> dict[str, Any]:
        return {"org": active.id, "role": active.role.value}

    return TestClient(app)


def test_a_removed_member_is_refused_at_once(api: TestClient, api_auth: Any) -> None:
    user = make_user("ann@example.com")
    org = member_of(user, role="admin")
    before = api_auth.header(user.pk, org.pk, "admin", iat=int(time.time()) - 5)
    assert api.get("/org", headers=before).status_code == 200
    Membership.objects.filter(user=user, organization=org).delete()
    refused = api.get("/org", headers=before)
    assert refused.status_code == 401
    assert "refresh" in refused.json()["detail"]
    other = member_of(user, role="member")
    elsewhere = api_auth.header(user.pk, other.pk, "member", iat=int(time.time()) - 5)
    assert api.get("/org", headers=elsewhere).status_code == 200


def test_a_changed_role_outdates_the_tokens_signed_before(api: TestClient, api_auth: Any) -> None:
    user = make_user("ann@example.com")
    org = member_of(user, role="admin")
    before = api_auth.header(user.pk, org.pk, "admin", iat=int(time.time()) - 5)
    membership = Membership.objects.get(user=user, organization=org)
    membership.role = "member"
    membership.save(update_fields=["role"])
    assert api.get("/org", headers=before).status_code == 401
    after = api_auth.header(user.pk, org.pk, "member", iat=int(time.time()) + 1)
    assert api.get("/org", headers=after).json() == {"org": org.pk, "role": "member"}
