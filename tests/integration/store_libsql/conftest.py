"""The AI store's fixtures, on a libSQL file opened by Turso's driver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from atrium.api import deps
from atrium.config import get_settings
from atrium.store.migrate import upgrade
from tests.integration.ai.conftest import ai_engine  # noqa: F401  (pytest fixture)


@pytest.fixture(scope="session")
def ai_store_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    url = f"sqlite+libsql:///{tmp_path_factory.mktemp('libsql') / 'ai.db'}"
    upgrade(url)
    return {"libsql": url}


@pytest.fixture(scope="module")
def libsql_settings(ai_store_urls: dict[str, str]) -> Iterator[None]:
    """Settings, and api's engine, on the libSQL file for the tests of one module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AI_DATABASE_URL", ai_store_urls["libsql"])
        get_settings.cache_clear()
        deps.get_engine.cache_clear()
        yield
    get_settings.cache_clear()
    deps.get_engine.cache_clear()
