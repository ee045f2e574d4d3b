"""How many SQL queries each list endpoint runs, at two page sizes, on the current database.

Used by the unit tests (SQLite) and, in a subprocess pointed at PostgreSQL, by the
integration tests: the same data, the same requests, the same counts expected.
"""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from atrium.core.learning.models import Item, ItemKind, Progress
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.progress import put_progress
from tests.support.auth import bearer_for, make_user, member_of

SMALL, LARGE = 5, 50


def _build() -> tuple[dict[str, str], dict[str, str]]:
    from tests.unit.learning.conftest import make_track

    learner = make_user("counted@example.com")
    org = member_of(learner, "admin")
    track = make_track("counted", modules=2, items=30, kind=ItemKind.QUIZ)
    make_track("counted-org", org=org, modules=1, items=5)
    items = list(Item.objects.filter(module__track=track))
    for n, item in enumerate(items[1:], start=1):
        item.prerequisites.set([items[n - 1]])
    for item in items:
        put_progress(user_id=learner.pk, item=item, update=ProgressUpdate(status="in_progress"))
    first = items[0]
    for seconds in range(1, LARGE + 2):
        update = ProgressUpdate(status="in_progress", time_spent_s=seconds)
        put_progress(user_id=learner.pk, item=first, update=update)
    assert Progress.objects.count() >= LARGE + 1
    urls = {
        "tracks": "/api/v1/catalog/tracks",
        "items": "/api/v1/catalog/items",
        "modules": f"/api/v1/catalog/tracks/{track.pk}/modules",
        "progress": f"/api/v1/progress/?user={learner.pk}",
        "progress_by_track": f"/api/v1/progress/?track={track.pk}",
        "progress_of_everyone": "/api/v1/progress/?everyone=true",
        "events": f"/api/v1/progress/{first.pk}/events",
    }
    return urls, bearer_for(learner, org)


def measure() -> dict[str, dict[int, int]]:
    """{endpoint: {page size: queries}} for every list endpoint."""
    urls, auth = _build()
    client = Client()
    counts: dict[str, dict[int, int]] = {}
    for name, url in urls.items():
        counts[name] = {}
        for size in (SMALL, LARGE):
            sep = "&" if "?" in url else "?"
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"{url}{sep}page_size={size}", **auth)
            assert response.status_code == 200, (url, response.content)
            counts[name][size] = len(captured)
    return counts
