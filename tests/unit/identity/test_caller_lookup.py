"""core reads the caller and its membership of the token's organization in one query, on
every request: a removal or a role change counts from the next request on."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from atrium.core.accounts.auth import active_membership
from atrium.core.accounts.models import User
from atrium.core.orgs.models import Membership
from tests.support.auth import bearer_for, make_user, member_of

pytestmark = pytest.mark.django_db


def test_an_organization_scoped_request_reads_the_caller_once(
    client: Client, django_assert_num_queries: Any
) -> None:
    user = make_user("one@example.com")
    org = member_of(user, "member")
    auth = bearer_for(user, org)
    client.get("/api/v1/progress/", **auth)  # the signing keys are read once per process
    with django_assert_num_queries(2):  # the caller with its membership, then the page
        assert client.get("/api/v1/progress/", **auth).status_code == 200


def test_a_removed_member_is_refused_with_the_same_token(client: Client) -> None:
    user = make_user("gone@example.com")
    org = member_of(user, "member")
    auth = bearer_for(user, org)
    assert client.get(f"/api/v1/organizations/{org.pk}", **auth).status_code == 200
    Membership.objects.filter(user=user, organization=org).delete()
    assert client.get(f"/api/v1/organizations/{org.pk}", **auth).status_code == 404
    assert client.get("/api/v1/progress/", **auth).status_code == 404


def test_a_demotion_counts_at_once(client: Client) -> None:
    user = make_user("demoted@example.com")
    org = member_of(user, "admin")
    auth = bearer_for(user, org)
    members = f"/api/v1/organizations/{org.pk}/invitations"
    assert client.get(members, **auth).status_code == 200
    Membership.objects.filter(user=user, organization=org).update(role="viewer")
    assert client.get(members, **auth).status_code == 403


def test_the_caller_is_loaded_as_the_orm_loads_it(django_assert_num_queries: Any) -> None:
    user = make_user("loaded@example.com")
    org = member_of(user, "admin")
    with django_assert_num_queries(1):
        membership = active_membership(user.pk, org.pk)
        assert membership is not None
        assert (membership.user, membership.organization) == (user, org)
        assert membership.user.email == user.email
        assert membership.organization.name == org.name
    stored = Membership.objects.select_related("user", "organization").get(user=user)
    for loaded, read in [
        (membership, stored),
        (membership.user, stored.user),
        (membership.organization, stored.organization),
    ]:
        fields = type(read)._meta.concrete_fields
        assert [getattr(loaded, f.attname) for f in fields] == [
            getattr(read, f.attname) for f in fields
        ]
        assert not loaded._state.adding
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert active_membership(user.pk, org.pk) is None
