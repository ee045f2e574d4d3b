"""The service credential api uses for its calls to core."""

import pytest
from django.test import Client
from typer.testing import CliRunner

from atrium.cli import app
from atrium.core.accounts.models import AuditEvent
from atrium.core.orgs.models import ApiKey
from tests.support.auth import bearer_for, make_user, member_of

pytestmark = pytest.mark.django_db


def test_a_service_key_reads_users_and_nothing_else_does(client: Client) -> None:
    result = CliRunner().invoke(app, ["keys", "service-key", "api"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    assert ApiKey.objects.get().scopes == ["service"]
    created = AuditEvent.objects.get(kind=AuditEvent.Kind.KEY_CREATED)
    assert (created.data["source"], created.ip_address) == ("cli", None)

    user = make_user("ann@example.com")
    org = member_of(user)
    found = client.get(f"/api/v1/users/{user.pk}", HTTP_X_API_KEY=secret)
    assert found.status_code == 200
    assert found.json()["email"] == "ann@example.com"
    assert client.get("/api/v1/users/999999", HTTP_X_API_KEY=secret).status_code == 404
    # the service key is no member of any organization
    assert client.get(f"/api/v1/organizations/{org.pk}", HTTP_X_API_KEY=secret).status_code == 403

    org_key = client.post(
        f"/api/v1/organizations/{org.pk}/api-keys",
        {"name": "k", "scopes": ["write"]},
        content_type="application/json",
        **bearer_for(user, org),
    ).json()["key"]
    assert client.get(f"/api/v1/users/{user.pk}", HTTP_X_API_KEY=org_key).status_code == 403
    assert client.get(f"/api/v1/users/{user.pk}", **bearer_for(user)).status_code == 401
