"""A page of plain rows is answered with the JSON Ninja writes once it has validated it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import RequestFactory
from pydantic import BaseModel

from atrium.core.api import api
from atrium.core.learning.pagination import RowShape, page_response
from atrium.core.learning.schemas import ItemPage, ItemRead, ProgressPage, ProgressRead

MOMENTS = (
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 1_000, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 999_999, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 500, tzinfo=UTC),
)


def progress_row(n: int) -> dict[str, Any]:
    moment = MOMENTS[n % len(MOMENTS)]
    return {
        "created_at": moment,  # selected, not in the schema
        "updated_at": moment,
        "version": n + 1,
        "completed_at": None if n % 2 else moment,
        "started_at": moment if n % 3 else None,
        "checklist": [0, 2] if n % 2 else [],
        "time_spent_s": 60 * n,
        "attempts": n,
        "track_id": 7,
        "item_kind": "quiz",
        "item_title": f'Café — naïve ☃ "{n}" \\ \u2028',
        "item_slug": f"item-{n}",
        "item_id": 100 + n,
        "user_id": 3,
        "id": n + 1,
        "score": None if n % 2 else 70,
        "status": "completed" if n % 2 else "in_progress",
    }


def item_row(n: int) -> dict[str, Any]:
    moment = MOMENTS[n % len(MOMENTS)]
    return {
        "updated_at": moment,
        "created_at": MOMENTS[(n + 1) % len(MOMENTS)],
        "prerequisite_ids": [1, 3] if n % 2 else [],
        "organization_id": None if n % 2 else 4,
        "track_id": 2,
        "module_id": 5,
        "slug": f"item-{n}",
        "id": n + 1,
        "position": n,
        "state": "published",
        "estimated_minutes": 10,
        "difficulty": 1 + n % 5,
        "tags": ["ünï", "bench"],
        "body": "Ünïcødé body 𝄞",
        "summary": "",
        "title": f"Item {n}",
        "kind": "lab",
    }


@pytest.mark.parametrize(
    ("page_schema", "row_schema", "row"),
    [(ProgressPage, ProgressRead, progress_row), (ItemPage, ItemRead, item_row)],
)
@pytest.mark.parametrize("cursor", [None, "WyIyMDI2IiwgM10"])
def test_a_page_of_rows_is_the_json_ninja_writes_after_validating_it(
    page_schema: type[BaseModel], row_schema: type[BaseModel], row: Any, cursor: str | None
) -> None:
    request = RequestFactory().get("/")
    rows = [row(n) for n in range(12)]
    validated = page_schema.model_validate({"results": rows, "next_cursor": cursor})
    expected = api.create_response(request, validated.model_dump(), status=200)

    answered = page_response(request, rows, cursor, RowShape(row_schema))

    assert answered.content == expected.content
    assert answered["Content-Type"] == expected["Content-Type"]
    assert answered.status_code == expected.status_code == 200
