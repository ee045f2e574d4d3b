"""The image's health check: probes whichever Atrium process runs as PID 1.

One image runs core, api, the workers and beat, so the check reads PID 1's command
line to learn which process it is looking at and how that process says it is alive:
a web server answers on its port, a Celery worker answers a ping by name, beat is
alive when it runs. Exit 0 means healthy, as Docker's HEALTHCHECK expects.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

TIMEOUT_S = 5.0


def option(argv: list[str], name: str) -> str | None:
    """The value of ``--name value`` or ``--name=value`` in ``argv``."""
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(f"{name}="):
            return arg.split("=", 1)[1]
    return None


def probe_for(argv: list[str]) -> list[str] | tuple[str, int, str | None] | None:
    """What to check for a process started with ``argv``.

    A ``(host, port, path)`` tuple is a web server (``path`` None: a TCP connect), a list
    is a command to run, None means the running process is its own proof of life.
    """
    if "gunicorn" in argv:
        bind = option(argv, "--bind") or "127.0.0.1:8000"
        return ("127.0.0.1", int(bind.rsplit(":", 1)[1]), "/healthz")
    if "uvicorn" in argv:
        port = int(option(argv, "--port") or "8000")
        path = "/healthz" if "atrium.api.main:app" in argv else None
        return ("127.0.0.1", port, path)
    if "celery" in argv and "worker" in argv:
        node = f"celery@{socket.gethostname()}"
        return ["celery", "-A", "atrium.tasks", "inspect", "ping", "-d", node, "--timeout", "4"]
    return None


def check(target: list[str] | tuple[str, int, str | None] | None) -> bool:
    if target is None:
        return True
    if isinstance(target, list):
        done = subprocess.run(target, capture_output=True, timeout=TIMEOUT_S * 3, check=False)
        return done.returncode == 0
    host, port, path = target
    if path is None:
        with socket.create_connection((host, port), timeout=TIMEOUT_S):
            return True
    with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=TIMEOUT_S) as answer:
        return bool(answer.status == 200)


def main() -> int:
    argv = Path("/proc/1/cmdline").read_bytes().decode().split("\0")
    try:
        return 0 if check(probe_for(argv)) else 1
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
