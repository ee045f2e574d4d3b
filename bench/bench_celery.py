"""Celery end to end on each broker: the same one-step jobs through a real worker.

Each flavour starts ``atrium worker`` (2 processes) on its broker and result backend, warms
it up, then sends a batch of jobs and waits until every result is in. The embedded
default (SQLite broker and results) is printed beside Redis and RabbitMQ, measured in the
same run; the ratio is against the embedded default.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tests.support.processes import atrium, run_atrium
from tests.support.services import create_rabbitmq_vhost, redis_database, tcp_open

ROOT = Path(__file__).resolve().parents[1]
TASKS = 500
CLEANUPS: list[Callable[[], None]] = []  # what a flavour made for the run, undone at its end


def _embedded() -> dict[str, str]:
    return {}


def _redis() -> dict[str, str]:
    tcp_open("127.0.0.1", 6379)
    return {"CELERY_BROKER_URL": redis_database(), "CELERY_RESULT_BACKEND": redis_database()}


def _rabbitmq() -> dict[str, str]:
    tcp_open("127.0.0.1", 5672)
    url, drop = create_rabbitmq_vhost()
    CLEANUPS.append(drop)
    return {"CELERY_BROKER_URL": url, "CELERY_RESULT_BACKEND": redis_database()}


FLAVOURS: dict[str, Callable[[], dict[str, str]]] = {
    "embedded (SQLite + SQLite results)": _embedded,
    "Redis (+ Redis results)": _redis,
    "RabbitMQ (+ Redis results)": _rabbitmq,
}


def _load(count: int, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.support.celery_load", str(count)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def measure(settings: dict[str, str], var_dir: Path) -> dict[str, float]:
    env = {"ATRIUM_ENV": "test", "ATRIUM_VAR_DIR": str(var_dir), "LOG_LEVEL": "WARNING"}
    env.update(settings)
    run_atrium("migrate", env=env)  # a job checks its row in core's database when it reports
    worker = atrium("worker", "worker", env=env, logs=var_dir / "logs").start()
    try:
        _load(20, env)  # the worker is up and every connection is open
        return _load(TASKS, env)
    finally:
        worker.stop()


def main() -> None:
    try:
        _compare()
    finally:
        for cleanup in CLEANUPS:
            cleanup()


def _compare() -> None:
    console = Console()
    table = Table("broker", "tasks", "seconds", "tasks/s", "x embedded")
    baseline = None
    for name, settings in FLAVOURS.items():
        try:
            chosen = settings()
        except OSError as exc:
            table.add_row(name, "-", "-", f"skipped: {exc}", "-")
            continue
        figures = measure(chosen, Path(tempfile.mkdtemp(prefix="atrium-bench-celery-")))
        baseline = baseline or figures["per_s"]
        table.add_row(
            name,
            str(TASKS),
            f"{figures['seconds']:.2f}",
            f"{figures['per_s']:.0f}",
            f"{figures['per_s'] / baseline:.2f}",
        )
    console.print(table)
