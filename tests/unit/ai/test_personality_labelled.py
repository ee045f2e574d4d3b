"""Personality scoring against a labelled set of statements (tests/unit/ai/data).

Each row is one sentence, the trait it speaks to and the side it speaks for. The method is
a similarity method, not a classifier trained on these rows: a few may miss, most may not.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from atrium.ai.embeddings import CachedEmbedder
from atrium.ai.personality import analyze
from atrium.ai.personality.negation import claim_of

LABELLED = Path(__file__).parent / "data" / "personality_statements.csv"
AGREEMENT = 0.9


def _rows() -> list[dict[str, str]]:
    with LABELLED.open(newline="") as file:
        return list(csv.DictReader(file))


def _reads_as_labelled(row: dict[str, str], embedder: CachedEmbedder) -> bool:
    trait = next(t for t in analyze([row["sentence"]], embedder).traits if t.trait == row["trait"])
    return trait.confidence > 0 and (trait.score > 50) == (row["direction"] == "+")


def test_most_labelled_statements_score_on_their_side(embedder: CachedEmbedder) -> None:
    rows = _rows()
    misses = [row["sentence"] for row in rows if not _reads_as_labelled(row, embedder)]
    assert len(rows) >= 30
    assert 1 - len(misses) / len(rows) >= AGREEMENT, misses


@pytest.mark.parametrize(
    ("sentence", "trait", "direction"),
    [
        ("I rarely worry about it.", "neuroticism", "-"),
        ("I don't panic when a deadline gets close.", "neuroticism", "-"),
        ("I plan every detail ahead and keep my notes tidy.", "conscientiousness", "+"),
        ("I prepare for exams weeks in advance.", "conscientiousness", "+"),
        ("I am not an organized person.", "conscientiousness", "-"),
    ],
)
def test_negation_and_planning_read_the_right_way(
    sentence: str, trait: str, direction: str, embedder: CachedEmbedder
) -> None:
    row = {"sentence": sentence, "trait": trait, "direction": direction}
    assert _reads_as_labelled(row, embedder)


def test_only_a_negation_near_the_start_turns_a_sentence_around() -> None:
    assert claim_of("I rarely worry about it.").affirmative == "I worry about it."
    assert claim_of("I am not an organized person.").negated
    assert claim_of("I don't trust people easily.").affirmative == "I trust people easily."
    assert not claim_of("I enjoy recipes from countries I have never visited.").negated
