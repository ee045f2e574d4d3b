"""The learning domain's shapes: a Base / Create / Update / Read family per object."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, TypeVar

from ninja import Schema
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from atrium.core.accounts.schemas import Id
from atrium.core.learning.content import Lab, Quiz
from atrium.core.learning.models import ItemKind, ProgressStatus, Publication

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SUMMARY_MAX_LENGTH = 2_000
T = TypeVar("T")


def _without_nul(value: str) -> str:
    if "\x00" in value:  # no database of ours stores it in text (PostgreSQL refuses it)
        raise ValueError("Text may not contain NUL characters")
    return value


Text = Annotated[str, AfterValidator(_without_nul)]
Summary = Annotated[Text, StringConstraints(max_length=SUMMARY_MAX_LENGTH)]
# A PositiveIntegerField holds this much on every database Django supports.
Position = Annotated[int, Field(ge=0, le=2**31 - 1)]
Tag = Annotated[
    Text, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=40)
]


class Page(Schema, Generic[T]):
    results: list[T]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


# --- tracks ---------------------------------------------------------------------------


class TrackBase(Schema):
    title: Text = Field(min_length=1, max_length=200)
    summary: Summary = ""
    state: Publication = Publication.DRAFT
    position: Position = 0


class TrackCreate(TrackBase):
    slug: str | None = Field(None, pattern=SLUG, max_length=80)
    public: bool = Field(False, description="Public catalog (staff) or the active organization's.")


class TrackUpdate(Schema):
    title: Text | None = Field(None, min_length=1, max_length=200)
    summary: Summary | None = None
    state: Publication | None = None
    position: Position | None = None


class TrackRead(TrackBase):
    id: int
    slug: str
    organization_id: int | None
    created_at: datetime
    updated_at: datetime


# --- modules --------------------------------------------------------------------------


class ModuleBase(Schema):
    title: Text = Field(min_length=1, max_length=200)
    summary: Summary = ""
    position: Position = 0


class ModuleCreate(ModuleBase):
    slug: str | None = Field(None, pattern=SLUG, max_length=80)


class ModuleUpdate(Schema):
    title: Text | None = Field(None, min_length=1, max_length=200)
    summary: Summary | None = None
    position: Position | None = None


class ModuleRead(ModuleBase):
    id: int
    slug: str
    track_id: int
    created_at: datetime
    updated_at: datetime


# --- items ----------------------------------------------------------------------------


class ItemBase(BaseModel):
    """Plain pydantic (not ``ninja.Schema``), as progress: items are read as dicts
    (:mod:`atrium.core.learning.services.reads`), so a page skips Schema's attribute-getter
    wrapping of every field of every row."""

    kind: ItemKind
    title: Text = Field(min_length=1, max_length=200)
    summary: Summary = ""
    body: Text = Field("", description="Markdown.", max_length=100_000)
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    difficulty: int = Field(1, ge=1, le=5)
    estimated_minutes: int = Field(10, ge=0, le=10_000)
    state: Publication = Publication.DRAFT
    position: Position = 0


class ItemContentWrite(BaseModel):
    """A quiz's questions or a lab's steps (a video's media comes with an import)."""

    quiz: Quiz | None = Field(None, description="Quiz items only; the answers stay in core.")
    lab: Lab | None = Field(None, description="Lab items only.")


class ItemCreate(ItemBase, ItemContentWrite):
    module_id: Id
    slug: str | None = Field(None, pattern=SLUG, max_length=80)
    prerequisite_ids: list[Id] = Field(default_factory=list, max_length=50)


class ItemUpdate(Schema, ItemContentWrite):
    kind: ItemKind | None = None
    title: Text | None = Field(None, min_length=1, max_length=200)
    summary: Summary | None = None
    body: Text | None = Field(None, max_length=100_000)
    tags: list[Tag] | None = Field(None, max_length=20)
    difficulty: int | None = Field(None, ge=1, le=5)
    estimated_minutes: int | None = Field(None, ge=0, le=10_000)
    state: Publication | None = None
    position: Position | None = None
    prerequisite_ids: list[Id] | None = Field(None, max_length=50)


class ItemRead(ItemBase):
    id: int
    slug: str
    module_id: int
    track_id: int
    organization_id: int | None
    prerequisite_ids: list[int]
    created_at: datetime
    updated_at: datetime


# --- progress -------------------------------------------------------------------------


class ProgressBase(BaseModel):
    """Plain pydantic (not ``ninja.Schema``): progress is read as dicts, so the hot list
    skips Schema's attribute-getter wrapping of every row."""

    status: ProgressStatus
    score: int | None = Field(None, ge=0, le=100, description="Quizzes and labs only.")


class ProgressUpdate(ProgressBase):
    """The state to reach. ``attempts`` and ``time_spent_s`` left out keep their values."""

    attempts: int | None = Field(None, ge=0, le=1_000_000)
    time_spent_s: int | None = Field(None, ge=0, le=10**9)


class ProgressRead(ProgressBase):
    """Built by :mod:`atrium.core.learning.services.reads` (one row per record, no joins
    turned into objects)."""

    id: int
    user_id: int
    item_id: int
    item_slug: str
    item_title: str
    item_kind: ItemKind
    track_id: int
    attempts: int
    time_spent_s: int
    checklist: list[int] = Field(description="A lab's steps done (their positions, from 0).")
    started_at: datetime | None
    completed_at: datetime | None
    version: int
    updated_at: datetime


class ProgressReset(Schema):
    user_id: Id


class ProgressEventRead(Schema):
    version: int
    kind: str
    actor_id: int | None
    at: datetime
    changes: dict[str, list[object]]
    state: dict[str, object]


# --- what an item teaches: the learner's view, attempts, checklists -------------------


class QuestionView(BaseModel):
    prompt: str
    choices: list[str]
    multiple: bool = Field(description="More than one choice is right: choose all that apply.")


class QuizView(BaseModel):
    """A quiz as learners see it: no answers."""

    pass_mark: int
    questions: list[QuestionView]


class LabStepView(BaseModel):
    title: str
    detail: str


class LabView(BaseModel):
    steps: list[LabStepView]


class VideoView(BaseModel):
    media_url: str = Field(description="Signed, short-lived: works in <video src> unauthenticated.")
    media_type: str
    captions_url: str | None = Field(description="A WebVTT track, signed like media_url.")
    transcript: str


class ItemContentRead(BaseModel):
    item_id: int
    kind: ItemKind
    quiz: QuizView | None = None
    lab: LabView | None = None
    video: VideoView | None = None


class QuizAttempt(BaseModel):
    answers: list[list[Annotated[int, Field(ge=0, le=9)]]] = Field(
        max_length=100, description="Per question, in order, the positions of the chosen choices."
    )


class QuestionResult(BaseModel):
    right: bool
    chosen: list[int]
    explanation: str


class QuizResult(BaseModel):
    score: int
    pass_mark: int
    passed: bool
    results: list[QuestionResult]
    progress: ProgressRead


class LabChecklist(BaseModel):
    done: list[Annotated[int, Field(ge=0, le=99)]] = Field(
        max_length=100, description="The positions of the steps done, from 0."
    )


# --- summaries ------------------------------------------------------------------------


class TrackCompletion(Schema):
    track_id: int
    track_slug: str
    title: str
    completed: int
    total: int
    percent: float


class UserSummary(Schema):
    user_id: int
    tracks: list[TrackCompletion]
    completed_items: int
    in_progress_items: int
    time_spent_s: int
    streak_days: int = Field(
        description="Consecutive days with activity, ending today or yesterday."
    )


class MemberCompletion(Schema):
    user_id: int
    email: str
    completed: int
    in_progress: int
    percent: float


class ItemCount(Schema):
    item_id: int
    slug: str
    title: str
    count: int


class OrganizationSummary(Schema):
    organization_id: int
    items: int
    members: list[MemberCompletion]
    most_started: list[ItemCount]
    most_abandoned: list[ItemCount] = Field(
        description="In progress and untouched for ABANDONED_AFTER_DAYS days or more."
    )


# --- pages (named, so the OpenAPI document and generated clients read well) -------------


class TrackPage(Page[TrackRead]):
    pass


class ModulePage(Page[ModuleRead]):
    pass


class ItemPage(Page[ItemRead]):
    pass


class ProgressPage(Page[ProgressRead]):
    pass


class ProgressEventPage(Page[ProgressEventRead]):
    pass
