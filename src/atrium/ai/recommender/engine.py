"""Rank the catalog for one learner.

1. **Profile**: the mean of the embeddings of items the learner completed or started,
   each weighted by recency (half-life ``HALF_LIFE_DAYS``) and, for completed items, by
   score (a 100 counts 1.5x a 0).
2. **Candidates**: items the learner may see, not completed, whose prerequisites are all
   completed. An item in progress stays a candidate ("continue").
3. **Relevance**: cosine similarity to the profile, plus bonuses for continuing an
   item, for being the next item of a track the learner is following, and for being
   unlocked by what they just completed.
4. **Diversity**: maximal marginal relevance picks each next item by
   ``LAMBDA * relevance - (1 - LAMBDA) * (its highest similarity to the items picked)``.

With no progress at all (cold start) relevance is popularity in the learner's
organization, and items without prerequisites come first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from atrium.ai.embeddings.base import Vectors
from atrium.ai.recommender.data import CatalogItem, ProgressRecord, Recommendation

HALF_LIFE_DAYS = 30.0
LAMBDA = 0.7
CONTINUE_BONUS = 1.0  # finishing what was started comes first
NEXT_IN_TRACK_BONUS = 0.4
UNLOCKED_BONUS = 0.2


@dataclass(frozen=True)
class Candidate:
    item: CatalogItem
    relevance: float
    reason: str


def recommend(
    items: list[CatalogItem],
    progress: list[ProgressRecord],
    vectors: Mapping[int, Vectors],
    popularity: Mapping[int, int],
    *,
    organization_id: int | None,
    limit: int = 10,
    now: datetime | None = None,
) -> tuple[str, list[Recommendation]]:
    now = now or datetime.now(UTC)
    visible = [i for i in items if i.organization_id in (None, organization_id)]
    by_id = {i.id: i for i in visible}
    done = {p.item_id for p in progress if p.status == "completed"}
    started = {p.item_id for p in progress if p.status == "in_progress"}
    open_items = [
        i for i in visible if i.id not in done and all(p in done for p in i.prerequisite_ids)
    ]
    if not done and not started:
        return "cold-start", _diversify(_cold_start(open_items, popularity), vectors, limit)
    profile = _profile(progress, vectors, now)
    followed = {by_id[i].track_id for i in done | started if i in by_id}
    next_in_track = _next_positions(visible, done, followed)
    candidates = []
    for item in open_items:
        similarity = _cosine(profile, vectors.get(item.id))
        bonus, reason = 0.0, _similar_reason(item, progress, by_id, vectors)
        if item.id in started:
            bonus, reason = CONTINUE_BONUS, "Continue: you have started this item"
        elif item.id in next_in_track:
            bonus, reason = NEXT_IN_TRACK_BONUS, "Next in a track you are following"
        unlocked_by = [by_id[p].title for p in item.prerequisite_ids if p in done and p in by_id]
        if unlocked_by and item.id not in started:
            bonus += UNLOCKED_BONUS
            reason += f"; unlocked by completing {', '.join(unlocked_by[:2])}"
        candidates.append(Candidate(item, similarity + bonus, reason))
    return "profile", _diversify(candidates, vectors, limit)


def _profile(
    progress: list[ProgressRecord], vectors: Mapping[int, Vectors], now: datetime
) -> Vectors | None:
    total, weight_sum = None, 0.0
    for record in progress:
        vector = vectors.get(record.item_id)
        if vector is None or record.status not in ("completed", "in_progress"):
            continue
        when = record.completed_at or record.updated_at
        age = max(0.0, (now - _aware(when)).total_seconds() / 86400)
        weight = 0.5 ** (age / HALF_LIFE_DAYS)
        if record.status == "completed":
            weight *= 1.0 + 0.5 * ((record.score if record.score is not None else 50) / 100)
        else:
            weight *= 0.5
        total = vector * weight if total is None else total + vector * weight
        weight_sum += weight
    if total is None or weight_sum == 0:
        return None
    norm = float(np.linalg.norm(total))
    return total / norm if norm else None


def _next_positions(items: list[CatalogItem], done: set[int], followed: set[int]) -> set[int]:
    """In each followed track, the first item (by module and position) not yet completed."""
    first: dict[int, CatalogItem] = {}
    for item in sorted(items, key=lambda i: (i.track_id, i.module_id, i.position, i.id)):
        if item.track_id in followed and item.id not in done and item.track_id not in first:
            first[item.track_id] = item
    return {item.id for item in first.values()}


def _similar_reason(
    item: CatalogItem,
    progress: list[ProgressRecord],
    by_id: Mapping[int, CatalogItem],
    vectors: Mapping[int, Vectors],
) -> str:
    best, title = -1.0, None
    for record in progress:
        if record.status == "completed" and record.item_id in by_id:
            similarity = _cosine(vectors.get(item.id), vectors.get(record.item_id))
            if similarity > best:
                best, title = similarity, by_id[record.item_id].title
    return f"Similar to {title}, which you completed" if title else "Matches what you study"


def _cold_start(items: list[CatalogItem], popularity: Mapping[int, int]) -> list[Candidate]:
    top = max(popularity.values(), default=0)
    candidates = []
    for item in items:
        learners = popularity.get(item.id, 0)
        relevance = (learners / top if top else 0.0) + (0.3 if not item.prerequisite_ids else 0.0)
        reason = (
            f"Popular in your organization: {learners} learner(s) took it"
            if learners
            else "A good place to start: it needs no other item first"
            if not item.prerequisite_ids
            else "Open to you now"
        )
        candidates.append(Candidate(item, relevance - item.position * 1e-3, reason))
    return candidates


def _diversify(
    candidates: list[Candidate], vectors: Mapping[int, Vectors], limit: int
) -> list[Recommendation]:
    chosen: list[Candidate] = []
    pool = sorted(candidates, key=lambda c: -c.relevance)
    while pool and len(chosen) < limit:
        best = max(
            pool,
            key=lambda c: (
                LAMBDA * c.relevance
                - (1 - LAMBDA)
                * max(
                    (_cosine(vectors.get(c.item.id), vectors.get(s.item.id)) for s in chosen),
                    default=0.0,
                )
            ),
        )
        chosen.append(best)
        pool.remove(best)
    return [
        Recommendation(
            item_id=c.item.id,
            title=c.item.title,
            kind=c.item.kind,
            track_id=c.item.track_id,
            score=round(c.relevance, 4),
            reason=c.reason,
        )
        for c in chosen
    ]


def _cosine(a: Vectors | None, b: Vectors | None) -> float:
    if a is None or b is None:
        return 0.0
    return float(np.dot(a, b))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
