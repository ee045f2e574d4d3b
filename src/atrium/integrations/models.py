"""Snapshots of upstream data in the AI store, one row per date (so syncs are idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, func
from sqlalchemy.orm import Mapped, mapped_column

from atrium.store.db import Base


class ApodSnapshot(Base):
    """The normalized APOD entry of one day."""

    __tablename__ = "integrations_apod_snapshots"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    entry: Mapped[dict[str, Any]] = mapped_column(JSON)
    fetched_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class NeoDaySnapshot(Base):
    """The normalized near-Earth objects passing on one day."""

    __tablename__ = "integrations_neo_day_snapshots"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    asteroids: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    fetched_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
