"""The learning domain's rules, for every transport (API, admin, import, seed)."""

from ninja.errors import HttpError


class LearningError(HttpError):
    """A rule refused the request; Ninja answers it as ``{"detail": ...}``."""
