"""What api asks core for, over HTTP with the caller's own token (as any client would).

* ``GET /api/v1/catalog/items?page_size=200&cursor=...``: the items the caller may see
  (core applies visibility: public items and the caller's organization's).
* ``GET /api/v1/progress/?page_size=200&cursor=...``: the caller's own progress.

Both are cursor-paginated (``{"results": [...], "next_cursor": ...}``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from atrium.ai.recommender.data import CatalogItem, ProgressRecord
from atrium.common.http_client import BreakerOpen, Destination, shared_destination
from atrium.common.http_policy import AttemptFailed, HttpPolicy, retry_after
from atrium.common.request_id import outbound_headers

M = TypeVar("M", bound=BaseModel)
PAGE_SIZE = 200
MAX_PAGES = 25
# Core is ours and near: a busy or restarting core (429, 502-504) is worth a short retry.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


class CoreError(Exception):
    """Core refused the caller (its 401/403/404, passed on) or failed (502, 503, 504)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def core_policy(timeout_s: float) -> HttpPolicy:
    """Each page within ``timeout_s``, retries included."""
    return HttpPolicy(
        read_timeout_s=timeout_s,
        deadline_s=timeout_s,
        backoff_s=0.1,
        backoff_max_s=1.0,
        retry_after_max_s=5.0,
    )


class CoreClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout_s: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.token = token
        policy = core_policy(timeout_s)
        self.core = (
            shared_destination("core", base_url, policy, fault=_core_fault)
            if transport is None
            else Destination("core", base_url, policy, transport=transport, fault=_core_fault)
        )

    async def catalog_items(self) -> list[CatalogItem]:
        return await self._all("/api/v1/catalog/items", CatalogItem)

    async def my_progress(self) -> list[ProgressRecord]:
        return await self._all("/api/v1/progress/", ProgressRecord)

    async def _all(self, path: str, model: type[M]) -> list[M]:
        rows: list[M] = []
        params: dict[str, Any] = {"page_size": PAGE_SIZE}
        for _ in range(MAX_PAGES):
            page = await self._page(path, params)
            try:
                rows += [model.model_validate(row) for row in page.get("results", [])]
            except ValidationError as exc:
                raise CoreError(502, f"core answered {path} in an unexpected shape") from exc
            cursor = page.get("next_cursor")
            if not cursor:
                break
            params["cursor"] = cursor
        return rows

    async def _page(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        async def attempt(client: httpx.AsyncClient) -> dict[str, Any]:
            headers = {"authorization": f"Bearer {self.token}", **outbound_headers()}
            return _body(path, await client.get(path, params=params, headers=headers))

        try:
            return await self.core.call(attempt)
        except TimeoutError:
            raise CoreError(504, f"core did not answer {path} in time") from None
        except BreakerOpen as exc:
            raise CoreError(503, "core is failing: not asked again for a while") from exc
        except AttemptFailed as exc:
            raise CoreError(502, f"core is unreachable: {exc}") from exc


def _body(path: str, response: httpx.Response) -> dict[str, Any]:
    status = response.status_code
    if status in RETRYABLE_STATUSES:
        raise AttemptFailed(
            f"http_{status}",
            f"core answered {path} with HTTP {status}",
            retryable=True,
            server_fault=status != 429,
            retry_after=retry_after(response.headers),
        )
    if status in (401, 403):
        raise CoreError(status, "core refused the token")
    if status == 404:
        # The caller's own context is gone (e.g. its organization was deleted).
        raise CoreError(404, f"core: {_detail(response)}")
    if status != 200:
        raise CoreError(502, f"core answered {path} with HTTP {status}")
    try:
        body = response.json()
    except ValueError as exc:
        raise CoreError(502, f"core answered {path} with invalid JSON") from exc
    if not isinstance(body, dict):
        raise CoreError(502, f"core answered {path} in an unexpected shape")
    return body


def _core_fault(exc: Exception) -> bool | None:
    return exc.status >= 500 if isinstance(exc, CoreError) else None


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return detail if isinstance(detail, str) else f"HTTP {response.status_code}"
