"""Prometheus metrics of Celery tasks: how many, in which state, how long they ran and waited.

Where each signal fires decides which process records it: ``received``, ``rejected`` and
``revoked`` in the worker's main process, the rest in the pool child that runs the task.
Both write to the node's multiprocess folder (``atrium worker`` sets
``PROMETHEUS_MULTIPROC_DIR`` when ``WORKER_METRICS_PORT`` is set), and the main process
serves every process's metrics, summed, on that port.

Beat serves its own (what it published) on ``BEAT_METRICS_PORT``.

Producers (core, api, beat, a task) stamp each message with the time it was published, so
the child can tell how long it waited in the queue; they count what they publish too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from datetime import datetime
from typing import Any

from celery import signals
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    start_http_server,
)

from atrium.common.prometheus import MULTIPROC_DIR, forget_this_process, summed_registry
from atrium.config import get_settings

logger = logging.getLogger(__name__)

# The task header with the publish time (seconds since the epoch); prefixed clear of Celery's.
PUBLISHED_AT_HEADER = "atrium_published_at"
UNKNOWN_TASK = "unknown"

TASKS = Counter(
    "atrium_worker_tasks",
    "Tasks by name and state: received, started, succeeded, failed, retried, rejected, revoked.",
    ["task", "state"],
)
RUNTIME = Histogram(
    "atrium_worker_task_runtime_seconds",
    "Time a task ran, from start to its end (success, failure or retry), by name.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800),
)
QUEUE_WAIT = Histogram(
    "atrium_worker_task_queue_wait_seconds",
    "Time from a task's publication (or its ETA, if later) to its start, by name and queue.",
    ["task", "queue"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900),
)
ACTIVE = Gauge(
    "atrium_worker_tasks_active",
    "Tasks running now, by name.",
    ["task"],
    multiprocess_mode="livesum",
)
PUBLISHED = Counter(
    "atrium_tasks_published",
    "Tasks this process published to the broker, by name (core, api, beat and tasks publish).",
    ["task"],
)

_started: dict[str, float] = {}  # task id -> perf_counter at start, in the child running it


def _on_publish(sender: str | None = None, headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is not None:
        headers[PUBLISHED_AT_HEADER] = time.time()
    PUBLISHED.labels(sender or UNKNOWN_TASK).inc()


def _on_received(request: Any = None, **_: Any) -> None:
    TASKS.labels(request.name, "received").inc()


def _on_prerun(task_id: str = "", task: Any = None, **_: Any) -> None:
    TASKS.labels(task.name, "started").inc()
    ACTIVE.labels(task.name).inc()
    _started[task_id] = time.perf_counter()
    waited_since = _waiting_since(task.request)
    if waited_since is not None:
        queue = (task.request.delivery_info or {}).get("routing_key") or "unknown"
        QUEUE_WAIT.labels(task.name, queue).observe(max(0.0, time.time() - waited_since))


def _waiting_since(request: Any) -> float | None:
    """When the task became due: its publication, or its ETA when that came later."""
    published = request.get(PUBLISHED_AT_HEADER)
    if not isinstance(published, int | float):
        return None
    eta = request.eta
    if isinstance(eta, str):
        with contextlib.suppress(ValueError):
            return max(published, datetime.fromisoformat(eta).timestamp())
    return float(published)


def _on_postrun(task_id: str = "", task: Any = None, **_: Any) -> None:
    ACTIVE.labels(task.name).dec()
    started = _started.pop(task_id, None)
    if started is not None:
        RUNTIME.labels(task.name).observe(time.perf_counter() - started)


def _state_counter(state: str) -> Any:
    def record(sender: Any = None, **_: Any) -> None:
        TASKS.labels(sender.name, state).inc()

    return record


def _on_rejected(sender: Any = None, message: Any = None, **_: Any) -> None:
    """A message the worker's consumer refused; its name counts only if it is a known task."""
    name = (getattr(message, "headers", None) or {}).get("task")
    TASKS.labels(name if name in sender.app.tasks else UNKNOWN_TASK, "rejected").inc()


def _on_unknown(**_: Any) -> None:
    TASKS.labels(UNKNOWN_TASK, "rejected").inc()


def _on_child_exit(**_: Any) -> None:
    forget_this_process()


def _serve_worker_metrics(**_: Any) -> None:
    if MULTIPROC_DIR in os.environ:
        _serve("worker", get_settings().worker_metrics_port, summed_registry())


def _serve_beat_metrics(**_: Any) -> None:
    _serve("beat", get_settings().beat_metrics_port, REGISTRY)  # beat does not fork


def _serve(process: str, port: int, registry: CollectorRegistry) -> None:
    if not port:
        return
    try:
        start_http_server(port, get_settings().atrium_bind_host, registry=registry)
    except OSError:
        # The schedule and the tasks matter more than their metrics: the process runs on,
        # and its scrape target shows as down.
        logger.exception("%s metrics: port %s is taken", process, port)


def connect_task_metrics() -> None:
    """Connects the signals above: once per process, whoever builds the Celery app."""
    handlers: list[tuple[Any, Any]] = [
        (signals.before_task_publish, _on_publish),
        (signals.task_received, _on_received),
        (signals.task_prerun, _on_prerun),
        (signals.task_postrun, _on_postrun),
        (signals.task_success, _state_counter("succeeded")),
        (signals.task_failure, _state_counter("failed")),
        (signals.task_retry, _state_counter("retried")),
        (signals.task_revoked, _state_counter("revoked")),
        (signals.task_rejected, _on_rejected),
        (signals.task_unknown, _on_unknown),
        (signals.worker_process_shutdown, _on_child_exit),
        (signals.worker_ready, _serve_worker_metrics),
        (signals.beat_init, _serve_beat_metrics),
    ]
    for signal, handler in handlers:
        signal.connect(handler, weak=False, dispatch_uid=f"atrium-metrics-{signal.name}")
