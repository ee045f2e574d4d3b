"""The catalog API: who reads and edits which catalog, stable slugs, prerequisites."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from atrium.core.learning.models import Item, Publication, Track
from tests.support.auth import bearer_for, make_user
from tests.unit.learning.conftest import Team, call, make_track

pytestmark = pytest.mark.django_db


def slugs(response: object) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]  # type: ignore[attr-defined]


def test_members_see_the_public_catalog_and_their_own_not_others(
    client: Client, team: Team
) -> None:
    make_track("public")
    make_track("ours", org=team.org)
    make_track("theirs", org=team.other_org)
    make_track("draft", state=Publication.DRAFT)
    seen = client.get("/api/v1/catalog/tracks", **team.auth(team.member))
    assert seen.status_code == 200
    assert slugs(seen) == ["public", "ours"]
    theirs = Track.objects.get(slug="theirs")
    assert (
        client.get(f"/api/v1/catalog/tracks/{theirs.pk}", **team.auth(team.member)).status_code
        == 404
    )
    their_item = Item.objects.filter(organization=team.other_org).first()
    assert their_item is not None
    got = client.get(f"/api/v1/catalog/items/{their_item.pk}", **team.auth(team.member))
    assert got.status_code == 404


def test_a_token_of_another_organization_sees_only_that_one(client: Client, team: Team) -> None:
    """The token's organization decides, even for someone who belongs to both."""
    make_track("ours", org=team.org)
    make_track("theirs", org=team.other_org)
    from tests.support.auth import member_of

    member_of(team.member, "member", team.other_org)
    seen = client.get("/api/v1/catalog/tracks", **bearer_for(team.member, team.other_org))
    assert slugs(seen) == ["theirs"]


def test_no_credential_is_refused(client: Client) -> None:
    assert client.get("/api/v1/catalog/items").status_code == 401


def test_admins_edit_their_catalog_members_and_viewers_do_not(client: Client, team: Team) -> None:
    body = {"title": "Red teaming", "state": "published"}
    for user in (team.member, team.viewer):
        denied = call(client, "POST", "/api/v1/catalog/tracks", body, **team.auth(user))
        assert denied.status_code == 403, denied.content
    created = call(client, "POST", "/api/v1/catalog/tracks", body, **team.auth(team.admin))
    assert created.status_code == 201
    track = created.json()
    assert track["slug"] == "red-teaming"
    assert track["organization_id"] == team.org.pk
    module = call(
        client,
        "POST",
        f"/api/v1/catalog/tracks/{track['id']}/modules",
        {"title": "Recon"},
        **team.auth(team.admin),
    ).json()
    item = call(
        client,
        "POST",
        "/api/v1/catalog/items",
        {
            "module_id": module["id"],
            "kind": "lab",
            "title": "OSINT lab",
            "tags": [" OSINT "],
            "difficulty": 3,
            "state": "published",
        },
        **team.auth(team.admin),
    )
    assert item.status_code == 201, item.content
    assert item.json()["tags"] == ["osint"]
    assert item.json()["organization_id"] == team.org.pk
    assert item.json()["track_id"] == track["id"]
    renamed = call(
        client,
        "PATCH",
        f"/api/v1/catalog/tracks/{track['id']}",
        {"title": "Offense"},
        **team.auth(team.admin),
    )
    assert renamed.json()["slug"] == "red-teaming", "slugs stay stable when titles change"
    outsider = call(
        client,
        "PATCH",
        f"/api/v1/catalog/tracks/{track['id']}",
        {"title": "x"},
        **team.auth(team.other),
    )
    assert outsider.status_code == 404


def test_only_staff_edit_the_public_catalog(client: Client, team: Team) -> None:
    body = {"title": "Shared", "public": True}
    assert (
        call(client, "POST", "/api/v1/catalog/tracks", body, **team.auth(team.owner)).status_code
        == 403
    )
    staff = make_user("staff@example.com")
    staff.is_staff = True
    staff.save()
    created = call(client, "POST", "/api/v1/catalog/tracks", body, **bearer_for(staff))
    assert created.status_code == 201
    assert created.json()["organization_id"] is None


def test_drafts_are_seen_by_editors_only(client: Client, team: Team) -> None:
    make_track("wip", org=team.org, state=Publication.DRAFT)
    assert slugs(client.get("/api/v1/catalog/tracks", **team.auth(team.member))) == []
    assert slugs(client.get("/api/v1/catalog/tracks", **team.auth(team.admin))) == ["wip"]
    items = client.get("/api/v1/catalog/items", **team.auth(team.member)).json()["results"]
    assert items == [], "items of a draft track are not visible to learners"


def test_slug_conflicts_and_bad_input_are_4xx(client: Client, team: Team) -> None:
    auth = team.auth(team.admin)
    make_track("taken", org=team.org)
    assert (
        call(
            client, "POST", "/api/v1/catalog/tracks", {"title": "T", "slug": "taken"}, **auth
        ).status_code
        == 409
    )
    assert (
        call(
            client, "POST", "/api/v1/catalog/tracks", {"title": "T", "slug": "Bad Slug"}, **auth
        ).status_code
        == 422
    )
    module = Track.objects.get(slug="taken").modules.get()
    bad = {"module_id": module.pk, "kind": "lesson", "title": "x", "difficulty": 6}
    assert call(client, "POST", "/api/v1/catalog/items", bad, **auth).status_code == 422
    assert client.get("/api/v1/catalog/items?ordering=body", **auth).status_code == 400
    assert client.get("/api/v1/catalog/items?cursor=%%%", **auth).status_code == 400


def test_prerequisites_never_form_a_cycle(client: Client, team: Team) -> None:
    auth = team.auth(team.admin)
    make_track("chain", org=team.org)
    a, b, c = Item.objects.filter(module__track__slug="chain").order_by("position")
    url = "/api/v1/catalog/items/{}"
    assert (
        call(client, "PATCH", url.format(b.pk), {"prerequisite_ids": [a.pk]}, **auth).status_code
        == 200
    )
    assert call(client, "PATCH", url.format(c.pk), {"prerequisite_ids": [b.pk]}, **auth).json()[
        "prerequisite_ids"
    ] == [b.pk]
    cycle = call(client, "PATCH", url.format(a.pk), {"prerequisite_ids": [c.pk]}, **auth)
    assert cycle.status_code == 422
    assert "cycle" in cycle.json()["detail"]
    assert (
        call(client, "PATCH", url.format(a.pk), {"prerequisite_ids": [a.pk]}, **auth).status_code
        == 422
    )
    theirs = make_track("theirs", org=team.other_org).modules.get().items.first()
    foreign = call(client, "PATCH", url.format(a.pk), {"prerequisite_ids": [theirs.pk]}, **auth)
    assert foreign.status_code == 422


def test_lists_filter_order_and_page_with_a_cursor(client: Client, team: Team) -> None:
    make_track("big", modules=3, items=7)
    auth = team.auth(team.member)
    base = "/api/v1/catalog/items?page_size=4&ordering=-difficulty"
    seen, url = [], base
    while url:
        page = client.get(url, **auth).json()
        seen += page["results"]
        url = page["next_cursor"] and f"{base}&cursor={page['next_cursor']}"
    assert len(seen) == 21
    assert len({row["id"] for row in seen}) == 21
    difficulties = [row["difficulty"] for row in seen]
    assert difficulties == sorted(difficulties, reverse=True)
    track = Track.objects.get(slug="big")
    filtered = client.get(
        f"/api/v1/catalog/items?track={track.pk}&difficulty=2&kind=lesson", **auth
    )
    assert {row["difficulty"] for row in filtered.json()["results"]} == {2}
    modules = client.get(f"/api/v1/catalog/tracks/{track.pk}/modules", **auth).json()["results"]
    assert [m["slug"] for m in modules] == ["m0", "m1", "m2"]


def test_deleting_a_track_removes_its_items(client: Client, team: Team) -> None:
    track = make_track("gone", org=team.org)
    deleted = call(client, "DELETE", f"/api/v1/catalog/tracks/{track.pk}", **team.auth(team.owner))
    assert deleted.status_code == 204
    assert not Item.objects.filter(module__track_id=track.pk).exists()


def test_items_filter_by_a_whole_tag(client: Client, team: Team) -> None:
    make_track("web")
    make_track("webapp")
    auth = team.auth(team.member)
    tagged = client.get("/api/v1/catalog/items?tag=WEB", **auth).json()["results"]
    assert {row["slug"].split("-m")[0] for row in tagged} == {"web"}


def test_a_page_of_items_carries_prerequisites_in_three_queries(
    client: Client, team: Team, django_assert_num_queries: Any
) -> None:
    track = make_track("chain", items=12)
    first, second, *rest = Item.objects.filter(module__track=track).order_by("position")
    for item in rest:
        item.prerequisites.set([second, first])
    second.prerequisites.set([first])
    auth = team.auth(team.member)
    url = f"/api/v1/catalog/items?track={track.pk}&page_size=50"
    client.get(url, **auth)  # the signing keys are read once per process
    # the caller with its membership, the page, and the page's prerequisite links
    with django_assert_num_queries(3):
        page = client.get(url, **auth).json()["results"]
    assert {row["id"]: row["prerequisite_ids"] for row in page} == {
        first.pk: [],
        second.pk: [first.pk],
        **{item.pk: sorted([first.pk, second.pk]) for item in rest},
    }
