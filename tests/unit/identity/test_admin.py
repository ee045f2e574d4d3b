"""The admin lists, searches and filters every identity model."""

import pytest
from django.test import Client

from atrium.core.accounts.audit import record
from atrium.core.accounts.models import AuditEvent
from atrium.core.audit_context import AuditContext
from atrium.core.orgs.api_keys import issue_key
from tests.support.auth import make_user, member_of

pytestmark = pytest.mark.django_db

PAGES = [
    "accounts/user/",
    "accounts/auditevent/",
    "accounts/refreshtoken/",
    "orgs/organization/",
    "orgs/membership/",
    "orgs/invitation/",
    "orgs/apikey/",
]


def test_changelists_render_with_search_and_filters(admin_client: Client) -> None:
    user = make_user("ann@example.com")
    org = member_of(user)
    audit = AuditContext.system("test")
    issue_key(audit=audit, organization=org, name="ci", scopes=["read"], created_by=user)
    record(AuditEvent.Kind.LOGIN, audit=audit, actor=user)
    for page in PAGES:
        assert admin_client.get(f"/admin/{page}").status_code == 200, page
        assert admin_client.get(f"/admin/{page}?q=ann").status_code == 200, page
    filtered = admin_client.get("/admin/accounts/auditevent/?kind__exact=login")
    assert b"ann@example.com" in filtered.content
    assert admin_client.get(f"/admin/orgs/organization/{org.pk}/change/").status_code == 200
