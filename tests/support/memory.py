"""Resident memory of every process a test started, children included (Linux /proc)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Sample:
    pid: int
    command: str
    rss_kib: int


def _session_of(stat: str) -> int:
    # /proc/<pid>/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces.
    return int(stat.rsplit(")", 1)[1].split()[3])


def _rss_kib(status: str) -> int:
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0  # a zombie has no memory left


def session_rss(leader: int) -> dict[int, Sample]:
    """Each live process of the session ``leader`` started (``start_new_session=True``, as
    :class:`tests.support.processes.Proc` does): gunicorn's and uvicorn's workers and
    Celery's pool children belong to their parent's session."""
    found: dict[int, Sample] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):  # exited meanwhile
            if _session_of((entry / "stat").read_text()) != leader:
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            rss = _rss_kib((entry / "status").read_text())
            found[int(entry.name)] = Sample(int(entry.name), command[:120], rss)
    return found
