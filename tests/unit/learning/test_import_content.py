"""The catalog file carries a quiz's questions, a lab's steps and a video's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from atrium.config import get_settings
from atrium.core.learning.models import Item
from atrium.core.learning.services.import_rows import InvalidCatalogFile
from atrium.core.learning.services.importer import import_catalog
from tests.unit.learning.catalog_files import catalog_rows, write_csv, write_json
from tests.unit.learning.test_practice_api import LAB, QUIZ

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def object_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "storage"
    monkeypatch.setattr(get_settings(), "storage_url", root.as_uri())
    return root


def _rows(tmp_path: Path) -> list[dict[str, Any]]:
    """A lesson, a lab, a quiz and a video (rows 0-3 of ``catalog_rows`` by kind)."""
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "clip.webm").write_bytes(b"\x1aE\xdf\xa3video")
    (tmp_path / "media" / "clip.vtt").write_text("WEBVTT\n")
    rows = catalog_rows(4, tracks=1, modules=1)
    by_kind = {row["kind"]: row for row in rows}
    by_kind["quiz"]["quiz"] = QUIZ
    by_kind["lab"]["lab"] = LAB
    by_kind["video"]["video"] = {"file": "media/clip.webm", "captions": "media/clip.vtt"}
    return rows


@pytest.mark.parametrize("write", [write_json, write_csv])
def test_quizzes_labs_and_videos_are_imported_and_reimporting_changes_nothing(
    tmp_path: Path, object_store: Path, write: Any
) -> None:
    path = write(tmp_path / f"catalog.{'json' if write is write_json else 'csv'}", _rows(tmp_path))
    report = import_catalog(path=path)
    assert report.counts["item"]["created"] == 4
    quiz = Item.objects.get(kind="quiz").content["quiz"]
    assert quiz["pass_mark"] == 60
    assert quiz["questions"][1]["choices"][1] == {"text": "Tampering", "correct": True}
    assert Item.objects.get(kind="lab").content["lab"]["steps"][0]["title"] == "Scan"
    video = Item.objects.get(kind="video").content["video"]
    assert video["media"]["content_type"] == "video/webm"
    assert video["captions"]["content_type"] == "text/vtt"
    stored = object_store / video["media"]["key"]
    assert stored.read_bytes() == b"\x1aE\xdf\xa3video"
    again = import_catalog(path=path)
    assert not again.changed
    assert again.counts["item"]["unchanged"] == 4


def _problems(tmp_path: Path, change: dict[str, Any], kind: str = "quiz") -> str:
    rows = _rows(tmp_path)
    row = next(row for row in rows if row["kind"] == kind)
    row.update(change)
    with pytest.raises(InvalidCatalogFile) as caught:
        import_catalog(path=write_json(tmp_path / "bad.json", rows))
    assert not Item.objects.exists(), "a file with a problem changes nothing"
    return str(caught.value)


def test_a_question_without_a_right_choice_is_named(tmp_path: Path) -> None:
    quiz = {"questions": [{"prompt": "?", "choices": [{"text": "a"}, {"text": "b"}]}]}
    problems = _problems(tmp_path, {"quiz": quiz})
    assert "field 'quiz.questions.0'" in problems
    assert "at least one correct choice" in problems


def test_content_of_another_kind_is_refused(tmp_path: Path) -> None:
    assert "a quiz item has no lab" in _problems(tmp_path, {"lab": LAB})


@pytest.mark.parametrize(
    ("video", "message"),
    [
        ({"file": "media/missing.webm", "transcript": "t"}, "no file media/missing.webm"),
        ({"file": "../outside.webm", "transcript": "t"}, "in the catalog file's folder"),
        ({"file": "media/clip.vtt", "transcript": "t"}, "must end in .webm or .mp4"),
        ({"file": "media/clip.webm"}, "captions or a transcript"),
    ],
)
def test_video_files_are_checked(tmp_path: Path, video: dict[str, Any], message: str) -> None:
    (tmp_path.parent / "outside.webm").write_bytes(b"x")
    assert message in _problems(tmp_path, {"video": video}, kind="video")
