"""Progress: idempotent upserts, optimistic concurrency, no way back from completed, history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from atrium.core.learning.models import Item, ItemKind, Progress, ProgressEvent
from atrium.core.learning.services.progress import replay
from tests.unit.learning.conftest import Team, call, make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(team: Team) -> Item:
    return make_track("web", kind=ItemKind.QUIZ).modules.get().items.first()  # type: ignore[return-value]


def put(client: Client, team: Team, item: Item, body: dict[str, Any], **extra: Any) -> Any:
    return call(
        client, "PUT", f"/api/v1/progress/{item.pk}", body, **team.auth(team.member), **extra
    )


def test_the_first_put_creates_and_later_puts_update(
    client: Client, team: Team, item: Item
) -> None:
    created = put(client, team, item, {"status": "in_progress", "attempts": 1, "time_spent_s": 60})
    assert created.status_code == 201
    assert created["ETag"] == '"1"'
    body = created.json()
    assert body["status"] == "in_progress"
    assert body["started_at"]
    assert body["completed_at"] is None
    done = put(client, team, item, {"status": "completed", "score": 90}, HTTP_IF_MATCH='"1"')
    assert done.status_code == 200
    assert done.json()["version"] == 2
    assert done.json()["completed_at"]
    assert done.json()["attempts"] == 1, "fields left out keep their values"


def test_a_repeated_put_changes_nothing(client: Client, team: Team, item: Item) -> None:
    body = {"status": "in_progress", "time_spent_s": 30}
    put(client, team, item, body)
    again = put(client, team, item, body)
    assert again.status_code == 200
    assert again.json()["version"] == 1
    assert put(client, team, item, body, HTTP_IF_MATCH='"1"').json()["version"] == 1
    assert ProgressEvent.objects.count() == 1


def test_a_stale_version_is_refused_even_when_the_state_matches(
    client: Client, team: Team, item: Item
) -> None:
    """Two clients adding to version 1 both ask for the same state: the second must re-read."""
    put(client, team, item, {"status": "in_progress"})
    body = {"status": "in_progress", "time_spent_s": 1}
    assert put(client, team, item, body, HTTP_IF_MATCH='"1"').status_code == 200
    assert put(client, team, item, body, HTTP_IF_MATCH='"1"').status_code == 409


def test_a_stale_if_match_is_a_conflict(client: Client, team: Team, item: Item) -> None:
    put(client, team, item, {"status": "in_progress"})
    put(client, team, item, {"status": "in_progress", "time_spent_s": 10}, HTTP_IF_MATCH='"1"')
    stale = put(
        client, team, item, {"status": "in_progress", "time_spent_s": 20}, HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 409
    assert "version 2" in stale.json()["detail"]
    assert (
        put(client, team, item, {"status": "in_progress"}, HTTP_IF_MATCH="nonsense").status_code
        == 400
    )
    assert Progress.objects.get().time_spent_s == 10


def test_if_match_zero_means_create_only(client: Client, team: Team, item: Item) -> None:
    assert (
        put(client, team, item, {"status": "in_progress"}, HTTP_IF_MATCH='"0"').status_code == 201
    )
    again = put(client, team, item, {"status": "completed", "score": 1}, HTTP_IF_MATCH='"0"')
    assert again.status_code == 409


def test_completed_never_moves_backwards_until_an_admin_resets(
    client: Client, team: Team, item: Item
) -> None:
    put(client, team, item, {"status": "completed", "score": 70, "attempts": 2})
    back = put(client, team, item, {"status": "in_progress"})
    assert back.status_code == 409
    assert put(client, team, item, {"status": "completed", "attempts": 1}).status_code == 409
    reset_url = f"/api/v1/progress/{item.pk}/reset"
    body = {"user_id": team.member.pk}
    assert call(client, "POST", reset_url, body, **team.auth(team.member)).status_code == 403
    assert call(client, "POST", reset_url, body, **team.auth(team.other)).status_code in (403, 404)
    reset = call(client, "POST", reset_url, body, **team.auth(team.admin))
    assert reset.status_code == 200, reset.content
    assert reset.json()["status"] == "not_started"
    assert reset.json()["attempts"] == 0
    assert put(client, team, item, {"status": "in_progress"}).status_code == 200


def test_only_quizzes_and_labs_are_scored(client: Client, team: Team) -> None:
    lesson = make_track("reading").modules.get().items.first()
    assert lesson is not None
    assert put(client, team, lesson, {"status": "completed", "score": 50}).status_code == 422
    assert put(client, team, lesson, {"status": "completed", "score": 101}).status_code == 422


def test_progress_on_an_invisible_item_is_refused(client: Client, team: Team) -> None:
    theirs = make_track("theirs", org=team.other_org).modules.get().items.first()
    assert theirs is not None
    assert put(client, team, theirs, {"status": "in_progress"}).status_code == 404


def test_members_see_their_own_admins_see_everyone(client: Client, team: Team, item: Item) -> None:
    put(client, team, item, {"status": "in_progress"})
    call(
        client,
        "PUT",
        f"/api/v1/progress/{item.pk}",
        {"status": "completed", "score": 3},
        **team.auth(team.admin),
    )
    own = client.get("/api/v1/progress/", **team.auth(team.member)).json()["results"]
    assert [row["user_id"] for row in own] == [team.member.pk]
    assert own[0]["item_slug"] == item.slug
    assert own[0]["track_id"] == item.module.track_id
    mine = client.get("/api/v1/progress/", **team.auth(team.admin)).json()["results"]
    assert [row["user_id"] for row in mine] == [team.admin.pk], "by default, your own"
    everyone = client.get("/api/v1/progress/?everyone=true", **team.auth(team.admin))
    assert {row["user_id"] for row in everyone.json()["results"]} == {team.member.pk, team.admin.pk}
    denied = client.get("/api/v1/progress/?everyone=true", **team.auth(team.member))
    assert denied.status_code == 403
    one = client.get(f"/api/v1/progress/?user={team.member.pk}", **team.auth(team.admin))
    assert [row["user_id"] for row in one.json()["results"]] == [team.member.pk]
    peek = client.get(f"/api/v1/progress/?user={team.admin.pk}", **team.auth(team.member))
    assert peek.status_code == 403
    outsider = client.get(f"/api/v1/progress/?user={team.member.pk}", **team.auth(team.other))
    assert outsider.status_code in (403, 404)
    assert (
        client.get(f"/api/v1/progress/?item={item.pk}", **team.auth(team.other)).json()["results"]
        == []
    )


def test_filters_by_item_track_and_status(client: Client, team: Team) -> None:
    track = make_track("many", items=4)
    items = list(Item.objects.filter(module__track=track).order_by("position"))
    for n, it in enumerate(items):
        put(client, team, it, {"status": "completed" if n % 2 else "in_progress"})
    other = make_track("other").modules.get().items.first()
    put(client, team, other, {"status": "in_progress"})  # type: ignore[arg-type]
    auth = team.auth(team.member)
    by_track = client.get(f"/api/v1/progress/?track={track.pk}&status=completed", **auth)
    assert {row["item_id"] for row in by_track.json()["results"]} == {items[1].pk, items[3].pk}
    by_item = client.get(f"/api/v1/progress/?item={items[0].pk}", **auth).json()["results"]
    assert [row["item_id"] for row in by_item] == [items[0].pk]
    ordered = client.get("/api/v1/progress/?ordering=item_id&page_size=2", **auth).json()
    assert [r["item_id"] for r in ordered["results"]] == [items[0].pk, items[1].pk]
    assert ordered["next_cursor"]


def test_the_history_replays_to_the_record(client: Client, team: Team, item: Item) -> None:
    steps = [
        {"status": "in_progress", "attempts": 1, "time_spent_s": 100},
        {"status": "in_progress", "attempts": 2, "time_spent_s": 250},
        {"status": "completed", "score": 85, "attempts": 3, "time_spent_s": 400},
    ]
    for step in steps:
        put(client, team, item, step)
    history = client.get(f"/api/v1/progress/{item.pk}/events", **team.auth(team.member)).json()
    assert [e["version"] for e in history["results"]] == [1, 2, 3]
    assert [e["kind"] for e in history["results"]] == ["created", "updated", "updated"]
    assert history["results"][2]["changes"]["status"] == ["in_progress", "completed"]
    record = client.get(f"/api/v1/progress/{item.pk}", **team.auth(team.member))
    assert record["ETag"] == '"3"'
    events = list(ProgressEvent.objects.filter(progress__item=item).order_by("version"))
    rebuilt = replay(events)
    for name in ("status", "score", "attempts", "time_spent_s", "version"):
        assert rebuilt[name] == record.json()[name]
    assert history["results"][-1]["state"]["version"] == 3


def test_api_keys_cannot_write_progress(client: Client, team: Team, item: Item) -> None:
    from atrium.core.audit_context import AuditContext
    from atrium.core.orgs.api_keys import issue_key

    key = issue_key(
        audit=AuditContext.system("test"),
        organization=team.org,
        name="k",
        scopes=["write"],
        created_by=team.owner,
    )
    answer = call(
        client,
        "PUT",
        f"/api/v1/progress/{item.pk}",
        {"status": "in_progress"},
        HTTP_X_API_KEY=key.secret,
    )
    assert answer.status_code == 403


def test_viewers_read_but_do_not_record_progress(client: Client, team: Team, item: Item) -> None:
    url = f"/api/v1/progress/{item.pk}"
    answer = call(client, "PUT", url, {"status": "in_progress"}, **team.auth(team.viewer))
    assert answer.status_code == 403
    assert client.get("/api/v1/progress/", **team.auth(team.viewer)).status_code == 200


def test_the_service_credential_reads_every_published_item_and_anyones_progress(
    client: Client, team: Team, item: Item
) -> None:
    from atrium.core.audit_context import AuditContext
    from atrium.core.learning.models import Publication
    from atrium.core.orgs.api_keys import SERVICE_SCOPE, issue_key

    make_track("a", org=team.org)
    make_track("b", org=team.other_org)
    make_track("hidden", org=team.other_org, state=Publication.DRAFT)
    put(client, team, item, {"status": "in_progress"})
    key = issue_key(
        audit=AuditContext.system("test"),
        organization=None,
        name="api",
        scopes=[SERVICE_SCOPE],
        created_by=None,
    )
    service = {"HTTP_X_API_KEY": key.secret}
    items = client.get("/api/v1/catalog/items?page_size=200", **service).json()["results"]
    assert {row["slug"].split("-m")[0] for row in items} == {"web", "a", "b"}
    progress = client.get(f"/api/v1/progress/?user={team.member.pk}", **service).json()
    assert [row["item_id"] for row in progress["results"]] == [item.pk]
    assert (
        call(
            client, "PUT", f"/api/v1/progress/{item.pk}", {"status": "completed"}, **service
        ).status_code
        == 403
    )
