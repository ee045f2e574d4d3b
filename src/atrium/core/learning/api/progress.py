"""/api/v1/progress/: each member's progress, its history, and summaries.

``PUT /{item_id}`` is an idempotent upsert of the caller's own progress. Send the
``ETag`` of the last read as ``If-Match`` to be refused (409) instead of overwriting a
change you have not seen.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from atrium.common.tokens import Role
from atrium.core.accounts.auth import authenticated
from atrium.core.accounts.schemas import Id
from atrium.core.domain import InvalidInput, NotFound
from atrium.core.learning import access
from atrium.core.learning.access import Viewer, viewer_of
from atrium.core.learning.models import Progress, ProgressEvent, ProgressStatus
from atrium.core.learning.pagination import (
    PageParams,
    RowShape,
    choose_ordering,
    page_response,
    paginate,
    paginate_prepared,
)
from atrium.core.learning.schemas import (
    LabChecklist,
    OrganizationSummary,
    ProgressEventPage,
    ProgressPage,
    ProgressRead,
    ProgressReset,
    ProgressUpdate,
    QuizAttempt,
    QuizResult,
    UserSummary,
)
from atrium.core.learning.services import catalog, practice, summaries
from atrium.core.learning.services.progress import ANY_VERSION, put_progress, reset_progress
from atrium.core.learning.services.reads import PROGRESS_ROWS, progress_row
from atrium.core.orgs.permissions import require_org_role

router = Router(tags=["progress"], auth=authenticated)

PROGRESS_ORDERINGS = ("-updated_at", "updated_at", "created_at", "time_spent_s", "item_id")
IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,12})"?\s*$')
PROGRESS_JSON = RowShape(ProgressRead)


class ProgressFilters(Schema):
    user: Id | None = Field(None, description="A member's progress (admins).")
    everyone: bool = Field(False, description="Every member's progress (admins).")
    item: Id | None = None
    track: Id | None = None
    status: ProgressStatus | None = None
    ordering: str | None = None


def _if_match(request: HttpRequest) -> int | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    if header.strip() == "*":
        return ANY_VERSION
    matched = IF_MATCH.match(header)
    if matched is None:
        raise InvalidInput('If-Match must be a version such as "3" (or *)')
    return int(matched[1])


def _found(viewer: Viewer, item_id: int, user: int | None) -> Progress:
    user = user or viewer.user_id
    if user is None:
        raise InvalidInput("Name the user with ?user=")
    found = (
        Progress.objects.filter(access.progress_scope(viewer, user))
        .filter(item_id=item_id)
        .select_related("item__module")
        .first()
    )
    if found is None:
        raise NotFound("No progress on this item")
    return found


def _etag(response: HttpResponse, progress: Progress) -> dict[str, Any]:
    response["ETag"] = f'"{progress.version}"'
    return progress_row(progress)


@router.get("/", response=ProgressPage, operation_id="progress_list")
def list_progress(
    request: HttpRequest, filters: Query[ProgressFilters], page: Query[PageParams]
) -> HttpResponse:
    """Your own progress; admins may ask for a member's (``?user=``) or everyone's
    (``?everyone=true``)."""
    viewer = viewer_of(request)
    where = access.progress_scope(viewer, filters.user, everyone=filters.everyone)
    if filters.item is not None:
        where &= Q(item_id=filters.item)
    if filters.track is not None:
        where &= Q(item__module__track_id=filters.track)
    if filters.status is not None:
        where &= Q(status=filters.status)
    ordering = choose_ordering(filters.ordering, PROGRESS_ORDERINGS)
    rows, cursor = paginate_prepared(PROGRESS_ROWS, where, ordering=ordering, params=page)
    return page_response(request, rows, cursor, PROGRESS_JSON)


@router.get("/summary/users/{user_id}", response=UserSummary, operation_id="progress_user_summary")
def user_summary(request: HttpRequest, user_id: Id) -> UserSummary:
    """Completion per track, streak and time spent (your own, or a member's for admins)."""
    viewer = viewer_of(request)
    access.progress_scope(viewer, user_id)
    return summaries.user_summary(viewer=viewer, user_id=user_id)


@router.get(
    "/summary/organizations/{org_id}",
    response=OrganizationSummary,
    operation_id="progress_organization_summary",
)
def organization_summary(request: HttpRequest, org_id: Id) -> OrganizationSummary:
    """Members' completion, the most started and the most abandoned items (admins)."""
    require_org_role(request, org_id, Role.ADMIN)
    return summaries.organization_summary(viewer=viewer_of(request), organization_id=org_id)


@router.get("/{item_id}", response=ProgressRead, operation_id="progress_get")
def get_progress(
    request: HttpRequest, response: HttpResponse, item_id: Id, user: Id | None = None
) -> dict[str, Any]:
    return _etag(response, _found(viewer_of(request), item_id, user))


@router.put(
    "/{item_id}", response={200: ProgressRead, 201: ProgressRead}, operation_id="progress_put"
)
def put(
    request: HttpRequest, response: HttpResponse, item_id: Id, payload: ProgressUpdate
) -> Status[dict[str, Any]]:
    viewer = viewer_of(request)
    user_id = access.require_learner(viewer)
    item = catalog.get_item(viewer=viewer, item_id=item_id)
    written = put_progress(
        user_id=user_id, item=item, update=payload, if_match=_if_match(request), actor_id=user_id
    )
    return Status(201 if written.created else 200, _etag(response, written.progress))


@router.post("/{item_id}/reset", response=ProgressRead, operation_id="progress_reset")
def reset(
    request: HttpRequest, response: HttpResponse, item_id: Id, payload: ProgressReset
) -> dict[str, Any]:
    """Back to not started (admins only): the one way out of ``completed``."""
    viewer = viewer_of(request)
    access.require_admin_over(viewer, payload.user_id)
    item = catalog.get_item(viewer=viewer, item_id=item_id)
    written = reset_progress(user_id=payload.user_id, item=item, actor_id=viewer.user_id)
    return _etag(response, written.progress)


@router.get("/{item_id}/events", response=ProgressEventPage, operation_id="progress_events")
def list_events(
    request: HttpRequest, item_id: Id, page: Query[PageParams], user: Id | None = None
) -> dict[str, object]:
    """The record's history, oldest first: replaying it rebuilds the record."""
    progress = _found(viewer_of(request), item_id, user)
    rows, cursor = paginate(
        ProgressEvent.objects.filter(progress=progress), ordering="version", params=page
    )
    return {"results": rows, "next_cursor": cursor}


@router.post("/{item_id}/quiz/attempts", response=QuizResult, operation_id="progress_quiz_attempt")
def attempt_quiz(
    request: HttpRequest, response: HttpResponse, item_id: Id, payload: QuizAttempt
) -> QuizResult:
    """Score your answers: the best score and the attempts are kept, the pass mark completes."""
    viewer = viewer_of(request)
    user_id = access.require_learner(viewer)
    item = catalog.get_item(viewer=viewer, item_id=item_id)
    scored = practice.submit_quiz(user_id=user_id, item=item, answers=payload.answers)
    return QuizResult(
        score=scored.score,
        pass_mark=scored.pass_mark,
        passed=scored.passed,
        results=scored.results,
        progress=ProgressRead.model_validate(_etag(response, scored.written.progress)),
    )


@router.put(
    "/{item_id}/lab/checklist", response=ProgressRead, operation_id="progress_lab_checklist"
)
def tick_lab(
    request: HttpRequest, response: HttpResponse, item_id: Id, payload: LabChecklist
) -> dict[str, Any]:
    """The steps of a lab you have done: all of them completes it."""
    viewer = viewer_of(request)
    user_id = access.require_learner(viewer)
    item = catalog.get_item(viewer=viewer, item_id=item_id)
    written = practice.tick_lab(user_id=user_id, item=item, done=payload.done)
    return _etag(response, written.progress)
