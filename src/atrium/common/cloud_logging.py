"""Log lines in the JSON that Cloud Logging parses (``LOG_FORMAT=gcp``, the default on Cloud Run).

Cloud Logging reads ``severity``, ``message`` and ``time`` from a line's JSON, files the line
under the request's trace when ``logging.googleapis.com/trace`` names it, and sends a line
with a ``stack_trace`` to Error Reporting. Every other key lands in ``jsonPayload``.

The trace is read where the record is made: the line is rendered later, on the listener
thread, where the request's OpenTelemetry context is not current.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any

from opentelemetry import trace

TRACE = "logging.googleapis.com/trace"
SPAN = "logging.googleapis.com/spanId"
SAMPLED = "logging.googleapis.com/trace_sampled"


class TraceStamp(logging.Filter):
    """Copies the current span's ids onto the record, in the thread that logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.otel_trace_id = format(context.trace_id, "032x")
            record.otel_span_id = format(context.span_id, "016x")
            record.otel_sampled = context.trace_flags.sampled
        return True


class CloudLoggingFields:
    """A structlog processor: the event's keys renamed to the fields Cloud Logging reads."""

    def __init__(self, project: str | None) -> None:
        self.project = project

    def __call__(
        self, _logger: Any, _method: str, event: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        event["severity"] = str(event.pop("level", "info")).upper()
        event["message"] = event.pop("event", "")
        if "timestamp" in event:
            event["time"] = event.pop("timestamp")
        if "exception" in event:
            event["stack_trace"] = event.pop("exception")
        record = event.get("_record")
        trace_id = getattr(record, "otel_trace_id", None)
        if trace_id:
            event[TRACE] = (
                f"projects/{self.project}/traces/{trace_id}" if self.project else trace_id
            )
            event[SPAN] = record.otel_span_id  # type: ignore[union-attr]
            event[SAMPLED] = record.otel_sampled  # type: ignore[union-attr]
        return event
