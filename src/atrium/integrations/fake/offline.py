"""``atrium dev --offline``: the fake upstream as one more process, every connector on it."""

from __future__ import annotations

import os
import socket
from contextlib import closing
from pathlib import Path

from atrium.integrations.fake.app import settings_for


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def offline_procfile(procfile: Path, var_dir: Path) -> tuple[Path, str]:
    """A Procfile that also runs the fake upstream, and the environment pointing at it.

    The environment is set on this process, so every process honcho starts inherits it.
    Returns the new Procfile and the fake's address.
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    os.environ.update(settings_for(url))
    offline = var_dir / "Procfile.offline"
    offline.parent.mkdir(parents=True, exist_ok=True)
    lines = procfile.read_text().rstrip("\n")
    offline.write_text(f"{lines}\nupstream: atrium fake-upstream --port {port}\n")
    return offline, url
