"""The recommender on a small catalog, with the real model's embeddings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atrium.ai.embeddings import CachedEmbedder
from atrium.ai.recommender.data import CatalogItem, ProgressRecord
from atrium.ai.recommender.engine import recommend

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def item(id: int, title: str, track: int, position: int, prereqs=(), org=None, kind="lesson"):
    return CatalogItem(
        id=id,
        title=title,
        kind=kind,
        track_id=track,
        module_id=track * 10,
        position=position,
        prerequisite_ids=list(prereqs),
        organization_id=org,
    )


CATALOG = [
    item(1, "What phishing is", 1, 0),
    item(2, "Spotting a phishing email", 1, 1, [1]),
    item(3, "Reporting phishing to your security team", 1, 2, [2]),
    item(4, "Running a phishing simulation", 1, 3, [3], kind="lab"),
    item(10, "Networks and packets", 2, 0),
    item(11, "Firewall rules", 2, 1, [10]),
    item(12, "Backups and the 3-2-1 rule", 3, 0),
    item(20, "Our incident runbook", 4, 0, org=1),
    item(30, "Phishing drill for email links", 5, 0, org=2),
]


@pytest.fixture(scope="module")
def vectors(embedder: CachedEmbedder):
    rows = embedder.embed([i.title for i in CATALOG])
    return {i.id: row for i, row in zip(CATALOG, rows, strict=True)}


def done(item_id: int, days_ago: float = 1, score: int | None = 90) -> ProgressRecord:
    when = NOW - timedelta(days=days_ago)
    return ProgressRecord(
        item_id=item_id, status="completed", score=score, updated_at=when, completed_at=when
    )


def ids(recommendations) -> list[int]:
    return [r.item_id for r in recommendations]


def test_after_the_introduction_the_tracks_next_item_comes_first(vectors) -> None:
    strategy, found = recommend(
        CATALOG, [done(1), done(2)], vectors, {}, organization_id=1, now=NOW
    )
    assert strategy == "profile"
    assert ids(found)[0] == 3
    assert "Next in a track" in found[0].reason
    assert "Spotting a phishing email" in found[0].reason
    assert not {1, 2} & set(ids(found))  # never a completed item
    assert 4 not in ids(found)  # its prerequisite (3) is not completed
    assert 11 not in ids(found)
    assert 30 not in ids(found)  # another organization's private item
    assert 20 in ids(found)  # the learner's own organization's item


def test_an_item_in_progress_is_offered_to_continue(vectors) -> None:
    started = ProgressRecord(item_id=10, status="in_progress", updated_at=NOW)
    _, found = recommend(CATALOG, [done(1), started], vectors, {}, organization_id=1, now=NOW)
    assert ids(found)[0] == 10
    assert found[0].reason.startswith("Continue")


def test_recent_and_well_scored_work_weighs_more(vectors) -> None:
    old_phishing, recent_network = done(1, days_ago=200), done(10, days_ago=1)
    _, found = recommend(
        CATALOG, [old_phishing, recent_network], vectors, {}, organization_id=None, now=NOW, limit=3
    )
    assert ids(found)[0] == 11


def test_the_list_is_diversified(vectors) -> None:
    _, found = recommend(
        CATALOG, [done(1), done(2), done(10)], vectors, {}, organization_id=1, now=NOW, limit=3
    )
    assert len({r.track_id for r in found}) >= 2


def test_a_new_learner_gets_what_is_popular_in_their_organization(vectors) -> None:
    strategy, found = recommend(
        CATALOG, [], vectors, {12: 7, 10: 2}, organization_id=2, now=NOW, limit=4
    )
    assert strategy == "cold-start"
    assert ids(found)[0] == 12
    assert "7 learner(s)" in found[0].reason
    assert all(CATALOG[[i.id for i in CATALOG].index(r)].prerequisite_ids == [] for r in ids(found))
    assert 20 not in ids(found)


def test_without_any_vector_it_still_answers(vectors) -> None:
    _, found = recommend(CATALOG, [done(1)], {}, {}, organization_id=1, now=NOW)
    assert ids(found)[0] == 2
