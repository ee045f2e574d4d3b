"""The AI store on both backends: a fresh pgvector database and a fresh SQLite file."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from atrium.store.db import build_engine
from atrium.store.migrate import upgrade
from tests.support.auth import api_auth  # noqa: F401  (pytest fixture)


def fresh_pgvector_database(server_url: str) -> str:
    """A database of its own on the pgvector server, so tests never see each other's rows."""
    import psycopg

    name = f"ai_{uuid.uuid4().hex[:10]}"
    socket_dir = server_url.split("host=")[1]
    with psycopg.connect(f"host={socket_dir} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+asyncpg://postgres@/{name}?host={socket_dir}"


@pytest.fixture(scope="session")
def ai_store_urls(pgvector_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    urls = {
        "sqlite": f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('ai-store')) / 'ai.db'}",
        "pgvector": fresh_pgvector_database(pgvector_url),
    }
    for url in urls.values():
        upgrade(url)
    return urls


@pytest.fixture(params=["sqlite", "pgvector"])
async def ai_engine(
    request: pytest.FixtureRequest, ai_store_urls: dict[str, str]
) -> AsyncIterator[AsyncEngine]:
    engine = build_engine(ai_store_urls[request.param])
    yield engine
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM ai_item_vectors"))
        await connection.execute(text("DELETE FROM ai_personality_profiles"))
    await engine.dispose()
