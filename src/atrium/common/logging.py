"""structlog set up once for every process: JSON lines in production (Cloud Logging's fields
on Cloud Run), readable in dev.

Two choices keep an error from stalling a server. Tracebacks show code, not local
variables: a frame's locals can be a whole request, a queryset or a model (one 500 printed
26,000 lines). And records are rendered on a listener thread, not where they are logged:
an async route hands its record over and the event loop goes on serving.

Every line carries what was bound where it was logged: the request id (structlog's
contextvars, bound per request and per task) and, when a span is current, ``trace_id`` and
``span_id``. Both are read by :class:`ContextStamp` in the logging thread, since the
listener thread has neither the request's contextvars nor its span.
"""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import os
import queue
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from opentelemetry import trace

from atrium.common.cloud_logging import CloudLoggingFields
from atrium.config import LogFormat, Settings

STAMP = "atrium_context"  # the record's attribute that holds what ContextStamp read


class ContextStamp(logging.Filter):
    """Copies the bound contextvars and the current span's ids onto the record, in the
    thread that logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = structlog.contextvars.get_contextvars()
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            context["trace_id"] = format(span.trace_id, "032x")
            context["span_id"] = format(span.span_id, "016x")
            context["trace_sampled"] = span.trace_flags.sampled
        vars(record)[STAMP] = context
        return True


def stamped_context(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: what :class:`ContextStamp` kept, under the event's own keys."""
    for key, value in getattr(event.get("_record"), STAMP, {}).items():
        event.setdefault(key, value)
    return event


class _Handoff(logging.handlers.QueueHandler):
    """Passes the record on as it is (the queue is in-process): the listener renders it."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record


class _Renderer:
    """The listener thread that writes records; a forked child starts its own."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        self.listener: logging.handlers.QueueListener | None = None

    def start(self, handler: logging.Handler) -> None:
        self.stop()
        self._listen(handler)

    def _listen(self, handler: logging.Handler) -> None:
        self.listener = logging.handlers.QueueListener(self.queue, handler)
        self.listener.start()

    def restart_in_child(self) -> None:
        """A fork copies no threads: the child renders its records on a listener of its own."""
        if self.listener is None:
            return
        self.queue = queue.SimpleQueue()
        for handoff in logging.getLogger().handlers:
            if isinstance(handoff, _Handoff):
                handoff.queue = self.queue
        self._listen(self.listener.handlers[0])

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()  # renders what is queued, then ends the thread
            self.listener = None


_renderer = _Renderer()
atexit.register(_renderer.stop)
os.register_at_fork(after_in_child=_renderer.restart_in_child)


def configure_logging(settings: Settings) -> None:
    shared: list[structlog.types.Processor] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=_rendering(settings),
        )
    )
    _renderer.start(handler)
    handoff = _Handoff(_renderer.queue)
    handoff.addFilter(ContextStamp())
    root = logging.getLogger()
    root.handlers[:] = [handoff]
    root.setLevel(settings.log_level.upper())
    # uvicorn has set up its own handlers by the time it imports api: its access lines,
    # logged inside the request, go through ours instead to carry the request's ids.
    uvicorn_access = logging.getLogger("uvicorn.access")
    uvicorn_access.handlers[:] = [handoff]
    uvicorn_access.propagate = False  # the root would write each line a second time


def _rendering(settings: Settings) -> list[structlog.types.Processor]:
    """What turns a record into its line, on the listener thread."""
    drop_meta = structlog.stdlib.ProcessorFormatter.remove_processors_meta
    if settings.log_format == LogFormat.GCP:
        return [
            stamped_context,
            structlog.processors.format_exc_info,
            CloudLoggingFields(settings.google_cloud_project),
            drop_meta,
            structlog.processors.JSONRenderer(),
        ]
    if settings.log_format == LogFormat.JSON:
        return [stamped_context, drop_meta, structlog.processors.JSONRenderer()]
    return [stamped_context, drop_meta, _console_renderer(colors=sys.stderr.isatty())]


def _console_renderer(colors: bool) -> structlog.dev.ConsoleRenderer:
    traceback = structlog.dev.RichTracebackFormatter(
        color_system="truecolor" if colors else None, show_locals=False, max_frames=30
    )
    return structlog.dev.ConsoleRenderer(colors=colors, exception_formatter=traceback)
