"""Core's OpenAPI spec, fuzzed in-process over WSGI: no input gets a 5xx.

Each operation is one test with pytest-django's transaction around it and a fresh user
who owns a fresh organization with a small track (their ids fill the paths), so an
operation that deletes the caller (``DELETE /api/v1/users/me``) or their organization
only affects its own later examples (which then answer 401/404), never another
operation's run.

Excluded: ``GET /api/v1/health/`` answers 503 by design when a component is down (its
OpenAPI responses document it), and in tests the api service and broker are down.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error

from atrium.core.wsgi import application
from tests.contract.conftest import FUZZ
from tests.support.auth import bearer_for, make_user, member_of
from tests.unit.learning.conftest import make_track

# The health check's 503 is its documented answer while a component is down (in tests
# the api service and the broker are), not a server error.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).exclude(
    path="/api/v1/health/", method="GET"
)


@dataclass
class Caller:
    ids: dict[str, int]
    headers: dict[str, str]


@pytest.fixture
def owner(db: None) -> Caller:
    user = make_user("contract-owner@example.com")
    org = member_of(user, role="owner")
    track = make_track("contract", org=org, items=1)
    module = track.modules.get()
    ids = {
        "org_id": org.pk,
        "user_id": user.pk,
        "track_id": track.pk,
        "module_id": module.pk,
        "item_id": module.items.get().pk,
    }
    headers = {"Authorization": bearer_for(user, org)["HTTP_AUTHORIZATION"]}
    return Caller(ids=ids, headers=headers)


@schema.parametrize()
@FUZZ
def test_core_answers_no_server_error(case: schemathesis.Case, owner: Caller) -> None:
    # The caller's own ids (organization, user, catalog) reach past the 404 into handlers.
    for name, value in owner.ids.items():
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = value
    response = case.call(headers=owner.headers)
    case.validate_response(response, checks=[not_a_server_error])
