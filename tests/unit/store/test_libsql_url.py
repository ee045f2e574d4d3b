"""libSQL URLs for the AI store: what settings refuse and what the driver is asked to open."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from atrium.config import Settings
from atrium.store.libsql import LibsqlTarget, is_libsql_url

REPLICA = "sqlite+libsql:////srv/ai.db?sync_url=libsql://db-org.turso.io&sync_interval=30"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("libsql://db-org.turso.io?authToken=abc", "AI_DATABASE_AUTH_TOKEN"),
        ("sqlite+libsql:////srv/ai.db?auth_token=abc", "AI_DATABASE_AUTH_TOKEN"),
        ("libsql://", "needs a host"),
        ("sqlite+libsql://db-org.turso.io/ai.db", "file path"),
        ("sqlite+libsql:////srv/ai.db?mode=ro", "unknown libSQL options"),
        ("sqlite+libsql:////srv/ai.db?sync_url=ftp://x", "sync_url"),
        ("sqlite+libsql:////srv/ai.db?sync_url=libsql://x&sync_interval=-1", "sync_interval"),
        ("sqlite+libsql:////srv/ai.db?sync_url=libsql://x&sync_interval=soon", "sync_interval"),
    ],
)
def test_bad_libsql_urls_are_refused_at_start(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(ai_database_url=url)


@pytest.mark.parametrize("url", ["libsql://db-org.turso.io", REPLICA, "sqlite+libsql:///ai.db"])
def test_good_libsql_urls_are_kept(url: str) -> None:
    assert Settings(ai_database_url=url, ai_database_auth_token="t").ai_store_url == url


def test_other_databases_are_not_libsql() -> None:
    assert not is_libsql_url("sqlite+aiosqlite:///ai.db")
    assert not is_libsql_url("postgresql+asyncpg://db/ai")
    assert is_libsql_url("libsql://db-org.turso.io")


def test_the_driver_opens_the_file_the_replica_or_the_remote_database() -> None:
    assert LibsqlTarget.from_url("sqlite+libsql:////srv/ai.db") == LibsqlTarget("/srv/ai.db")
    assert LibsqlTarget.from_url(REPLICA) == LibsqlTarget(
        "/srv/ai.db", sync_url="libsql://db-org.turso.io", sync_interval=30.0
    )
    remote = "libsql://db-org.turso.io"
    assert LibsqlTarget.from_url(remote) == LibsqlTarget(remote)
