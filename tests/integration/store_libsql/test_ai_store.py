"""The AI tests that touch the store, run again on libSQL, and its migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.store.db import Base
from atrium.store.migrate import current_revisions, head_revisions
from tests.integration.ai.test_indexing import (  # noqa: F401  (collected here on libSQL)
    test_an_older_event_does_not_overwrite_a_newer_one,
    test_items_are_embedded_only_when_their_text_changes,
    test_reindex_re_embeds_every_item,
    test_removal_is_idempotent_and_private_items_stay_private,
)
from tests.integration.ai.test_vector_stores import (  # noqa: F401
    test_another_process_sees_writes,
    test_nearest_items_come_first,
    test_search_stays_in_scope,
    test_the_embedded_store_switches_to_hnsw_above_its_threshold,
    test_upsert_and_delete_are_idempotent,
)

pytestmark = [
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.parametrize("ai_engine", ["libsql"], indirect=True),
]


async def test_the_migrations_reach_every_head(ai_engine: AsyncEngine) -> None:
    assert ai_engine.driver == "aiolibsql"
    assert await current_revisions(ai_engine) == head_revisions()
    async with ai_engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert set(Base.metadata.tables) <= tables


async def test_database_errors_are_sqlalchemys_as_on_sqlite(ai_engine: AsyncEngine) -> None:
    async with ai_engine.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS keyed (k TEXT PRIMARY KEY)"))
        await connection.execute(text("DELETE FROM keyed"))
        await connection.execute(text("INSERT INTO keyed VALUES ('a')"))
    with pytest.raises(IntegrityError, match="UNIQUE constraint failed"):
        async with ai_engine.begin() as connection:
            await connection.execute(text("INSERT INTO keyed VALUES ('a')"))
    with pytest.raises(OperationalError, match="no such table"):
        async with ai_engine.connect() as connection:
            await connection.execute(text("SELECT * FROM no_such_table"))
