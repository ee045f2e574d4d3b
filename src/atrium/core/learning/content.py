"""What a quiz, a lab or a video item holds beyond its Markdown body.

An item's ``content`` is stored as ``{kind: {...}}`` (one entry, under the item's kind),
validated by the models here on every write. A quiz's correct answers stay in core: the
learner's view (``QuizView``) leaves them out, and attempts are scored by
:mod:`atrium.core.learning.services.practice`.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from atrium.core.learning.models import Item, ItemKind

DEFAULT_PASS_MARK = 80
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
M = TypeVar("M", bound=BaseModel)
Prose = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Choice(_Strict):
    text: Line
    correct: bool = False


class Question(_Strict):
    prompt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000)]
    choices: list[Choice] = Field(min_length=2, max_length=10)
    explanation: Prose = Field("", description="Shown once the attempt is scored.")

    @model_validator(mode="after")
    def _has_an_answer(self) -> Question:
        if not any(choice.correct for choice in self.choices):
            raise ValueError("a question needs at least one correct choice")
        return self

    @property
    def correct(self) -> frozenset[int]:
        return frozenset(n for n, choice in enumerate(self.choices) if choice.correct)


class Quiz(_Strict):
    pass_mark: int = Field(DEFAULT_PASS_MARK, ge=1, le=100, description="Score that completes.")
    questions: list[Question] = Field(min_length=1, max_length=100)


class LabStep(_Strict):
    title: Line
    detail: Prose = ""


class Lab(_Strict):
    steps: list[LabStep] = Field(min_length=1, max_length=100)


class MediaFile(_Strict):
    """An object in Atrium's store (content-addressed, so it never changes)."""

    key: Annotated[str, StringConstraints(pattern=r"^learning/media/[0-9a-f]{64}\.[a-z0-9]+$")]
    content_type: Annotated[str, StringConstraints(max_length=100)]


class Video(_Strict):
    media: MediaFile
    captions: MediaFile | None = Field(None, description="A WebVTT track.")
    transcript: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100_000)] = ""

    @model_validator(mode="after")
    def _accessible(self) -> Video:
        if self.captions is None and not self.transcript:
            raise ValueError("a video needs captions or a transcript")
        return self


CONTENT_MODELS: dict[str, type[BaseModel]] = {
    ItemKind.QUIZ: Quiz,
    ItemKind.LAB: Lab,
    ItemKind.VIDEO: Video,
}


def stored(kind: str, content: BaseModel | None) -> dict[str, Any]:
    """The ``Item.content`` value for ``content`` of an item of ``kind``."""
    if content is None:
        return {}
    if not isinstance(content, CONTENT_MODELS.get(kind, ())):
        raise ValueError(f"a {kind} item cannot hold {type(content).__name__.lower()} content")
    return {kind: content.model_dump(mode="json")}


def checked_content(kind: str, content: dict[str, Any]) -> None:
    """Raise ValueError unless ``content`` is a valid ``Item.content`` for ``kind``."""
    if not content:
        return
    if list(content) != [kind] or kind not in CONTENT_MODELS:
        raise ValueError(f"a {kind} item holds only {{{kind!r}: ...}}")
    CONTENT_MODELS[kind].model_validate(content[kind])


def content_of(item: Item, model: type[M]) -> M | None:
    """The item's content of ``model``'s kind, or None (none given, or the kind changed)."""
    kind = next(kind for kind, known in CONTENT_MODELS.items() if known is model)
    found = item.content.get(kind) if item.kind == kind else None
    return None if found is None else model.model_validate(found)
