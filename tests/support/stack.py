"""A running Atrium: core, api and a worker as real processes on free loopback ports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support.processes import Proc, atrium, http_ok, run_atrium, wait_until
from tests.support.services import free_port


@dataclass
class Stack:
    var_dir: Path
    settings: dict[str, str] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.core_port, self.api_port = free_port(), free_port()
        self.env = {
            "ATRIUM_ENV": "test",
            "ATRIUM_VAR_DIR": str(self.var_dir),
            "CORE_PORT": str(self.core_port),
            "API_PORT": str(self.api_port),
            "CORE_URL": f"http://127.0.0.1:{self.core_port}",
            "API_URL": f"http://127.0.0.1:{self.api_port}",
            "WEB_CONCURRENCY": "2",
            "HEALTH_TIMEOUT_S": "3",
            **self.settings,
        }

    @property
    def core(self) -> str:
        return self.env["CORE_URL"]

    @property
    def api(self) -> str:
        return self.env["API_URL"]

    def start(self, *names: str) -> Stack:
        run_atrium("migrate", env=self.env)
        commands = {
            "core": ("serve", "core"),
            "api": ("serve", "api"),
            "worker": ("worker",),
            "beat": ("beat",),
        }
        for name in names or ("core", "api", "worker"):
            self.procs[name] = atrium(
                name, *commands[name], env=self.env, logs=self.var_dir / "logs"
            ).start()
        procs = list(self.procs.values())
        if "core" in self.procs:
            wait_until(http_ok(f"{self.core}/api/v1/docs"), 60, "core", procs)
        if "api" in self.procs:
            wait_until(http_ok(f"{self.api}/healthz"), 60, "api", procs)
        return self

    def stop(self, *names: str) -> None:
        for name in names or tuple(self.procs):
            self.procs[name].stop()

    def login(
        self, email: str = "stack@example.com", password: str = "a-long-Passw0rd!"
    ) -> dict[str, str]:
        """Register (once) and log in over HTTP: an Authorization header for core."""
        body = {"email": email, "password": password}
        httpx.post(f"{self.core}/api/v1/auth/register", json=body, timeout=20)
        token = httpx.post(f"{self.core}/api/v1/auth/token", json=body, timeout=20)
        token.raise_for_status()
        return {"Authorization": f"Bearer {token.json()['access_token']}"}

    def health(self) -> httpx.Response:
        return httpx.get(f"{self.core}/api/v1/health/", timeout=20)

    def wait_healthy(self, timeout: float = 60) -> dict[str, dict[str, str]]:
        wait_until(
            lambda: self.health().status_code == 200,
            timeout,
            "all components ok",
            list(self.procs.values()),
        )
        return self.health().json()["components"]
