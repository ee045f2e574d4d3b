"""The fetch → validate → normalize pipeline every connector runs through."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from atrium.integrations.base.caching import Fetched, Freshness
from atrium.integrations.base.upstream import Params, Upstream
from atrium.integrations.errors import (
    BadUpstreamResponse,
    UpstreamError,
    UpstreamFailed,
    UpstreamNotFound,
    UpstreamRejected,
)

O = TypeVar("O")  # noqa: E741
TOO_DEEP = "response body is nested too deeply"  # a parser's RecursionError


@cache
def adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def error_message(response: httpx.Response) -> str:
    """The human-readable message of an upstream's error body, whichever shape it documents."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or f"HTTP {response.status_code}"
    if isinstance(body, dict):
        nested = body.get("error")
        if isinstance(nested, dict):
            body = nested
        for key in ("msg", "error_message", "message", "Error", "reason", "error"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
    return f"HTTP {response.status_code}"


def status_error(upstream: str, response: httpx.Response) -> UpstreamError:
    if response.is_redirect or 300 <= response.status_code < 400:
        where = response.headers.get("location") or "no Location"
        return UpstreamFailed(
            upstream, f"answered {response.status_code} redirecting to {where} (not followed)"
        )
    detail = error_message(response)
    if response.status_code == 404:
        return UpstreamNotFound(upstream, detail)
    if response.status_code in (400, 422):
        return UpstreamRejected(upstream, detail)
    return UpstreamFailed(upstream, f"answered {response.status_code}: {detail}")


def mismatch(upstream: str, what: str, asked: Any, got: Any) -> BadUpstreamResponse:
    """An answer to another question than the one asked: never served, cached or stored."""
    return BadUpstreamResponse(upstream, f"answered for {what} {got} when {asked} was asked")


def validate(upstream: str, kind: Any, body: Any) -> Any:
    try:
        return adapter(kind).validate_python(body)
    except RecursionError:
        raise BadUpstreamResponse(upstream, TOO_DEEP) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise BadUpstreamResponse(
            upstream, f"response does not match its documented shape at {where}: {first['msg']}"
        ) from None


class Connector:
    """One upstream's operations. Subclasses stay small: paths, params, schemas, normalizers.

    ``family`` names the endpoints' breaker: the upstream's name unless a subclass shares
    the upstream with another family (APOD and NeoWs on NASA's host).
    """

    family: str | None = None

    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream
        upstream.family(self.breaker_family)

    @property
    def breaker_family(self) -> str:
        return self.family or self.upstream.name

    @property
    def name(self) -> str:
        return self.upstream.name

    def parser(self, wire: Any, normalize: Callable[[Any], O]) -> Callable[[httpx.Response], O]:
        def parse(response: httpx.Response) -> O:
            if response.status_code >= 300:
                raise status_error(self.name, response)
            try:
                body = response.json()
            except ValueError:
                raise BadUpstreamResponse(self.name, "response body is not valid JSON") from None
            except RecursionError:
                raise BadUpstreamResponse(self.name, TOO_DEEP) from None
            return normalize(validate(self.name, wire, body))

        return parse

    async def get(
        self,
        path: str,
        params: Params | None,
        *,
        wire: Any,
        out: Any,
        normalize: Callable[[Any], Any],
        freshness: Freshness | None,
    ) -> Fetched[Any]:
        """GET ``path``, validate it as ``wire``, normalize it into ``out`` (cached)."""
        out_adapter = adapter(out)
        return await self.upstream.get(
            path,
            params,
            self.parser(wire, normalize),
            family=self.breaker_family,
            freshness=freshness,
            revive=out_adapter.validate_python,
            dump=lambda value: out_adapter.dump_python(value, mode="json"),
        )
