"""Scheduled syncs and the backfill command store snapshots idempotently, by date."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from atrium.config import get_settings
from atrium.integrations import tasks
from atrium.integrations.fake.app import FakeServer, settings_for
from atrium.tasks.app import celery_app
from atrium.tasks.schedule import BEAT_SCHEDULE
from tests.support.processes import run_atrium


def test_beat_syncs_apod_and_the_neo_feed_daily_on_the_integrations_queue() -> None:
    tasks_by_name = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {"atrium.integrations.sync_apod", "atrium.integrations.sync_neo_feed"} <= tasks_by_name
    for name in ("atrium.integrations.sync_apod", "atrium.integrations.sync_neo_feed"):
        assert name in celery_app.tasks
        assert celery_app.amqp.router.route({}, name)["queue"].name == "integrations"


def test_the_daily_tasks_store_one_snapshot_per_date(
    fake: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atrium.store.migrate import upgrade

    upgrade()
    settings = get_settings()
    monkeypatch.setattr(settings, "nasa_base_url", f"{fake.url}/nasa")
    assert tasks.sync_apod("2021-11-07") == "2021-11-07"
    assert tasks.sync_apod("2021-11-07") == "2021-11-07"
    assert tasks.sync_neo_feed("2021-11-07") == "2021-11-07"
    database = settings.ai_store_url.split("///", 1)[1]
    with sqlite3.connect(database) as db:
        days = db.execute("SELECT day FROM integrations_apod_snapshots").fetchall()
        neo = db.execute("SELECT count(*) FROM integrations_neo_day_snapshots").fetchone()
    assert days.count(("2021-11-07",)) == 1
    assert neo[0] >= 1


def test_backfill_stores_every_day_and_reports_progress(fake: FakeServer, tmp_path: Path) -> None:
    env = {
        "ATRIUM_ENV": "test",
        "ATRIUM_VAR_DIR": str(tmp_path),
        # A key of its own: DEMO_KEY's 30 requests an hour would make the backfill wait.
        "NASA_API_KEY": "test-key",
        **settings_for(fake.url),
    }
    run_atrium("migrate", env=env)
    until = dt.date(2021, 3, 10)
    out = run_atrium("sync", "nasa", "--since", "2021-01-01", "--until", until.isoformat(), env=env)
    assert "Stored NASA snapshots for 69 days" in out
    assert "78/78" in out, "one step per APOD day and one per 8-day NEO window"
    again = run_atrium("sync", "nasa", "--since", "2021-03-01", "--until", "2021-03-10", env=env)
    assert "for 10 days" in again
    with sqlite3.connect(tmp_path / "ai.sqlite3") as db:
        apod = db.execute("SELECT count(*), min(day), max(day) FROM integrations_apod_snapshots")
        assert apod.fetchone() == (69, "2021-01-01", "2021-03-10")
        neo = db.execute("SELECT count(*) FROM integrations_neo_day_snapshots").fetchone()
        assert neo == (69,)
    nasa = fake.control.requests("nasa")
    apod_calls = [seen for seen in nasa if seen.path.endswith("/apod")]
    assert len(apod_calls) == 3 + 1, "APOD is fetched in ranges of 30 days"


def test_backfill_refuses_dates_before_the_archive(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="--since must be between"):
        run_atrium("sync", "nasa", "--since", "1990-01-01", env={"ATRIUM_VAR_DIR": str(tmp_path)})
