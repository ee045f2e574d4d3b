"""``/metrics`` of a server that forks (gunicorn, uvicorn's workers, a Celery pool): every
process writes its metrics to files in ``PROMETHEUS_MULTIPROC_DIR`` (``atrium serve`` and
``atrium worker`` set it, emptied at start), and a scrape sums them.

A gauge needs a ``multiprocess_mode`` there (``livesum``, ``livemax``, ...); a ``live`` mode
drops the gauges of a process that is gone. A process that exits cleanly forgets its own
(``mark_process_dead``); one killed by SIGKILL never does, so a scrape forgets it first.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"

# Request labels of core and api: a route outside every pattern, and methods beyond the
# standard ones, share one value each, so clients cannot grow the number of series.
UNMATCHED_ROUTE = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str | None) -> str:
    return method if method is not None and method in _METHODS else "other"


def summed_registry() -> CollectorRegistry:
    """Every process's metrics when they share a folder, else this process's own."""
    folder = os.environ.get(MULTIPROC_DIR)
    if folder is None:
        return REGISTRY
    registry = CollectorRegistry()
    registry.register(LiveProcessesCollector(Path(folder)))
    return registry


def forget_this_process() -> None:
    """For a process about to exit: its live gauges stop counting."""
    if MULTIPROC_DIR in os.environ:
        mark_process_dead(os.getpid())


class LiveProcessesCollector(Collector):
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.summed = MultiProcessCollector(None, str(folder))

    def collect(self) -> Iterable[Metric]:
        for pid in _dead_pids(self.folder):
            mark_process_dead(pid, str(self.folder))
        return self.summed.collect()


def _dead_pids(folder: Path) -> set[int]:
    pids = {int(path.stem.rsplit("_", 1)[1]) for path in folder.glob("gauge_live*_*.db")}
    return {pid for pid in pids if not _alive(pid)}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
