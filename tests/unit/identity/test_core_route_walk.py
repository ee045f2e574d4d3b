"""Every organization-scoped route of core, found by walking the OpenAPI route table,
refuses a credential of organization A on an object of organization B, even when the
caller is also an owner of B: the token's organization decides, not the caller's reach."""

import json
import re
from typing import Any

import pytest
from django.test import Client

from atrium.core.api import api
from atrium.core.audit_context import AuditContext
from atrium.core.orgs.api_keys import issue_key
from atrium.core.orgs.models import ApiKey, Invitation, Membership, Organization
from tests.support.auth import bearer_for, make_user, member_of

pytestmark = pytest.mark.django_db


def example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A small valid value for a JSON schema, so bodies pass validation."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components)
    if "enum" in schema:
        return schema["enum"][-1]
    for key in ("anyOf", "allOf", "oneOf"):
        if key in schema:
            return example(schema[key][0], components)
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: example(props[name], components) for name in schema.get("required", props)}
    if kind == "array":
        return [example(schema.get("items", {}), components)]
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return True
    return "walker@example.com" if "mail" in schema.get("title", "").lower() else "walker"


def org_scoped_operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = api.get_openapi_schema()
    components = spec.get("components", {}).get("schemas", {})
    found = []
    for path, methods in spec["paths"].items():
        if "{org_id}" not in path:
            continue
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            payload = example(body["schema"], components) if body else None
            found.append((method.upper(), path, payload))
    return found


@pytest.fixture
def two_orgs() -> dict[str, Any]:
    ann = make_user("ann@example.com")  # owner of A, and also owner of B
    org_a, org_b = member_of(ann, "owner"), Organization.objects.create(name="B")
    member_of(ann, "owner", org_b)
    bob = make_user("bob@example.com")
    member_of(bob, "member", org_b)
    invitation = Invitation.objects.create(
        organization=org_b,
        email="inv@example.com",
        role="member",
        token_hash="h" * 64,
        expires_at="2999-01-01T00:00:00Z",
    )
    audit = AuditContext.system("test")
    key_b = issue_key(audit=audit, organization=org_b, name="b", scopes=["write"], created_by=ann)
    key_a = issue_key(
        audit=audit, organization=org_a, name="a", scopes=["read", "write"], created_by=ann
    )
    ids = {
        "org_id": org_b.pk,
        "user_id": bob.pk,
        "invitation_id": invitation.pk,
        "key_id": key_b.key.pk,
    }
    return {"ann": ann, "a": org_a, "b": org_b, "ids": ids, "key_a": key_a.secret}


def _state(org: Organization) -> Any:
    org.refresh_from_db()
    return (
        org.name,
        sorted(Membership.objects.filter(organization=org).values_list("user_id", "role")),
        Invitation.objects.filter(organization=org).count(),
        sorted(ApiKey.objects.filter(organization=org).values_list("pk", "revoked_at")),
    )


def test_the_walk_covers_the_organization_routes() -> None:
    paths = {path for _, path, _ in org_scoped_operations()}
    assert "/api/v1/organizations/{org_id}/members/{user_id}/role" in paths
    assert len(org_scoped_operations()) >= 12


@pytest.mark.parametrize("credential", ["owner of both, token for A", "outsider", "api key of A"])
def test_org_a_credentials_never_reach_org_b(
    client: Client, two_orgs: dict[str, Any], credential: str
) -> None:
    if credential == "owner of both, token for A":
        auth = bearer_for(two_orgs["ann"], two_orgs["a"])
    elif credential == "outsider":
        outsider = make_user("eve@example.com")
        auth = bearer_for(outsider, member_of(outsider, "owner"))
    else:
        auth = {"HTTP_X_API_KEY": two_orgs["key_a"]}
    before = _state(two_orgs["b"])
    for method, path, payload in org_scoped_operations():
        url = re.sub(r"\{(\w+)\}", lambda m: str(two_orgs["ids"][m[1]]), path)
        response = client.generic(
            method,
            url,
            "" if payload is None else json.dumps(payload),
            content_type="application/json",
            **auth,
        )
        assert response.status_code in (403, 404), (method, path, response.content)
    assert _state(two_orgs["b"]) == before


def test_the_same_routes_work_for_org_b_tokens(client: Client, two_orgs: dict[str, Any]) -> None:
    """The walk's URLs and bodies are right: with a B token they get through."""
    auth = bearer_for(two_orgs["ann"], two_orgs["b"])
    org_b = two_orgs["b"].pk
    assert client.get(f"/api/v1/organizations/{org_b}/members", **auth).status_code == 200
    assert client.get(f"/api/v1/organizations/{org_b}/api-keys", **auth).status_code == 200
