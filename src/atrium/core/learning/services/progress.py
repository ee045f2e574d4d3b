"""Progress writes: idempotent upserts with optimistic concurrency, each change an event.

A write names the state it wants. It is refused with 409 when the caller's ``If-Match``
version is stale, when it would move a completed item backwards (only an admin's reset
does that) or lower a counter. Asking for the state the record already has is a no-op
that succeeds (no new version, no event), so repeating a PUT is harmless.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from atrium.core.domain import Conflict, NotFound, Unprocessable
from atrium.core.learning import events
from atrium.core.learning.models import (
    SCORED_KINDS,
    Item,
    Progress,
    ProgressEvent,
    ProgressStatus,
)
from atrium.core.learning.schemas import ProgressUpdate

ANY_VERSION = -1  # If-Match: *


@dataclass(frozen=True)
class State:
    status: str = ProgressStatus.NOT_STARTED
    score: int | None = None
    attempts: int = 0
    time_spent_s: int = 0
    checklist: tuple[int, ...] = ()  # a lab's steps done, in order
    started_at: datetime | None = None
    completed_at: datetime | None = None

    @classmethod
    def of(cls, progress: Progress) -> State:
        state = cls(**{name: getattr(progress, name) for name in cls.__dataclass_fields__})
        return replace(state, checklist=tuple(state.checklist))

    def as_json(self) -> dict[str, Any]:
        return {name: _json(value) for name, value in asdict(self).items()}


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Written:
    progress: Progress
    created: bool
    changed: bool


def next_state(
    current: State,
    update: ProgressUpdate,
    *,
    kind: str,
    now: datetime,
    checklist: tuple[int, ...] | None = None,
) -> State:
    """The state ``update`` asks for, or a domain error saying why it may not be reached.

    ``checklist`` replaces a lab's steps done (:mod:`.practice` sets it; a PUT keeps it).
    """
    if update.score is not None and kind not in SCORED_KINDS:
        raise Unprocessable(f"A {kind} has no score; only quizzes and labs are scored")
    if current.status == ProgressStatus.COMPLETED and update.status != ProgressStatus.COMPLETED:
        raise Conflict("A completed item stays completed unless an admin resets it")
    for name in ("attempts", "time_spent_s"):
        asked = getattr(update, name)
        if asked is not None and asked < getattr(current, name):
            raise Conflict(f"{name} never decreases (it is {getattr(current, name)})")
    status = update.status
    started = status != ProgressStatus.NOT_STARTED
    return replace(
        current,
        status=status,
        score=update.score if update.score is not None else current.score,
        attempts=update.attempts if update.attempts is not None else current.attempts,
        checklist=current.checklist if checklist is None else checklist,
        time_spent_s=update.time_spent_s
        if update.time_spent_s is not None
        else current.time_spent_s,
        started_at=current.started_at or (now if started else None),
        completed_at=current.completed_at or (now if status == ProgressStatus.COMPLETED else None),
    )


def _changes(before: State, after: State) -> dict[str, list[Any]]:
    old, new = before.as_json(), after.as_json()
    return {name: [old[name], new[name]] for name in new if old[name] != new[name]}


def _record(
    progress: Progress, kind: str, before: State, after: State, actor_id: int | None
) -> dict[str, list[Any]]:
    changes = _changes(before, after)
    ProgressEvent.objects.create(
        progress=progress,
        version=progress.version,
        kind=kind,
        actor_id=actor_id,
        at=progress.updated_at,
        changes=changes,
        state={**after.as_json(), "version": progress.version},
    )
    events.progress_changed(progress, changes)
    return changes


def _check_version(progress: Progress | None, if_match: int | None) -> None:
    if if_match is None:
        return
    current = progress.version if progress else 0
    if if_match == ANY_VERSION:
        if progress is None:
            raise Conflict("There is no progress to match yet (version 0)")
        return
    if if_match != current:
        raise Conflict(f"Stale version {if_match}: the progress is at version {current}")


def _columns(state: State) -> dict[str, Any]:
    return {**asdict(state), "checklist": list(state.checklist)}


def _create(
    user_id: int,
    item: Item,
    update: ProgressUpdate,
    actor_id: int | None,
    now: datetime,
    checklist: tuple[int, ...] | None,
) -> Written:
    after = next_state(State(), update, kind=item.kind, now=now, checklist=checklist)
    with transaction.atomic():  # a savepoint: a concurrent creator wins the unique row
        progress = Progress.objects.create(
            user_id=user_id, item=item, version=1, created_at=now, updated_at=now, **_columns(after)
        )
        _record(progress, ProgressEvent.Kind.CREATED, State(), after, actor_id)
    return Written(progress, created=True, changed=True)


def _update(
    progress: Progress,
    update: ProgressUpdate,
    if_match: int | None,
    actor_id: int | None,
    now: datetime,
    checklist: tuple[int, ...] | None,
) -> Written:
    _check_version(progress, if_match)
    before = State.of(progress)
    after = next_state(before, update, kind=progress.item.kind, now=now, checklist=checklist)
    if after == before:
        return Written(progress, created=False, changed=False)
    return _save(progress, before, after, ProgressEvent.Kind.UPDATED, actor_id, now)


def _save(
    progress: Progress,
    before: State,
    after: State,
    kind: str,
    actor_id: int | None,
    now: datetime,
) -> Written:
    version = progress.version
    fields = {**_columns(after), "version": version + 1, "updated_at": now}
    # The version in the WHERE clause makes the write conditional even where the row lock
    # is a no-op: a write that lost a race updates nothing and is refused.
    if not Progress.objects.filter(pk=progress.pk, version=version).update(**fields):
        raise Conflict(f"The progress changed meanwhile (it was at version {version})")
    for name, value in fields.items():
        setattr(progress, name, value)
    _record(progress, kind, before, after, actor_id)
    return Written(progress, created=False, changed=True)


def _locked(user_id: int, item: Item) -> Progress | None:
    found = Progress.objects.select_for_update().filter(user_id=user_id, item=item).first()
    if found is not None:
        found.item = item
    return found


def put_progress(
    *,
    user_id: int,
    item: Item,
    update: ProgressUpdate,
    if_match: int | None = None,
    actor_id: int | None = None,
    at: datetime | None = None,
    checklist: tuple[int, ...] | None = None,
) -> Written:
    """Bring ``user_id``'s progress on ``item`` to ``update`` (creating it if needed).

    ``at`` dates the change (now by default; the demo data replays past days with it);
    ``checklist`` replaces a lab's steps done (left out, they stay).
    """
    now = at or timezone.now()
    with transaction.atomic():
        progress = _locked(user_id, item)
        if progress is None:
            _check_version(None, if_match)
            try:
                return _create(user_id, item, update, actor_id, now, checklist)
            except IntegrityError:  # created meanwhile: this becomes an update of it
                progress = _locked(user_id, item)
                if progress is None:
                    raise
        return _update(progress, update, if_match, actor_id, now, checklist)


def reset_progress(*, user_id: int, item: Item, actor_id: int | None) -> Written:
    """An admin's reset: back to not started, counters cleared, the history kept."""
    with transaction.atomic():
        progress = _locked(user_id, item)
        if progress is None:
            raise NotFound("No progress to reset")
        before = State.of(progress)
        if before == State():
            return Written(progress, created=False, changed=False)
        return _save(progress, before, State(), ProgressEvent.Kind.RESET, actor_id, timezone.now())


def replay(events_in_order: list[ProgressEvent]) -> dict[str, Any]:
    """The state the events lead to, rebuilt from their changes alone."""
    state: dict[str, Any] = State().as_json()
    for event in events_in_order:
        for name, (_, after) in event.changes.items():
            state[name] = after
        state["version"] = event.version
    return state
