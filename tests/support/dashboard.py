"""The whole product on loopback for browser tests.

Core, api and a worker (the :class:`Stack`), the fake upstream every connector points at,
the composed gateway, and the dashboard's production build under ``next start``: all on
free ports, reached by the browser through the gateway alone.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.processes import Proc, atrium, http_ok, run_atrium, wait_until
from tests.support.services import free_port
from tests.support.stack import Stack

FRONTEND = Path(__file__).parents[2] / "frontend"
NEXT = FRONTEND / "node_modules" / ".bin" / "next"
CHROMIUM = Path("/usr/bin/chromium")


def missing_prerequisite() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if shutil.which("node") is None:
        return "node is not on the PATH"
    if not (FRONTEND / ".next" / "BUILD_ID").exists():
        return "the dashboard is not built (make web-build)"
    return None


@dataclass
class LiveDashboard:
    var_dir: Path
    settings: dict[str, str] = field(default_factory=dict)
    procs: list[Proc] = field(default_factory=list)

    def __post_init__(self) -> None:
        from atrium.integrations.fake.app import settings_for

        self.upstream_port, self.web_port, self.gateway_port = free_port(), free_port(), free_port()
        self.web = f"http://127.0.0.1:{self.web_port}"
        self.url = f"http://127.0.0.1:{self.gateway_port}"
        upstream = settings_for(f"http://127.0.0.1:{self.upstream_port}")
        self.mail_dir = self.var_dir / "mail"  # each email a file, as Django's file backend writes
        mail = {"EMAIL_URL": f"file://{self.mail_dir}"}
        self.stack = Stack(
            self.var_dir, settings={**upstream, **mail, "WEB_URL": self.web, **self.settings}
        )
        logs = self.var_dir / "logs"
        self.upstream = atrium(
            "upstream", "fake-upstream", "--port", str(self.upstream_port), env={}, logs=logs
        )
        self.gateway = atrium(
            "gateway",
            "serve",
            "gateway",
            "--port",
            str(self.gateway_port),
            "--workers",
            "1",
            env=self.stack.env,
            logs=logs,
        )
        self.next = Proc(
            "web",
            [str(NEXT), "start", str(FRONTEND), "-H", "127.0.0.1", "-p", str(self.web_port)],
            {"NEXT_TELEMETRY_DISABLED": "1", "NODE_ENV": "production"},
            logs / "web.log",
        )

    def start(self) -> LiveDashboard:
        self.procs = [self.upstream.start(), self.next.start()]
        self.stack.start("core", "api", "worker")
        run_atrium("seed", env=self.stack.env)  # the demo catalog
        self.procs += [*self.stack.procs.values(), self.gateway.start()]
        wait_until(http_ok(f"{self.web}/login"), 60, "next start", self.procs)
        wait_until(http_ok(f"{self.url}/api/v1/health/"), 60, "the gateway", self.procs)
        return self

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {proc.name}\n{proc.tail(60)}" for proc in self.procs)
