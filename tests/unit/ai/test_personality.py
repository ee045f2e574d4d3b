"""The Big Five method on the real model: direction, evidence, confidence."""

from __future__ import annotations

from atrium.ai.embeddings import CachedEmbedder
from atrium.ai.personality import analyze
from atrium.ai.personality.analyzer import sentences_of
from atrium.ai.personality.statements import STATEMENTS

OUTGOING = (
    "I love going to parties and meeting new people. I talk to strangers all the time. "
    "Being around a crowd gives me energy."
)
RESERVED = "I prefer to stay home alone with a book. Big groups exhaust me."
ANXIOUS = "I worry constantly that my work is not good enough and I panic before exams."


def scores(text: str, embedder: CachedEmbedder) -> dict[str, tuple[float, float]]:
    return {t.trait: (t.score, t.confidence) for t in analyze([text], embedder).traits}


def test_every_trait_has_both_keyings() -> None:
    assert set(STATEMENTS) == {
        "openness",
        "conscientiousness",
        "extraversion",
        "agreeableness",
        "neuroticism",
    }
    assert all(len(k["+"]) >= 3 and len(k["-"]) >= 3 for k in STATEMENTS.values())


def test_outgoing_and_reserved_text_score_on_either_side(embedder: CachedEmbedder) -> None:
    outgoing, reserved = scores(OUTGOING, embedder), scores(RESERVED, embedder)
    assert outgoing["extraversion"][0] > 75
    assert reserved["extraversion"][0] < 25
    assert outgoing["extraversion"][1] > reserved["extraversion"][1] > 0
    assert scores(ANXIOUS, embedder)["neuroticism"][0] > 75


def test_evidence_is_the_users_own_sentences(embedder: CachedEmbedder) -> None:
    analysis = analyze([OUTGOING, ANXIOUS], embedder)
    extraversion = next(t for t in analysis.traits if t.trait == "extraversion")
    assert {e.sentence for e in extraversion.evidence} <= set(sentences_of(OUTGOING))
    assert sum(e.direction for e in extraversion.evidence) > 0
    assert all(0.4 <= e.relevance <= 1 for e in extraversion.evidence)
    assert analysis.sentences == 4


def test_text_about_nothing_personal_is_neutral_with_no_confidence(
    embedder: CachedEmbedder,
) -> None:
    for score, confidence in scores(
        "The train leaves at nine. It has six cars.", embedder
    ).values():
        assert (score, confidence) == (50.0, 0.0)
