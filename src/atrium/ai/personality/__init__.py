"""Big Five traits from free text, by similarity to trait-keyed statements."""

from atrium.ai.personality.analyzer import METHOD, Analysis, TraitScore, analyze

__all__ = ["METHOD", "Analysis", "TraitScore", "analyze"]
