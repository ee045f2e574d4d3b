"""A private RabbitMQ node for fault tests, on free loopback ports and in a folder of the
test's: ``atrium-test-<random>@localhost``, no plugins, stopped and restarted by the PID
the test started (the machine's broker is never touched). Its durable queues and
persistent messages survive a restart, as a real node's do."""

from __future__ import annotations

import contextlib
import signal
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.support.private_servers import ServerProcess
from tests.support.services import free_port, wait_for

RABBITMQ_SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")


@dataclass
class PrivateRabbitMQ:
    root: Path
    port: int = field(default_factory=free_port)
    dist_port: int = field(default_factory=free_port)
    name: str = field(default_factory=lambda: f"atrium-test-{uuid.uuid4().hex[:8]}@localhost")

    def __post_init__(self) -> None:
        if not RABBITMQ_SERVER.exists():
            raise FileNotFoundError(f"{RABBITMQ_SERVER} is not installed")
        (self.root / "enabled_plugins").write_text("[].\n")
        (self.root / "rabbitmq-env.conf").write_text("")  # not the machine's node settings
        settings = [f"{name}={value}" for name, value in self._environment().items()]
        argv = ["env", *settings, str(RABBITMQ_SERVER)]
        self.server = ServerProcess(argv, self.root / "rabbitmq.log")

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def _environment(self) -> dict[str, str]:
        root = self.root
        return {
            "HOME": str(root),  # the node's Erlang cookie lives here
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(root / "mnesia"),
            "RABBITMQ_LOG_BASE": str(root / "log"),
            "RABBITMQ_PID_FILE": str(root / "node.pid"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(root / "enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": str(root / "rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": str(root / "rabbitmq"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(root / "advanced.config"),
            "ERL_CRASH_DUMP": str(root / "erl_crash.dump"),
        }

    def start(self) -> PrivateRabbitMQ:
        self.server.start()
        wait_for(self._accepting, timeout=60)
        return self

    def _accepting(self) -> None:
        import kombu

        with kombu.Connection(self.url, connect_timeout=2) as connection:
            connection.connect()

    def stop(self) -> None:
        """A clean stop (SIGTERM: the start script stops the Erlang VM); what outlives it
        is killed by PID."""
        process = self.server.process
        if process is None or process.poll() is not None:
            return
        children = psutil.Process(process.pid).children(recursive=True)
        self.server.stop(signal.SIGTERM)
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()

    def restart(self) -> None:
        self.stop()
        self.start()
