"""Negated sentences, turned around before they are compared with trait statements.

Sentence embeddings weigh shared words far above a "not": "I rarely worry about it." sits
next to "I worry a lot" and would count *for* neuroticism. So a sentence whose main verb
is negated ("I don't panic", "I am not organized", "I never plan ahead") is compared in
its affirmative form and its direction flipped. Only a cue near the sentence's start
counts: "recipes from countries I have never visited" negates a clause, not the claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "\u2019" is the typographic apostrophe phones type in "don\u2019t".
_CUE = re.compile(r"(?:not|never|rarely|seldom|hardly|barely|cannot|\w+n['\u2019]t)", re.IGNORECASE)
# Words before the cue: "I never ...", "I am not ...", "I really don't ...".
CUE_WINDOW = 4


@dataclass(frozen=True)
class Claim:
    affirmative: str  # the sentence with its negation cue removed
    negated: bool


def claim_of(sentence: str) -> Claim:
    words = sentence.split()
    for index, word in enumerate(words[:CUE_WINDOW]):
        if _CUE.fullmatch(word.strip(",;:")):
            return Claim(" ".join(words[:index] + words[index + 1 :]), negated=True)
    return Claim(sentence, negated=False)
