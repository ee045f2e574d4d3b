"""Score the Big Five from a user's own sentences, with evidence and confidence.

The method, in full:

1. Split the text into sentences; a sentence whose main verb is negated is read in its
   affirmative form and its direction flipped (``negation.py``).
2. Embed the sentences and every trait-keyed statement (``statements.py``) with the same
   sentence model, and take cosine similarities.
3. A sentence's *relevance* to a trait is its best similarity to any of that trait's
   statements. It is *evidence* for the trait when that reaches ``RELEVANCE`` and is within
   ``MARGIN`` of its relevance to its most relevant trait (so a sentence about parties
   does not also count, weakly, as a sentence about deadlines). Its *direction* is its best
   similarity to the ``+`` statements minus its best similarity to the ``-`` statements
   (times -1 for a negated sentence).
4. A trait's score is ``50 + 50 * tanh(GAIN * mean direction)`` over its evidence,
   weighted by relevance: 50 is "no signal either way", 0 and 100 the extremes.
5. Its confidence grows with the amount of evidence and how relevant it is:
   ``(1 - exp(-n / 3)) * min(1, mean relevance / 0.6)``; with no evidence the score
   stays 50 and the confidence is 0.

This describes what the text says, not the person: it is a reflection aid, not a
psychometric test, and the response says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field

from atrium.ai.embeddings import Embedder
from atrium.ai.embeddings.base import Vectors
from atrium.ai.personality.negation import claim_of
from atrium.ai.personality.statements import STATEMENTS

METHOD = "statement-similarity-v2"
DISCLAIMER = (
    "Scores describe the language of the text against trait-keyed statements; they are "
    "not a validated psychometric assessment."
)
RELEVANCE = 0.4
MARGIN = 0.05
GAIN = 6.0
EVIDENCE_PER_TRAIT = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Evidence:
    sentence: str
    direction: float  # > 0 speaks for the trait, < 0 against it
    relevance: float


@dataclass
class TraitScore:
    trait: str
    score: float  # 0-100, 50 is neutral
    confidence: float  # 0-1
    evidence: list[Evidence]


class Analysis(BaseModel):
    method: str
    traits: list[TraitScore]
    sentences: int = Field(description="How many sentences were read.")
    disclaimer: str = DISCLAIMER
    narrative: str | None = Field(None, description="Written by an LLM, when one is configured.")


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 3]


_statement_cache: dict[str, dict[str, dict[str, Vectors]]] = {}


def _statement_vectors(embedder: Embedder) -> dict[str, dict[str, Vectors]]:
    if embedder.name not in _statement_cache:
        _statement_cache[embedder.name] = {
            trait: {key: embedder.embed(items) for key, items in keyed.items()}
            for trait, keyed in STATEMENTS.items()
        }
    return _statement_cache[embedder.name]


def analyze(texts: list[str], embedder: Embedder) -> Analysis:
    sentences = [s for text in texts for s in sentences_of(text)]
    if not sentences:
        neutral = [TraitScore(t, 50.0, 0.0, []) for t in STATEMENTS]
        return Analysis(method=METHOD, traits=neutral, sentences=0)
    claims = [claim_of(sentence) for sentence in sentences]
    vectors = embedder.embed([claim.affirmative for claim in claims])
    statements = _statement_vectors(embedder)
    # A negated claim speaks for the other keying: swap its + and - similarities.
    flip = np.array([claim.negated for claim in claims])
    similarities = {}
    for trait, keyed in statements.items():
        plus, minus = (vectors @ keyed["+"].T).max(axis=1), (vectors @ keyed["-"].T).max(axis=1)
        similarities[trait] = (np.where(flip, minus, plus), np.where(flip, plus, minus))
    best = np.max([np.maximum(plus, minus) for plus, minus in similarities.values()], axis=0)
    traits = [_score(trait, sentences, *similarities[trait], best) for trait in STATEMENTS]
    return Analysis(method=METHOD, traits=traits, sentences=len(sentences))


def _score(
    trait: str, sentences: list[str], plus: Vectors, minus: Vectors, best: Vectors
) -> TraitScore:
    relevance = np.maximum(plus, minus)
    chosen = np.flatnonzero((relevance >= RELEVANCE) & (relevance >= best - MARGIN))
    if chosen.size == 0:
        return TraitScore(trait, 50.0, 0.0, [])
    direction = plus[chosen] - minus[chosen]
    weights = relevance[chosen]
    mean_direction = float((direction * weights).sum() / weights.sum())
    score = 50 + 50 * math.tanh(GAIN * mean_direction)
    confidence = (1 - math.exp(-chosen.size / 3)) * min(1.0, float(weights.mean()) / 0.6)
    order = chosen[np.argsort(-relevance[chosen])][:EVIDENCE_PER_TRAIT]
    evidence = [
        Evidence(sentences[i], round(float(plus[i] - minus[i]), 3), round(float(relevance[i]), 3))
        for i in order
    ]
    return TraitScore(trait, round(score, 1), round(confidence, 2), evidence)
