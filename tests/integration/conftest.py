"""Real servers for the integration layer, each created fresh for the test session."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import services
from tests.support.services import require, tcp_open


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    require("PostgreSQL (127.0.0.1:5432)", lambda: tcp_open("127.0.0.1", 5432))
    url, drop = services.create_postgres_database()
    yield url
    drop()


@pytest.fixture(scope="session")
def mariadb_url() -> Iterator[str]:
    require("MariaDB (127.0.0.1:3306)", lambda: tcp_open(services.MARIADB_HOST, 3306))
    url, drop = services.create_mariadb_database()
    yield url
    drop()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    import redis

    url = services.redis_database()
    require("Redis (127.0.0.1:6379)", lambda: redis.Redis.from_url(url).ping())
    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


@pytest.fixture(scope="session")
def amqp_url() -> Iterator[str]:
    require("RabbitMQ (127.0.0.1:5672)", lambda: tcp_open("127.0.0.1", 5672))
    url, drop = services.create_rabbitmq_vhost()
    yield url
    drop()


@pytest.fixture(scope="session")
def pgvector_url() -> Iterator[str]:
    """A real PostgreSQL 16 with pgvector (the pgserver wheel), on a socket of this run's.

    Run as root, pgserver hands the data directory to its own unprivileged user, which
    must be able to reach it: so it lives directly under the system temp directory, not
    inside pytest's private (0700) tree.
    """
    base = Path(tempfile.mkdtemp(prefix="atrium-pgvector-"))
    base.chmod(0o755)
    runtime = base / "runtime"
    runtime.mkdir(mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)

    def start() -> object:
        import pgserver

        return pgserver.get_server(base / "pgdata", cleanup_mode="stop")

    logging.getLogger("pgserver").setLevel(logging.WARNING)
    servers: list[object] = []
    require("PostgreSQL with pgvector (pgserver)", lambda: servers.append(start()))
    server = servers[0]
    socket_dir = server.get_uri().split("host=")[1]  # type: ignore[attr-defined]
    yield f"postgresql+asyncpg://postgres@/postgres?host={socket_dir}"
    server.cleanup()  # type: ignore[attr-defined]
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def s3_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real S3-compatible HTTP server (moto) with a fresh bucket.

    Yields the environment that points a process (or the settings) at it:
    ``STORAGE_URL``, ``STORAGE_ENDPOINT_URL`` and the AWS credentials.
    """
    workdir = tmp_path_factory.mktemp("s3")
    holder: list[tuple[dict[str, str], Callable[[], None]]] = []
    require("moto's S3 server", lambda: holder.append(services.start_s3_server(workdir)))
    env, stop = holder[0]
    yield env
    stop()
