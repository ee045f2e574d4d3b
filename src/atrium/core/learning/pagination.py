"""Keyset (cursor) pagination for every list: one query per page whatever its size.

Rows may be model instances or dicts from ``.values()`` (which must include ``id``).

The cursor is the position of the last row returned (the ordering field's value and
the primary key as a tie-breaker), so a page never skips or repeats a row when rows are
added before it, and deep pages cost what the first one costs.

A page of plain rows the code selected itself (typed columns, see
:mod:`atrium.core.learning.services.reads`) is read with :func:`paginate_prepared` (its SQL
compiled once per shape of the filter: :mod:`atrium.core.prepared`) and answered with
:func:`page_response`: the same JSON Ninja writes after validating it against the page's
schema, without that validation.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar, get_args

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.renderers import JSONRenderer
from pydantic import BaseModel, Field

from atrium.core.domain import InvalidInput
from atrium.core.prepared import PreparedRows

M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 200


class PageParams(Schema):
    cursor: str | None = None
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("Invalid cursor") from exc
    if not isinstance(values, list) or len(values) != 2:
        raise InvalidInput("Invalid cursor")
    return values


def choose_ordering(requested: str | None, allowed: Sequence[str]) -> str:
    """``requested`` if it is one of ``allowed`` (with or without a leading ``-``)."""
    ordering = requested or allowed[0]
    if ordering.lstrip("-") not in {name.lstrip("-") for name in allowed}:
        choices = ", ".join(sorted({name.lstrip("-") for name in allowed}))
        raise InvalidInput(f"Unknown ordering {ordering!r}; order by one of {choices}")
    return ordering


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _ordered_after(
    model: type[Model], ordering: str, params: PageParams
) -> tuple[tuple[str, str], Q]:
    """The page's ordering (then pk), and which rows come after the cursor's position."""
    field = ordering.lstrip("-")
    descending = ordering.startswith("-")
    order = (ordering, "-pk" if descending else "pk")
    if not params.cursor:
        return order, Q()
    value, pk = _decode(params.cursor)
    model_field = model._meta.get_field(field)
    try:
        value = model_field.to_python(value)  # type: ignore[union-attr]
        pk = int(pk)
    except Exception as exc:
        raise InvalidInput("Invalid cursor") from exc
    after = "lt" if descending else "gt"
    return order, Q(**{f"{field}__{after}": value}) | Q(**{field: value, f"pk__{after}": pk})


def _page_of(rows: list[Any], ordering: str, page_size: int) -> tuple[list[Any], str | None]:
    """The page (``rows`` holds one more when another page follows) and the next cursor."""
    if len(rows) <= page_size:
        return rows, None
    rows = rows[:page_size]
    last = rows[-1]
    position = _get(last, ordering.lstrip("-"))
    if hasattr(position, "isoformat"):
        position = position.isoformat()
    return rows, _encode([position, _get(last, "pk" if not isinstance(last, dict) else "id")])


def paginate(
    queryset: QuerySet[M, Any], *, ordering: str, params: PageParams
) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` ordered by ``ordering`` then pk, and the next cursor."""
    order, after = _ordered_after(queryset.model, ordering, params)
    if after:  # empty on the first page
        queryset = queryset.filter(after)
    rows = list(queryset.order_by(*order)[: params.page_size + 1])
    return _page_of(rows, ordering, params.page_size)


def paginate_prepared(
    rows: PreparedRows, where: Q, *, ordering: str, params: PageParams
) -> tuple[list[dict[str, Any]], str | None]:
    """:func:`paginate` for the rows of a hot list, read through a prepared statement."""
    order, after = _ordered_after(rows.model, ordering, params)
    found = rows.fetch(where & after, order_by=order, limit=params.page_size + 1)
    return _page_of(found, ordering, params.page_size)


# core's API renders with Ninja's JSONRenderer, whose encoder (Django's) writes a datetime
# with milliseconds and ``Z`` for UTC.
_renderer = JSONRenderer()
_datetime_json = DjangoJSONEncoder().default


class RowShape:
    """A row as ``schema`` writes it in JSON: its fields in the schema's order, datetimes
    already text (a page's JSON is then written by the C encoder alone)."""

    def __init__(self, schema: type[BaseModel]) -> None:
        fields = schema.model_fields
        self.names = tuple(fields)
        self.datetimes = tuple(
            name
            for name, info in fields.items()
            if datetime in (info.annotation, *get_args(info.annotation))
        )

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        shaped = {name: row[name] for name in self.names}
        for name in self.datetimes:
            if shaped[name] is not None:
                shaped[name] = _datetime_json(shaped[name])
        return shaped


def page_response(
    request: HttpRequest, rows: list[dict[str, Any]], cursor: str | None, shape: RowShape
) -> HttpResponse:
    """The ``Page`` of ``rows`` in the JSON the API writes for it once validated."""
    page = {"results": [shape(row) for row in rows], "next_cursor": cursor}
    content = _renderer.render(request, page, response_status=200)
    return HttpResponse(
        content, content_type=f"{_renderer.media_type}; charset={_renderer.charset}"
    )
