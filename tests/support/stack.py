"""A running Atrium: core, api and a worker as real processes on free loopback ports."""

from __future__ import annotations

import os
import re
import signal
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import httpx

from tests.support.processes import Proc, atrium, http_ok, run_atrium, wait_until
from tests.support.services import free_port

COMMANDS = {
    "core": ("serve", "core"),
    "api": ("serve", "api"),
    "worker": ("worker",),
    "beat": ("beat",),
}


@dataclass
class Stack:
    var_dir: Path
    settings: dict[str, str] = field(default_factory=dict)
    procs: dict[str, Proc] = field(default_factory=dict)
    worker_starts: int = 0  # workers share one log file

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
            # A killed worker's task goes to the next worker after 3 s (embedded broker).
            "BROKER_VISIBILITY_TIMEOUT_S": "3",
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
        for name in names or ("core", "api", "worker"):
            self.spawn(name)
        procs = list(self.procs.values())
        if "core" in self.procs:
            wait_until(http_ok(f"{self.core}/api/v1/docs"), 60, "core", procs)
        if "api" in self.procs:
            wait_until(http_ok(f"{self.api}/healthz"), 60, "api", procs)
        return self

    def spawn(self, name: str) -> Proc:
        self.worker_starts += name == "worker"
        self.procs[name] = atrium(
            name, *COMMANDS[name], env=self.env, logs=self.var_dir / "logs"
        ).start()
        return self.procs[name]

    def stop(self, *names: str) -> None:
        for name in names or tuple(self.procs):
            self.procs[name].stop()

    def kill(self, name: str) -> None:
        """SIGKILL the process and its children: no goodbye, no restored messages."""
        process = self.procs[name].process
        assert process is not None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def worker_ready(self, timeout: float = 60) -> None:
        """The worker started last is consuming: its log says ready once more."""
        proc = self.procs["worker"]
        before = self.worker_starts - 1

        def ready() -> bool:
            return proc.log.read_text(errors="replace").count(" ready.") > before

        wait_until(ready, timeout, "worker ready", [proc])

    def promote_to_staff(self, email: str) -> None:
        code = (
            "from atrium.core.accounts.models import User; "
            f"User.objects.filter(email={email!r}).update(is_staff=True)"
        )
        run_atrium("manage", "shell", "-c", code, env=self.env)

    @cached_property
    def service_key(self) -> dict[str, str]:
        """The service credential's header: health shows it every detail."""
        out = run_atrium("keys", "service-key", "stack-tests", env=self.env)
        secret = re.search(r"^(atr_\S+)$", out, re.MULTILINE)
        assert secret, out
        return {"X-API-Key": secret.group(1)}

    def login(
        self, email: str = "stack@example.com", password: str = "a-long-Passw0rd!"
    ) -> dict[str, str]:
        """Register (once) and log in over HTTP: an Authorization header for core."""
        body = {"email": email, "password": password}
        httpx.post(f"{self.core}/api/v1/auth/register", json=body, timeout=20)
        token = httpx.post(f"{self.core}/api/v1/auth/token", json=body, timeout=20)
        token.raise_for_status()
        return {"Authorization": f"Bearer {token.json()['access_token']}"}

    def health(self, *, details: bool = True) -> httpx.Response:
        headers = self.service_key if details else {}
        return httpx.get(f"{self.core}/api/v1/health/", headers=headers, timeout=20)

    def wait_healthy(self, timeout: float = 60) -> dict[str, dict[str, str]]:
        wait_until(
            lambda: self.health().status_code == 200,
            timeout,
            "all components ok",
            list(self.procs.values()),
        )
        return self.health().json()["components"]
