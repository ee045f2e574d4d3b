"""Trait-keyed statements written for Atrium, in the style of public-domain Big Five items.

Each trait has statements keyed ``+`` (agreeing with them means more of the trait) and
``-`` (less of it). They are short first-person sentences so a learner's own sentences
can be compared with them directly. The ``-`` statements avoid negating a ``+`` one
("I rarely worry"), because sentence embeddings weigh shared words above a "not".
"""

from __future__ import annotations

STATEMENTS: dict[str, dict[str, list[str]]] = {
    "openness": {
        "+": [
            "I love exploring new ideas and unfamiliar subjects.",
            "I enjoy art, music and imaginative stories.",
            "I am curious about how things work and why.",
            "I like trying new approaches instead of the usual way.",
            "Abstract ideas and theories fascinate me.",
        ],
        "-": [
            "I prefer familiar routines to new experiences.",
            "Abstract ideas and theories bore me.",
            "I stick to what I know works and avoid experiments.",
            "I find art and philosophy pointless.",
        ],
    },
    "conscientiousness": {
        "+": [
            "I plan my work carefully and finish tasks on time.",
            "I keep my notes and files well organized.",
            "I pay close attention to details and double-check my work.",
            "I set goals and follow a schedule to reach them.",
            "I see every task through to the end.",
            "I make lists and prepare well in advance.",
        ],
        "-": [
            "I often leave tasks unfinished or do them at the last minute.",
            "My desk and files are usually a mess.",
            "I skip the details and hand in work without a second look.",
            "I act on impulse rather than following a plan.",
        ],
    },
    "extraversion": {
        "+": [
            "I love meeting new people and talking with them.",
            "I feel energized at parties and in big groups.",
            "I enjoy being the center of attention.",
            "I start conversations with strangers easily.",
            "I speak up and lead the discussion in a group.",
        ],
        "-": [
            "I prefer spending time alone or with one close friend.",
            "Large crowds and parties drain my energy.",
            "I stay quiet in meetings and keep in the background.",
            "I need quiet time by myself to recharge.",
        ],
    },
    "agreeableness": {
        "+": [
            "I care about other people's feelings and like to help.",
            "I trust people and assume good intentions.",
            "I try to avoid arguments and find a compromise.",
            "I am patient and kind with colleagues who struggle.",
        ],
        "-": [
            "Other people's problems are their own business.",
            "I am suspicious of what others want from me.",
            "I enjoy winning arguments even if it hurts someone.",
            "I get impatient and blunt with people who are slow.",
        ],
    },
    "neuroticism": {
        "+": [
            "I worry a lot about things going wrong.",
            "I get stressed and anxious easily.",
            "My mood changes quickly and I get upset often.",
            "Deadlines and pressure make me panic.",
            "Small problems upset me for the rest of the day.",
        ],
        "-": [
            "I stay calm under pressure.",
            "I am relaxed and easygoing about most things.",
            "My mood is steady and relaxed most of the time.",
            "I handle setbacks calmly and move on.",
        ],
    },
}
