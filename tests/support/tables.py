"""Every table's row count and a checksum of its rows, to compare a database before and after."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Sequence
from typing import Any

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SAWarning

SYNC_DRIVERS = {"aiosqlite": "sqlite", "asyncpg": "postgresql+psycopg"}


def sync_url(url: str) -> str:
    """The same database through a synchronous driver."""
    parsed = make_url(url)
    driver = SYNC_DRIVERS.get(parsed.get_driver_name())
    if parsed.get_backend_name() == "mysql":
        driver = "mysql+pymysql"
    return parsed.set(drivername=driver).render_as_string(False) if driver else url


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """``{table: (row count, sha256 of its rows in primary-key order)}``."""
    engine = create_engine(sync_url(url))
    try:
        metadata = MetaData()
        with warnings.catch_warnings():  # expression indexes are not needed to read rows
            warnings.simplefilter("ignore", SAWarning)
            metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                table.name: _fingerprint(
                    connection.execute(
                        select(table).order_by(*(table.primary_key.columns or table.columns))
                    ).all()
                )
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _fingerprint(rows: Sequence[Any]) -> tuple[int, str]:
    text = "\n".join(repr(tuple(row)) for row in rows)
    return len(rows), hashlib.sha256(text.encode()).hexdigest()
