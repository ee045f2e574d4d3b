"""The demo's ML data as a day of use leaves it, so the ML page has drift to draw.

`atrium seed` queues a training job that promotes the demo model; once it serves, a batch of
the cohort's open items is scored through the gateway and the daily monitoring job runs.
"""

from __future__ import annotations

import sqlite3
import time

import httpx

from atrium.core.seed import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.support.dashboard import LiveDashboard
from tests.support.processes import run_atrium

MODEL = "completion"
PAIRS = 200  # the monitoring job measures drift from 50 logged inputs up


def demo_admin(live: LiveDashboard) -> dict[str, str]:
    body = {"email": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD}
    token = httpx.post(f"{live.url}/api/v1/auth/token", json=body, timeout=30)
    token.raise_for_status()
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def wait_for_production(live: LiveDashboard, headers: dict[str, str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        models = httpx.get(f"{live.url}/api/v1/ml/models", headers=headers, timeout=30).json()
        if any(model["name"] == MODEL and model["production"] for model in models):
            return
        time.sleep(1)
    raise TimeoutError(f"the demo's {MODEL} model never reached production:\n{live.logs()}")


def open_pairs(live: LiveDashboard, count: int) -> list[dict[str, int]]:
    with sqlite3.connect(live.var_dir / "core.sqlite3") as db:
        rows = db.execute(
            "SELECT user_id, item_id FROM learning_progress WHERE status = 'in_progress' "
            "ORDER BY id LIMIT ?",
            (count,),
        ).fetchall()
    return [{"learner_id": user, "item_id": item} for user, item in rows]


def serve_a_day(live: LiveDashboard) -> None:
    """The seeded model serves a batch of predictions, then the daily monitoring job runs."""
    headers = demo_admin(live)
    wait_for_production(live, headers)
    url = f"{live.url}/api/v1/ml/models/{MODEL}/predict"
    scored = httpx.post(url, json={"pairs": open_pairs(live, PAIRS)}, headers=headers, timeout=60)
    assert scored.status_code == 200, scored.text
    run_atrium("ml", "monitor", env=live.stack.env)
