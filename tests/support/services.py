"""The machine's real servers, and what a test does when one is missing.

Locally a missing server skips the test with the reason; in CI (``CI=true``) it fails,
so a green CI run means the integration tests really ran.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

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


S3_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "atrium-test",
    "AWS_SECRET_ACCESS_KEY": "atrium-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def start_s3_server(workdir: Path) -> tuple[dict[str, str], Callable[[], None]]:
    """moto's S3 server on a free loopback port, with a bucket of this run's.

    Returns the environment that points Atrium at it (``STORAGE_URL``,
    ``STORAGE_ENDPOINT_URL`` and the AWS credentials) and a function that stops it.
    """
    import boto3

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = (workdir / "moto.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def stop() -> None:
        server.terminate()
        server.wait(timeout=10)
        log.close()

    try:
        wait_for(lambda: tcp_open("127.0.0.1", port), timeout=30)
        bucket = unique_name("atrium-test").replace("_", "-")
        client = boto3.client("s3", endpoint_url=endpoint, **_boto_credentials())
        client.create_bucket(Bucket=bucket)
    except Exception:
        stop()
        raise
    env = {"STORAGE_URL": f"s3://{bucket}/run", "STORAGE_ENDPOINT_URL": endpoint, **S3_TEST_ENV}
    return env, stop


def _boto_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": S3_TEST_ENV["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3_TEST_ENV["AWS_SECRET_ACCESS_KEY"],
        "region_name": S3_TEST_ENV["AWS_DEFAULT_REGION"],
    }


def wait_for(probe: Callable[[], object], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            probe()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
