"""Celery tasks of the integrations domain (queue ``integrations``), scheduled daily by beat."""

from __future__ import annotations

import asyncio
import datetime as dt

from atrium.integrations.sync import sync_today
from atrium.tasks.app import celery_app


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@celery_app.task(
    name="atrium.integrations.sync_apod",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
)
def sync_apod(day: str | None = None) -> str:
    """Store the APOD snapshot of ``day`` (today by default). Idempotent by date."""
    return asyncio.run(sync_today("apod", _day(day)))


@celery_app.task(
    name="atrium.integrations.sync_neo_feed",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=5,
)
def sync_neo_feed(day: str | None = None) -> str:
    """Store the NEO feed snapshot of ``day`` (today by default). Idempotent by date."""
    return asyncio.run(sync_today("neo", _day(day)))
