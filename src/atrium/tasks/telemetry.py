"""Workers' logs and traces: the request id across task headers, structlog, OpenTelemetry.

* A producer (core, a task starting another) puts the current request id in the task's
  headers; the worker binds it, or a new one, for the lines the task logs.
* The worker's logging is ``atrium.common.logging``'s, not Celery's own format, so its lines
  carry the request and trace ids as core's and api's do.
* Tracing starts in each pool child (``worker_process_init``): a span processor's export
  thread does not survive the fork that makes the child. The child flushes its spans as it
  exits. The instrumentation reads ``traceparent`` from the headers core's spans put there.
"""

from __future__ import annotations

from typing import Any

import structlog
from celery import signals

from atrium.common import request_id
from atrium.common.logging import configure_logging
from atrium.common.telemetry import (
    flush_spans,
    instrument_celery,
    instrument_httpx,
    start_tracing,
)
from atrium.config import get_settings

# The task header that carries the request id; a prefix keeps it clear of Celery's own.
REQUEST_ID_HEADER = "atrium_request_id"


@signals.before_task_publish.connect
def _send_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    current = request_id.current_request_id()
    if headers is not None and current:
        headers.setdefault(REQUEST_ID_HEADER, current)


@signals.task_prerun.connect
def _bind_request_id(task: Any = None, **_: Any) -> None:
    received = task.request.get(REQUEST_ID_HEADER) if task is not None else None
    chosen = received if isinstance(received, str) else request_id.new_request_id()
    structlog.contextvars.bind_contextvars(**{request_id.KEY: chosen})


@signals.task_postrun.connect
def _unbind_request_id(**_: Any) -> None:
    structlog.contextvars.unbind_contextvars(request_id.KEY)


@signals.setup_logging.connect
def _use_atrium_logging(**_: Any) -> None:
    """Connected, it stops Celery from installing its own handlers on the root logger."""
    configure_logging(get_settings())


@signals.worker_process_init.connect
def _start_tracing(**_: Any) -> None:
    if start_tracing("atrium-worker"):
        instrument_celery()
        instrument_httpx()


@signals.worker_process_shutdown.connect
def _flush_spans(**_: Any) -> None:
    flush_spans()
