"""What can go wrong with an upstream, each kind carrying the HTTP status it becomes."""

from __future__ import annotations

import math


class UpstreamError(Exception):
    """An upstream call that did not produce data. ``status`` is what api answers."""

    status = 502
    offline = False  # this server has no route to the upstream (no internet)

    def __init__(self, upstream: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(f"{upstream}: {detail}")
        self.upstream = upstream
        self.detail = detail
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        if self.retry_after is None:
            return {}
        return {"Retry-After": str(max(1, math.ceil(self.retry_after)))}


class BadUpstreamResponse(UpstreamError):
    """The upstream answered with something that is not what it documents (502)."""


class UpstreamFailed(UpstreamError):
    """Connection errors or 5xx answers outlasted the retries (502)."""


class UpstreamUnreachable(UpstreamFailed):
    """Its name did not resolve or no route leads to it: this server is offline (502)."""

    offline = True


class UpstreamTimeout(UpstreamError):
    """No answer within the call's total deadline (504)."""

    status = 504


class UpstreamUnavailable(UpstreamError):
    """Not called at all: its breaker is open or its rate limit is spent (503)."""

    status = 503


class UpstreamNotFound(UpstreamError):
    """The upstream has nothing under what was asked for (404)."""

    status = 404


class UpstreamRejected(UpstreamError):
    """The upstream refused the request as asked, e.g. a date out of its range (400)."""

    status = 400
