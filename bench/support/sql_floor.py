"""Core's two hottest lists written by hand, as the floor a Django view reaches for them.

The same work as Atrium's routes, with nothing between the view and the database driver:
the same access-token check (core's keys, cached), one statement for the caller's
membership, the same SQL the ORM sends for the page (joins and access rules included),
and the rows written with Django's JSON encoder. No ORM, no schema, no cursor, first page
only, PostgreSQL only. Mounted under ``/floor/`` by the benchmark's URLs only; the
benchmark checks that each answers the same rows as Atrium's route before it measures.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path

from atrium.common.tokens import TokenError, verify_access_token
from atrium.config import get_settings
from atrium.core.accounts.auth import public_key_set

MEMBERSHIP = """
SELECT u.id FROM orgs_membership m JOIN accounts_user u ON u.id = m.user_id
WHERE m.user_id = %s AND m.organization_id = %s AND u.is_active LIMIT 1
"""
# Both lists show what the caller may see: published items of published tracks, from the
# public catalog or the caller's organization's.
PROGRESS = """
SELECT p.id, p.user_id, p.item_id, p.status, p.score, p.attempts, p.time_spent_s,
       p.checklist, p.started_at, p.completed_at, p.version, p.updated_at,
       i.slug AS item_slug, i.title AS item_title, i.kind AS item_kind, mo.track_id
FROM learning_progress p
JOIN learning_item i ON i.id = p.item_id
JOIN learning_module mo ON mo.id = i.module_id
JOIN learning_track t ON t.id = mo.track_id
WHERE p.user_id = %s AND (i.organization_id IS NULL OR i.organization_id = %s)
  AND i.state = 'published' AND t.state = 'published'
ORDER BY p.updated_at DESC, p.id DESC LIMIT %s
"""
ITEMS = """
SELECT i.id, i.slug, i.kind, i.title, i.summary, i.body, i.tags, i.difficulty,
       i.estimated_minutes, i.state, i.position, i.module_id, i.organization_id,
       i.created_at, i.updated_at, mo.track_id
FROM learning_item i
JOIN learning_module mo ON mo.id = i.module_id
JOIN learning_track t ON t.id = mo.track_id
WHERE (i.organization_id IS NULL OR i.organization_id = %s)
  AND i.state = 'published' AND t.state = 'published'
ORDER BY i.position, i.id LIMIT %s
"""
PREREQUISITES = """
SELECT from_item_id, to_item_id FROM learning_item_prerequisites
WHERE from_item_id = ANY(%s) ORDER BY to_item_id
"""


def _member(request: HttpRequest) -> tuple[int, int] | None:
    """The caller's (user id, organization id) when the token is good and they belong."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    settings = get_settings()
    try:
        claims = verify_access_token(
            token, public_key_set(), issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
    except TokenError:
        return None
    if scheme.lower() != "bearer" or claims.org_id is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(MEMBERSHIP, [claims.user_id, claims.org_id])
        found = cursor.fetchone() is not None
    return (claims.user_id, claims.org_id) if found else None


def _rows(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _first_page(request: HttpRequest, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The first page: one row more is read, as a cursor pagination does to know whether
    another page follows (the statement's last parameter is its limit)."""
    size = int(request.GET.get("page_size", 50))
    return _rows(sql, [*params, size + 1])[:size]


def progress(request: HttpRequest) -> JsonResponse:
    member = _member(request)
    if member is None:
        return JsonResponse({"detail": "Not authenticated"}, status=401)
    user_id, org_id = member
    rows = _first_page(request, PROGRESS, [user_id, org_id])
    for row in rows:
        row["checklist"] = json.loads(row["checklist"])
    return JsonResponse({"results": rows, "next_cursor": None})


def items(request: HttpRequest) -> JsonResponse:
    member = _member(request)
    if member is None:
        return JsonResponse({"detail": "Not authenticated"}, status=401)
    rows = _first_page(request, ITEMS, [member[1]])
    prerequisites: dict[int, list[int]] = {row["id"]: [] for row in rows}
    for link in _rows(PREREQUISITES, [list(prerequisites)]):
        prerequisites[link["from_item_id"]].append(link["to_item_id"])
    for row in rows:
        row["tags"] = json.loads(row["tags"])
        row["prerequisite_ids"] = prerequisites[row["id"]]
    return JsonResponse({"results": rows, "next_cursor": None})


urlpatterns = [path("progress/", progress), path("items/", items)]
