"""Items that teach: quizzes scored by core, lab checklists and video media in progress."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from atrium.config import get_settings
from atrium.core.learning.content import Quiz, Video, stored
from atrium.core.learning.models import Item, ItemKind, Progress
from atrium.core.learning.services.media import store_media
from tests.unit.learning.conftest import Team, call, make_track

pytestmark = pytest.mark.django_db

QUIZ = {
    "pass_mark": 60,
    "questions": [
        {
            "prompt": "Which property does a leak violate?",
            "choices": [{"text": "Confidentiality", "correct": True}, {"text": "Availability"}],
            "explanation": "Someone read what they should not.",
        },
        {
            "prompt": "Which are STRIDE categories?",
            "choices": [
                {"text": "Spoofing", "correct": True},
                {"text": "Tampering", "correct": True},
                {"text": "Patching"},
            ],
        },
        {
            "prompt": "Risk combines likelihood and...",
            "choices": [{"text": "impact", "correct": True}, {"text": "colour"}],
        },
    ],
}
ALL_RIGHT = [[0], [0, 1], [0]]
LAB = {"steps": [{"title": "Scan"}, {"title": "Fix", "detail": "Close the port."}]}


def _item(kind: str, content: dict[str, Any], org: Any = None) -> Item:
    track = make_track(f"{kind}-track", org=org, kind=kind, items=1)
    item = track.modules.get().items.get()
    item.content = content
    item.save()
    return item


@pytest.fixture
def quiz(team: Team) -> Item:
    return _item(ItemKind.QUIZ, stored(ItemKind.QUIZ, Quiz.model_validate(QUIZ)))


def attempt(client: Client, team: Team, item: Item, answers: Any, user: Any = None) -> Any:
    url = f"/api/v1/progress/{item.pk}/quiz/attempts"
    return call(client, "POST", url, {"answers": answers}, **team.auth(user or team.member))


def test_learners_get_the_questions_without_the_answers(
    client: Client, team: Team, quiz: Item
) -> None:
    response = client.get(f"/api/v1/catalog/items/{quiz.pk}/content", **team.auth(team.member))
    assert response.status_code == 200
    body = response.json()
    assert body["quiz"]["pass_mark"] == 60
    questions = body["quiz"]["questions"]
    assert questions[0] == {
        "prompt": "Which property does a leak violate?",
        "choices": ["Confidentiality", "Availability"],
        "multiple": False,
    }
    assert questions[1]["multiple"] is True
    assert "correct" not in response.content.decode()
    assert "explanation" not in response.content.decode()
    item = client.get(f"/api/v1/catalog/items/{quiz.pk}", **team.auth(team.member)).json()
    assert "content" not in item
    assert "quiz" not in item


def test_a_passing_attempt_completes_the_item_and_says_what_was_right(
    client: Client, team: Team, quiz: Item
) -> None:
    response = attempt(client, team, quiz, [[0], [0, 1], [1]])
    assert response.status_code == 200
    body = response.json()
    assert (body["score"], body["passed"], body["pass_mark"]) == (67, True, 60)
    assert [r["right"] for r in body["results"]] == [True, True, False]
    assert body["results"][0]["explanation"] == "Someone read what they should not."
    assert body["progress"]["status"] == "completed"
    assert body["progress"]["score"] == 67
    assert body["progress"]["attempts"] == 1
    assert response["ETag"] == f'"{body["progress"]["version"]}"'


def test_a_failed_attempt_keeps_the_item_open_and_the_best_score_is_kept(
    client: Client, team: Team, quiz: Item
) -> None:
    failed = attempt(client, team, quiz, [[1], [0], [0]]).json()
    assert (failed["score"], failed["passed"]) == (33, False)
    assert failed["progress"]["status"] == "in_progress"
    assert [r["right"] for r in failed["results"]] == [False, False, True], "a partial set is wrong"
    assert attempt(client, team, quiz, ALL_RIGHT).json()["progress"]["status"] == "completed"
    again = attempt(client, team, quiz, [[1], [2], [1]]).json()
    assert (again["score"], again["passed"]) == (0, False)
    record = Progress.objects.get(user=team.member, item=quiz)
    assert (record.status, record.score, record.attempts) == ("completed", 100, 3)


@pytest.mark.parametrize(
    ("answers", "detail"),
    [([[0], [0]], "the quiz has 3"), ([[0], [0, 1], [5]], "Question 3 has 2 choices")],
)
def test_malformed_answers_are_refused_with_a_reason(
    client: Client, team: Team, quiz: Item, answers: Any, detail: str
) -> None:
    response = attempt(client, team, quiz, answers)
    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert not Progress.objects.exists()


def test_an_item_without_a_quiz_cannot_be_attempted(client: Client, team: Team) -> None:
    lesson = make_track("plain", items=1).modules.get().items.get()
    response = attempt(client, team, lesson, [[0]])
    assert response.status_code == 422
    assert "no quiz" in response.json()["detail"]


def test_another_organizations_quiz_is_not_found(client: Client, team: Team) -> None:
    private = _item(ItemKind.QUIZ, stored(ItemKind.QUIZ, Quiz.model_validate(QUIZ)), team.org)
    assert attempt(client, team, private, ALL_RIGHT).status_code == 200
    stranger = attempt(client, team, private, ALL_RIGHT, user=team.other)
    assert stranger.status_code == 404
    content = client.get(f"/api/v1/catalog/items/{private.pk}/content", **team.auth(team.other))
    assert content.status_code == 404


def test_viewers_read_quizzes_but_do_not_attempt_them(
    client: Client, team: Team, quiz: Item
) -> None:
    assert attempt(client, team, quiz, ALL_RIGHT, user=team.viewer).status_code == 403


def test_items_are_created_with_a_quiz_and_a_bad_one_is_refused(client: Client, team: Team) -> None:
    module = make_track("authoring", org=team.org, items=0).modules.get()
    body = {"module_id": module.pk, "kind": "quiz", "title": "Check", "quiz": QUIZ}
    created = call(client, "POST", "/api/v1/catalog/items", body, **team.auth(team.admin))
    assert created.status_code == 201
    assert Item.objects.get(pk=created.json()["id"]).content["quiz"]["pass_mark"] == 60
    no_answer = json.loads(json.dumps(QUIZ))
    no_answer["questions"][0]["choices"][0]["correct"] = False
    refused = call(
        client,
        "POST",
        "/api/v1/catalog/items",
        {**body, "quiz": no_answer},
        **team.auth(team.admin),
    )
    assert refused.status_code == 422
    assert "at least one correct choice" in json.dumps(refused.json()["detail"])
    wrong_kind = call(
        client,
        "PATCH",
        f"/api/v1/catalog/items/{created.json()['id']}",
        {"kind": "lesson", "quiz": QUIZ},
        **team.auth(team.admin),
    )
    assert wrong_kind.status_code == 422
    assert "lesson item cannot hold quiz" in wrong_kind.json()["detail"]


# --- labs -----------------------------------------------------------------------------


def tick(client: Client, team: Team, item: Item, done: list[int]) -> Any:
    url = f"/api/v1/progress/{item.pk}/lab/checklist"
    return call(client, "PUT", url, {"done": done}, **team.auth(team.member))


def test_a_labs_checklist_is_kept_and_all_steps_complete_it(client: Client, team: Team) -> None:
    lab = _item(ItemKind.LAB, {"lab": LAB})
    steps = client.get(f"/api/v1/catalog/items/{lab.pk}/content", **team.auth(team.member))
    assert steps.json()["lab"]["steps"][1] == {"title": "Fix", "detail": "Close the port."}
    first = tick(client, team, lab, [1])
    assert first.status_code == 200
    assert (first.json()["status"], first.json()["checklist"], first.json()["score"]) == (
        "in_progress",
        [1],
        50,
    )
    read = client.get(f"/api/v1/progress/{lab.pk}", **team.auth(team.member)).json()
    assert read["checklist"] == [1]
    done = tick(client, team, lab, [1, 0, 1]).json()
    assert (done["status"], done["checklist"], done["score"]) == ("completed", [0, 1], 100)
    events = client.get(f"/api/v1/progress/{lab.pk}/events", **team.auth(team.member)).json()
    assert events["results"][-1]["changes"]["checklist"] == [[1], [0, 1]]


def test_a_step_the_lab_does_not_have_is_refused(client: Client, team: Team) -> None:
    lab = _item(ItemKind.LAB, {"lab": LAB})
    response = tick(client, team, lab, [2])
    assert response.status_code == 422
    assert "2 steps" in response.json()["detail"]


# --- videos ---------------------------------------------------------------------------

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"


@pytest.fixture
def object_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "storage"
    monkeypatch.setattr(get_settings(), "storage_url", root.as_uri())
    return root


@pytest.fixture
def video(team: Team, tmp_path: Path, object_store: Path) -> Item:
    (tmp_path / "clip.webm").write_bytes(b"\x1aE\xdf\xa3" + bytes(range(256)))
    (tmp_path / "clip.vtt").write_text(CAPTIONS)
    content = Video(
        media=store_media(tmp_path / "clip.webm"),
        captions=store_media(tmp_path / "clip.vtt"),
        transcript="Hello",
    )
    return _item(ItemKind.VIDEO, stored(ItemKind.VIDEO, content), team.org)


def test_a_video_is_served_from_storage_by_a_signed_link(
    client: Client, team: Team, video: Item, object_store: Path
) -> None:
    assert any(object_store.rglob("*.webm")), "the file is in the object store"
    body = client.get(f"/api/v1/catalog/items/{video.pk}/content", **team.auth(team.member))
    links = body.json()["video"]
    assert links["media_type"] == "video/webm"
    assert links["transcript"] == "Hello"
    media = client.get(links["media_url"])  # no bearer token, as a <video> element asks
    assert media.status_code == 200
    assert media["Content-Type"] == "video/webm"
    assert media["Content-Length"] == "260"
    assert media.getvalue().startswith(b"\x1aE\xdf\xa3")
    assert media["Accept-Ranges"] == "bytes"
    part = client.get(links["media_url"], HTTP_RANGE="bytes=4-7")
    assert part.status_code == 206
    assert part.getvalue() == bytes(range(4))
    assert part["Content-Range"] == "bytes 4-7/260"
    assert part["Content-Length"] == "4"
    tail = client.get(links["media_url"], HTTP_RANGE="bytes=-6")
    assert (tail.status_code, tail["Content-Range"]) == (206, "bytes 254-259/260")
    assert tail.getvalue() == bytes(range(250, 256))
    beyond = client.get(links["media_url"], HTTP_RANGE="bytes=260-")
    assert beyond.status_code == 416
    assert beyond.json()["detail"] == "The file has 260 bytes"
    assert beyond["Content-Range"] == "bytes */260"
    captions = client.get(links["captions_url"])
    assert captions["Content-Type"].startswith("text/vtt")
    assert captions.getvalue().decode() == CAPTIONS


def test_a_media_file_gone_from_storage_is_a_404_with_a_detail(
    client: Client, team: Team, video: Item, object_store: Path
) -> None:
    links = client.get(
        f"/api/v1/catalog/items/{video.pk}/content", **team.auth(team.member)
    ).json()["video"]
    for file in object_store.rglob("*.webm"):
        file.unlink()
    gone = client.get(links["media_url"])
    assert gone.status_code == 404
    assert gone.json()["detail"] == "The media file is missing from storage"


def test_media_needs_a_link_signed_for_that_item_and_file(
    client: Client, team: Team, video: Item
) -> None:
    links = client.get(
        f"/api/v1/catalog/items/{video.pk}/content", **team.auth(team.member)
    ).json()["video"]
    token = links["media_url"].split("token=")[1]
    base = f"/api/v1/catalog/items/{video.pk}/media"
    assert client.get(f"{base}/video").status_code == 422, "no link at all"
    assert client.get(f"{base}/video?token=forged").status_code == 404
    assert client.get(f"{base}/captions?token={token}").status_code == 404, "another file"
    other = _item(ItemKind.VIDEO, video.content)
    assert (
        client.get(f"/api/v1/catalog/items/{other.pk}/media/video?token={token}").status_code == 404
    )
    stranger = client.get(f"/api/v1/catalog/items/{video.pk}/content", **team.auth(team.other))
    assert stranger.status_code == 404, "who cannot see the item gets no link"


def test_the_admin_refuses_content_that_is_not_the_items_kinds(team: Team) -> None:
    from atrium.core.learning.admin import ItemForm

    item = _item(ItemKind.LESSON, {})
    fields = {
        "module": item.module_id,
        "slug": "check",
        "kind": "quiz",
        "title": "Check",
        "difficulty": 1,
        "estimated_minutes": 5,
        "state": "published",
        "position": 0,
        "tags": "[]",
    }
    bad = ItemForm(data={**fields, "content": json.dumps({"lab": LAB})}, instance=item)
    assert not bad.is_valid()
    assert "holds only" in str(bad.errors["content"])
    no_answer = {"questions": [{"prompt": "?", "choices": [{"text": "a"}, {"text": "b"}]}]}
    assert not ItemForm(data={**fields, "content": json.dumps({"quiz": no_answer})}).is_valid()
    good = ItemForm(data={**fields, "content": json.dumps({"quiz": QUIZ})}, instance=item)
    assert good.is_valid(), good.errors
