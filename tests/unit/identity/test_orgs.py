"""Organizations: roles, invitations, the last owner, and API keys."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from atrium.core.accounts.models import AuditEvent
from atrium.core.orgs.models import ApiKey, Membership, Organization
from tests.support.auth import bearer_for, make_user, member_of

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(url, body or {}, content_type="application/json", **extra)


def put(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.put(url, body, content_type="application/json", **extra)


@pytest.fixture
def team() -> dict[str, Any]:
    owner = make_user("owner@example.com")
    org = member_of(owner, "owner")
    people = {"owner": owner, "org": org}
    for role in ("admin", "member", "viewer"):
        people[role] = make_user(f"{role}@example.com")
        member_of(people[role], role, org)
    return people


def test_create_and_list(client: Client) -> None:
    user = make_user("ann@example.com")
    created = post(client, "/api/v1/organizations/", {"name": "Acme"}, **bearer_for(user))
    assert created.status_code == 201
    assert created.json()["role"] == "owner"
    listed = client.get("/api/v1/organizations/", **bearer_for(user)).json()
    assert [(o["name"], o["role"]) for o in listed] == [("Acme", "owner")]


def test_a_viewer_cannot_write(client: Client, team: dict[str, Any]) -> None:
    org, viewer = team["org"], bearer_for(team["viewer"], team["org"])
    assert client.get(f"/api/v1/organizations/{org.pk}/members", **viewer).status_code == 200
    invite = post(
        client, f"/api/v1/organizations/{org.pk}/invitations", {"email": "x@example.com"}, **viewer
    )
    assert invite.status_code == 403
    rename = client.patch(
        f"/api/v1/organizations/{org.pk}",
        {"name": "Mine"},
        content_type="application/json",
        **viewer,
    )
    assert rename.status_code == 403
    assert Organization.objects.get().name == org.name


def test_a_member_cannot_manage_roles(client: Client, team: dict[str, Any]) -> None:
    org, member = team["org"], bearer_for(team["member"], team["org"])
    url = f"/api/v1/organizations/{org.pk}/members/{team['viewer'].pk}/role"
    assert put(client, url, {"role": "admin"}, **member).status_code == 403
    assert put(client, url, {"role": "member"}, **member).status_code == 403
    assert Membership.objects.get(user=team["viewer"]).role == "viewer"


def test_admins_manage_roles_below_owner(client: Client, team: dict[str, Any]) -> None:
    org, admin = team["org"], bearer_for(team["admin"], team["org"])
    url = f"/api/v1/organizations/{org.pk}/members/{{}}/role"
    assert (
        put(client, url.format(team["viewer"].pk), {"role": "member"}, **admin).json()["role"]
        == "member"
    )
    assert put(client, url.format(team["member"].pk), {"role": "owner"}, **admin).status_code == 403
    assert put(client, url.format(team["owner"].pk), {"role": "viewer"}, **admin).status_code == 403
    event = AuditEvent.objects.get(kind="role_changed")
    assert (event.data["old"], event.data["new"]) == ("viewer", "member")


def test_the_last_owner_cannot_leave_or_be_demoted(client: Client, team: dict[str, Any]) -> None:
    org, owner = team["org"], bearer_for(team["owner"], team["org"])
    assert post(client, f"/api/v1/organizations/{org.pk}/leave", **owner).status_code == 409
    demote = put(
        client,
        f"/api/v1/organizations/{org.pk}/members/{team['owner'].pk}/role",
        {"role": "admin"},
        **owner,
    )
    assert demote.status_code == 409
    promote = put(
        client,
        f"/api/v1/organizations/{org.pk}/members/{team['admin'].pk}/role",
        {"role": "owner"},
        **owner,
    )
    assert promote.status_code == 200
    assert post(client, f"/api/v1/organizations/{org.pk}/leave", **owner).status_code == 204
    assert list(
        Membership.objects.filter(organization=org, role="owner").values_list(
            "user__email", flat=True
        )
    ) == ["admin@example.com"]


def test_only_an_owner_deletes(client: Client, team: dict[str, Any]) -> None:
    org = team["org"]
    url = f"/api/v1/organizations/{org.pk}"
    assert client.delete(url, **bearer_for(team["admin"], org)).status_code == 403
    assert client.delete(url, **bearer_for(team["owner"], org)).status_code == 204
    assert not Organization.objects.exists()


def test_invitation_needs_a_verified_matching_email(client: Client, team: dict[str, Any]) -> None:
    org = team["org"]
    invited = post(
        client,
        f"/api/v1/organizations/{org.pk}/invitations",
        {"email": "New@Example.com", "role": "member"},
        **bearer_for(team["admin"], org),
    )
    assert invited.status_code == 201
    token = mail.outbox[-1].body.split("accept:\n\n")[1].strip()
    assert (
        invited.json()["token"] == token
    )  # for the inviter to pass on: only its addressee can use it
    listed = client.get(
        f"/api/v1/organizations/{org.pk}/invitations", **bearer_for(team["admin"], org)
    )
    assert token not in listed.content.decode()

    unverified = make_user("new@example.com", verified=False)
    accept = {"token": token}
    url = "/api/v1/organizations/invitations/accept"
    assert post(client, url, accept, **bearer_for(unverified)).status_code == 403
    stranger = make_user("stranger@example.com")
    assert post(client, url, accept, **bearer_for(stranger)).status_code == 403
    unverified.email_verified_at = stranger.email_verified_at
    unverified.save()
    joined = post(client, url, accept, **bearer_for(unverified))
    assert joined.status_code == 200
    assert (joined.json()["id"], joined.json()["role"]) == (org.pk, "member")
    assert post(client, url, accept, **bearer_for(unverified)).status_code == 404


def test_api_keys_are_shown_once_scoped_and_revocable(client: Client, team: dict[str, Any]) -> None:
    org, admin = team["org"], bearer_for(team["admin"], team["org"])
    base = f"/api/v1/organizations/{org.pk}"
    created = post(client, f"{base}/api-keys", {"name": "ci", "scopes": ["read"]}, **admin)
    assert created.status_code == 201
    secret = created.json()["key"]
    assert secret.startswith(f"atr_{created.json()['prefix']}_")
    stored = ApiKey.objects.get()
    assert secret not in (stored.key_hash, stored.prefix)
    listed = client.get(f"{base}/api-keys", **admin).json()
    assert "key" not in listed[0]

    as_key = {"HTTP_X_API_KEY": secret}
    assert client.get(f"{base}/members", **as_key).status_code == 200
    assert ApiKey.objects.get().last_used_at is not None
    assert (
        post(client, f"{base}/invitations", {"email": "k@example.com"}, **as_key).status_code == 403
    )
    other = member_of(make_user("else@example.com"))
    assert client.get(f"/api/v1/organizations/{other.pk}/members", **as_key).status_code == 403
    assert client.get("/api/v1/users/me", **as_key).status_code == 401

    assert client.delete(f"{base}/api-keys/{stored.pk}", **admin).status_code == 204
    assert client.get(f"{base}/members", **as_key).status_code == 401
    assert client.get(f"{base}/members", HTTP_X_API_KEY="atr_zz_nope").status_code == 401
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"key_created", "key_revoked"} <= kinds


def test_a_token_without_organization_is_refused_on_org_routes(
    client: Client, team: dict[str, Any]
) -> None:
    url = f"/api/v1/organizations/{team['org'].pk}/members"
    assert client.get(url, **bearer_for(team["owner"])).status_code == 403


def test_a_removed_member_loses_access_at_once(client: Client, team: dict[str, Any]) -> None:
    org = team["org"]
    member = bearer_for(team["member"], org)
    url = f"/api/v1/organizations/{org.pk}/members"
    removed = client.delete(f"{url}/{team['member'].pk}", **bearer_for(team["admin"], org))
    assert removed.status_code == 204
    assert client.get(url, **member).status_code == 404


def test_listing_members_takes_constant_queries(
    client: Client, team: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    org = team["org"]
    for n in range(20):
        member_of(make_user(f"extra{n}@example.com"), "viewer", org)
    auth = bearer_for(team["owner"], org)
    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/organizations/{org.pk}/members", **auth)
    assert len(response.json()) == 24


def test_resending_verification(client: Client) -> None:
    user = make_user("new@example.com", verified=False)
    assert post(client, "/api/v1/auth/verify-email/resend", **bearer_for(user)).status_code == 202
    assert mail.outbox[-1].to == ["new@example.com"]


def test_a_new_invitation_replaces_the_pending_one(client: Client, team: dict[str, Any]) -> None:
    org = team["org"]
    url = f"/api/v1/organizations/{org.pk}/invitations"
    for _ in range(2):
        post(client, url, {"email": "new@example.com"}, **bearer_for(team["owner"], org))
    first, second = (m.body.split("accept:\n\n")[1].strip() for m in mail.outbox[-2:])
    invitee = bearer_for(make_user("new@example.com"))
    accept = "/api/v1/organizations/invitations/accept"
    assert post(client, accept, {"token": first}, **invitee).status_code == 404
    assert post(client, accept, {"token": second}, **invitee).status_code == 200
    assert len(client.get(url, **bearer_for(team["owner"], org)).json()) == 1


@pytest.mark.parametrize("email", ["not an address", "\u00fe\u0004\u00e7r\u008c\u00a7X\u001e"])
def test_an_invitation_to_a_malformed_address_is_400(
    client: Client, team: dict[str, Any], email: str
) -> None:
    org, owner = team["org"], bearer_for(team["owner"], team["org"])
    invited = post(client, f"/api/v1/organizations/{org.pk}/invitations", {"email": email}, **owner)
    assert invited.status_code == 400
    assert invited.json()["detail"] == "Enter a valid email address"
    assert not mail.outbox


def test_out_of_range_ids_and_nul_characters_are_422(client: Client, team: dict[str, Any]) -> None:
    org, owner = team["org"], bearer_for(team["owner"], team["org"])
    huge = 2**70
    assert client.get(f"/api/v1/organizations/{huge}/members", **owner).status_code == 422
    nul = post(
        client, f"/api/v1/organizations/{org.pk}/invitations", {"email": "a\x00@b.c"}, **owner
    )
    assert nul.status_code == 422
    login = post(
        client,
        "/api/v1/auth/token",
        {"email": "owner@example.com", "password": "x", "organization_id": huge},
    )
    assert login.status_code == 422
