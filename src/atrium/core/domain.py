"""core's errors: a rule that refused, said without HTTP.

Services (and every other core module) raise a :class:`DomainError` subclass naming the
kind of refusal; core's API maps any of them to ``{"detail": ...}`` with the class's
``status`` in one exception handler (``atrium.core.api``), adding ``Retry-After`` when
``retry_after`` is set. The same errors reach the CLI, the admin and tasks unchanged, so
those transports can say what went wrong without knowing HTTP.

One way to do it: raise these, never Ninja's ``HttpError``, everywhere in core, the API
edge included: the permission helpers (``accounts/auth.py``, ``orgs/permissions.py``,
``learning/access.py``), pagination and the routers raise these same classes, so a rule
can move between a router and a service without changing what it raises. ``code`` is a
stable, machine-readable name for callers that branch on the error; the HTTP body carries
only ``detail``.
"""

from __future__ import annotations


class DomainError(Exception):
    status: int = 400
    code: str = "error"
    retry_after: float | None = None

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class InvalidInput(DomainError):
    status, code = 400, "invalid_input"


class NotAuthenticated(DomainError):
    status, code = 401, "not_authenticated"


class PermissionDenied(DomainError):
    status, code = 403, "permission_denied"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class Unprocessable(DomainError):
    """Well-formed input that a rule cannot accept, e.g. an item its own prerequisite."""

    status, code = 422, "unprocessable"


class _RetryLater(DomainError):
    def __init__(
        self, detail: str, *, code: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(detail, code=code)
        self.retry_after = retry_after


class RateLimited(_RetryLater):
    status, code = 429, "rate_limited"


class Unavailable(_RetryLater):
    status, code = 503, "unavailable"
