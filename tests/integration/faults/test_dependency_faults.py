"""core and api as real processes while their servers fail: PostgreSQL stopped and frozen,
Redis restarted and frozen, api stopped.

The test starts its own PostgreSQL cluster and redis-server on free loopback ports (never
the machine's) and signals them by the PIDs it started. The deadlines are the settings'
(docs/operations.md, "Faults survived"), shortened so a frozen server is given up on in
seconds; each request is sent with a client timeout well above the stated deadline, so an
answer at all means the deadline held.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest

from atrium.common.deadlines import GRACE_S
from atrium.integrations.fake.app import FakeServer, settings_for
from tests.support.private_servers import PrivatePostgres, PrivateRedis, private_root
from tests.support.processes import wait_until
from tests.support.services import free_port, require
from tests.support.stack import Stack

CONNECT_S, STATEMENT_S, REDIS_S = 2, 2, 1
# The longest a request may wait on a frozen database: the pooled connection's reply, then
# a new connection's handshake.
STATED_DEADLINE_S = STATEMENT_S + GRACE_S + CONNECT_S
CLIENT_TIMEOUT_S = STATED_DEADLINE_S + 15  # generous: only "it answered" is asserted
RECOVERY_S = 60

CATALOG = "/api/v1/catalog/items"
CONVERSATIONS = "/api/v1/chat/conversations"
SPELLS = "/api/v1/integrations/potter/spells"


@dataclass
class Faults:
    stack: Stack
    postgres: PrivatePostgres
    redis: PrivateRedis
    auth: dict[str, str]

    def core(self, path: str) -> httpx.Response:
        return httpx.get(self.stack.core + path, headers=self.auth, timeout=CLIENT_TIMEOUT_S)

    def api(self, path: str) -> httpx.Response:
        return httpx.get(self.stack.api + path, headers=self.auth, timeout=CLIENT_TIMEOUT_S)

    def served(self) -> None:
        """core's and api's database routes answer again: neither was restarted."""
        for name in ("core", "api"):
            assert self.stack.procs[name].alive(), f"{name} exited"
        wait_until(lambda: self.core(CATALOG).status_code == 200, RECOVERY_S, "core recovers")
        wait_until(lambda: self.api(CONVERSATIONS).status_code == 200, RECOVERY_S, "api recovers")
        for name in ("core", "api"):
            assert self.stack.procs[name].alive(), f"{name} exited"
        core_log = self.stack.procs["core"].log.read_text(errors="replace")
        assert "WORKER TIMEOUT" not in core_log, "gunicorn killed a worker stuck on a request"


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faults]:
    require("redis-server", lambda: PrivateRedis.binary())
    require("PostgreSQL binaries (the pgserver wheel)", lambda: PrivatePostgres.binaries())
    postgres = PrivatePostgres(private_root("atrium-faults-pg-")).create()
    redis = PrivateRedis(private_root("atrium-faults-redis-")).start()
    try:
        with FakeServer(free_port()) as fake:
            settings = {
                "DATABASE_URL": postgres.create_database("core"),
                "AI_DATABASE_URL": postgres.create_database("ai", "postgresql+asyncpg"),
                "REDIS_URL": redis.url,
                "DATABASE_CONNECT_TIMEOUT_S": str(CONNECT_S),
                "DATABASE_STATEMENT_TIMEOUT_S": str(STATEMENT_S),
                "REDIS_TIMEOUT_S": str(REDIS_S),
                **settings_for(fake.url),
            }
            stack = Stack(tmp_path_factory.mktemp("faults-stack"), settings)
            try:
                stack.start("core", "api")
                yield Faults(stack, postgres, redis, stack.login("faults@example.com"))
            finally:
                stack.stop()
    finally:
        redis.remove()
        postgres.remove()


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["detail"]
    assert int(response.headers["Retry-After"]) >= 1


def assert_alive(faults: Faults) -> None:
    for base in (faults.stack.core, faults.stack.api):
        assert httpx.get(f"{base}/healthz", timeout=CLIENT_TIMEOUT_S).status_code == 200


@pytest.mark.timeout(120)
def test_a_stopped_database_is_503_at_once_and_the_processes_recover(faults: Faults) -> None:
    assert faults.core(CATALOG).status_code == 200
    assert faults.api(CONVERSATIONS).status_code == 200

    faults.postgres.stop()
    assert_unavailable(faults.core(CATALOG))
    assert_unavailable(faults.api(CONVERSATIONS))
    assert_alive(faults)
    readiness = httpx.get(f"{faults.stack.core}/readyz", timeout=CLIENT_TIMEOUT_S)
    assert readiness.status_code == 503
    assert readiness.json()["components"]["database"]["status"] == "down"

    faults.postgres.start()
    faults.served()


@pytest.mark.timeout(120)
def test_a_frozen_database_is_503_within_the_deadline_and_liveness_holds(faults: Faults) -> None:
    faults.served()
    with faults.postgres.server.frozen(), ThreadPoolExecutor(2) as pool:
        core = pool.submit(faults.core, CATALOG)
        api = pool.submit(faults.api, CONVERSATIONS)
        assert_alive(faults)  # while both requests wait on the frozen database
        assert_unavailable(core.result())
        assert_unavailable(api.result())
        readiness = httpx.get(f"{faults.stack.core}/readyz", timeout=CLIENT_TIMEOUT_S)
        assert readiness.status_code == 503
        api_readiness = httpx.get(f"{faults.stack.api}/readyz", timeout=CLIENT_TIMEOUT_S)
        assert api_readiness.status_code == 503
        assert api_readiness.json()["components"]["ai_store"]["status"] == "down"
    faults.served()


def login(faults: Faults) -> httpx.Response:
    body = {"email": "faults@example.com", "password": "a-long-Passw0rd!"}
    return httpx.post(f"{faults.stack.core}/api/v1/auth/token", json=body, timeout=CLIENT_TIMEOUT_S)


def assert_served_without_redis(faults: Faults) -> None:
    """What needs no Redis answers; the login throttle, which does, refuses (fails closed)."""
    assert faults.core(CATALOG).status_code == 200
    assert faults.api(CONVERSATIONS).status_code == 200
    # The cache misses and the rate limit counts in this process: the upstream answers.
    assert faults.api(SPELLS).status_code == 200
    assert_unavailable(login(faults))
    core_ready = httpx.get(f"{faults.stack.core}/readyz", timeout=CLIENT_TIMEOUT_S)
    api_ready = httpx.get(f"{faults.stack.api}/readyz", timeout=CLIENT_TIMEOUT_S)
    for readiness in (core_ready, api_ready):
        assert readiness.status_code == 200, readiness.text
        assert readiness.json()["components"]["cache"]["status"] == "degraded"


@pytest.mark.timeout(120)
def test_redis_stopped_frozen_and_restarted_degrades_as_documented(faults: Faults) -> None:
    faults.served()
    assert faults.api(SPELLS).status_code == 200
    assert login(faults).status_code == 200

    faults.redis.stop()
    assert_served_without_redis(faults)
    faults.redis.start()  # empty: throttling counts and cached answers are gone
    wait_until(lambda: login(faults).status_code == 200, RECOVERY_S, "login with Redis back")

    with faults.redis.server.frozen():
        assert_served_without_redis(faults)
    wait_until(lambda: login(faults).status_code == 200, RECOVERY_S, "login after the thaw")
    assert faults.api(SPELLS).status_code == 200


@pytest.mark.timeout(120)
def test_with_api_stopped_core_serves_and_its_health_names_api_down(faults: Faults) -> None:
    """The module's last test: api stays stopped."""
    faults.served()
    faults.stack.stop("api")
    assert faults.core(CATALOG).status_code == 200
    components = faults.stack.health(details=False).json()["components"]
    assert components["api"]["status"] == "down"
    assert components["ai_store"]["status"] == "down"  # core learns of it from api
    assert components["database"]["status"] == "ok"
