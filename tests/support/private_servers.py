"""Servers a fault test owns: a PostgreSQL cluster and a redis-server on free loopback ports.

Each runs as a child process of the test, so the test may stop, restart, freeze (SIGSTOP)
and thaw (SIGCONT) it by the PIDs it started, and never touches the machine's servers.
PostgreSQL's binaries are the pgserver wheel's (PostgreSQL 16 with pgvector, which the AI
store needs); run as root, the cluster belongs to an unprivileged user, as initdb demands.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.support.services import free_port, tcp_open, wait_for

SERVER_USER = "pgserver"  # the user the pgserver wheel runs its clusters as under root


def _postgres_bin() -> Path:
    spec = importlib.util.find_spec("pgserver")  # located, not imported: it sets up logging
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the pgserver wheel is not installed")
    folder = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"
    if not (folder / "postgres").exists():
        raise FileNotFoundError(f"no postgres in {folder}")
    return folder


def _unprivileged_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=True)
    return SERVER_USER


@dataclass
class ServerProcess:
    """One server process (and the children it forks), started and signalled by PID."""

    argv: list[str]
    log: Path
    user: str | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.argv, stdout=out, stderr=subprocess.STDOUT, user=self.user
            )

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.thaw()  # a frozen server cannot shut down
        self.process.send_signal(sig)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def _pids(self) -> list[int]:
        assert self.process is not None
        parent = psutil.Process(self.process.pid)
        return [parent.pid, *(child.pid for child in parent.children(recursive=True))]

    def freeze(self) -> None:
        """SIGSTOP the server and its children: the kernel still accepts its connections."""
        for pid in self._pids():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._pids():
            os.kill(pid, signal.SIGCONT)

    @contextmanager
    def frozen(self) -> Iterator[None]:
        self.freeze()
        try:
            yield
        finally:
            self.thaw()


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster in a folder of its own, trusting local connections."""

    root: Path
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.data = self.root / "pgdata"
        self.user = _unprivileged_user()
        bin_dir = _postgres_bin()
        self.server = ServerProcess(
            [
                str(bin_dir / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-k",
                str(self.root),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
            ],
            self.root / "postgres.log",
            self.user,
        )
        self._initdb = [str(bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres"]

    @staticmethod
    def binaries() -> Path:
        return _postgres_bin()

    def url(self, database: str, scheme: str = "postgresql") -> str:
        return f"{scheme}://postgres@127.0.0.1:{self.port}/{database}"

    def create(self) -> PrivatePostgres:
        self.root.chmod(0o755)
        if self.user is not None:
            os.chown(self.root, pwd.getpwnam(self.user).pw_uid, pwd.getpwnam(self.user).pw_gid)
        subprocess.run(
            [*self._initdb, "--auth=trust", "--encoding=utf8"],
            check=True,
            capture_output=True,
            user=self.user,
            timeout=120,
        )
        return self.start()

    def start(self) -> PrivatePostgres:
        self.server.start()
        wait_for(self._accepting, timeout=30)
        return self

    def _accepting(self) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), connect_timeout=2) as conn:
            conn.execute("SELECT 1")

    def create_database(self, name: str, scheme: str = "postgresql") -> str:
        """A new database's URL, for a driver named by ``scheme``."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name, scheme)

    def stop(self) -> None:
        self.server.stop(signal.SIGINT)  # PostgreSQL's fast shutdown

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class PrivateRedis:
    root: Path
    port: int = field(default_factory=free_port)

    @staticmethod
    def binary() -> str:
        found = shutil.which("redis-server")
        if found is None:
            raise FileNotFoundError("redis-server is not on PATH")
        return found

    def __post_init__(self) -> None:
        argv = [
            self.binary(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.root),
        ]
        self.server = ServerProcess(argv, self.root / "redis.log")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        """Empty at every start: this Redis keeps no file, as a cache's often does not."""
        self.server.start()
        wait_for(lambda: tcp_open("127.0.0.1", self.port), timeout=20)
        return self

    def stop(self) -> None:
        self.server.stop()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def private_root(prefix: str) -> Path:
    """A folder directly under the system temp directory (a cluster's user must reach it)."""
    return Path(tempfile.mkdtemp(prefix=prefix))
