"""Alembic environment for the AI store, on the async engine."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from atrium.ai import models as ai_models  # noqa: F401  (registers the tables on Base.metadata)
from atrium.config import get_settings
from atrium.integrations import models as integrations_models  # noqa: F401
from atrium.store.db import Base, build_engine

target_metadata = Base.metadata


def _url() -> str:
    return context.config.get_main_option("sqlalchemy.url") or get_settings().ai_store_url


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = build_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
