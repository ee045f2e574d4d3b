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

M = TypeVar("M", bound=BaseModel)
PAGE_SIZE = 200
MAX_PAGES = 25


class CoreError(Exception):
    """Core refused the caller (its 401/403/404, passed on) or failed (``status`` 502)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class CoreClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout_s: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        self.transport = transport

    async def catalog_items(self) -> list[CatalogItem]:
        return await self._all("/api/v1/catalog/items", CatalogItem)

    async def my_progress(self) -> list[ProgressRecord]:
        return await self._all("/api/v1/progress/", ProgressRecord)

    async def _all(self, path: str, model: type[M]) -> list[M]:
        rows: list[M] = []
        params: dict[str, Any] = {"page_size": PAGE_SIZE}
        async with httpx.AsyncClient(
            base_url=self.base_url,
            headers={"authorization": f"Bearer {self.token}"},
            timeout=self.timeout_s,
            transport=self.transport,
            follow_redirects=False,
        ) as client:
            for _ in range(MAX_PAGES):
                page = await self._get(client, path, params)
                try:
                    rows += [model.model_validate(row) for row in page.get("results", [])]
                except ValidationError as exc:
                    raise CoreError(502, f"core answered {path} in an unexpected shape") from exc
                cursor = page.get("next_cursor")
                if not cursor:
                    break
                params["cursor"] = cursor
        return rows

    async def _get(
        self, client: httpx.AsyncClient, path: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            response = await client.get(path, params=params)
        except httpx.HTTPError as exc:
            raise CoreError(502, f"core is unreachable: {type(exc).__name__}") from exc
        if response.status_code in (401, 403):
            raise CoreError(response.status_code, "core refused the token")
        if response.status_code == 404:
            # The caller's own context is gone (e.g. its organization was deleted).
            raise CoreError(404, f"core: {_detail(response)}")
        if response.status_code != 200:
            raise CoreError(502, f"core answered {path} with HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise CoreError(502, f"core answered {path} with invalid JSON") from exc
        if not isinstance(body, dict):
            raise CoreError(502, f"core answered {path} in an unexpected shape")
        return body


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return detail if isinstance(detail, str) else f"HTTP {response.status_code}"
