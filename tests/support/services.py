"""The machine's real servers, and what a test does when one is missing.

Locally a missing server skips the test with the reason; in CI (``CI=true``) it fails,
so a green CI run means the integration tests really ran.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Callable
from contextlib import closing

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
MARIADB_HOST = os.environ.get("TEST_MARIADB_HOST", "127.0.0.1")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672")


def require(name: str, probe: Callable[[], object]) -> None:
    """Run ``probe``; if it fails, skip (locally) or fail (in CI) naming the server."""
    try:
        probe()
    except Exception as exc:
        reason = f"{name} is not reachable: {type(exc).__name__}: {exc}"
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: integration servers are required)")
        pytest.skip(reason)


def tcp_open(host: str, port: int) -> None:
    with closing(socket.create_connection((host, port), timeout=2)):
        pass


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def unique_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def create_postgres_database() -> tuple[str, Callable[[], None]]:
    import psycopg

    name = unique_name("atrium_test")
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}", drop


def create_mariadb_database() -> tuple[str, Callable[[], None]]:
    import pymysql

    name = unique_name("atrium_test")
    conn = pymysql.connect(host=MARIADB_HOST, user="root", password="", connect_timeout=3)
    with closing(conn), conn.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")

    def drop() -> None:
        conn = pymysql.connect(host=MARIADB_HOST, user="root", password="")
        with closing(conn), conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")

    return f"mysql://root:@{MARIADB_HOST}:3306/{name}", drop


def create_rabbitmq_vhost() -> tuple[str, Callable[[], None]]:
    """A vhost of its own, so no other run's worker takes this run's tasks."""
    name = unique_name("atrium_test")

    def ctl(*args: str) -> None:
        subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)

    ctl("add_vhost", name)
    ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    return f"{AMQP_URL}/{name}", lambda: ctl("delete_vhost", name)


def redis_database() -> str:
    """A Redis database number of this run's (1 to 15, by process id), flushed by the caller."""
    return f"{REDIS_URL}/{1 + os.getpid() % 15}"
