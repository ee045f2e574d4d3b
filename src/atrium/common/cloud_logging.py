"""Log lines in the JSON that Cloud Logging parses (``LOG_FORMAT=gcp``, the default on Cloud Run).

Cloud Logging reads ``severity``, ``message`` and ``time`` from a line's JSON, files the line
under the request's trace when ``logging.googleapis.com/trace`` names it, and sends a line
with a ``stack_trace`` to Error Reporting. Every other key lands in ``jsonPayload``.

The trace ids come from ``atrium.common.logging``'s ``trace_id`` and ``span_id``, read where
the record was made (the line is rendered later, on the listener thread).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

TRACE = "logging.googleapis.com/trace"
SPAN = "logging.googleapis.com/spanId"
SAMPLED = "logging.googleapis.com/trace_sampled"


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
        trace_id = event.pop("trace_id", None)
        if trace_id:
            event[TRACE] = (
                f"projects/{self.project}/traces/{trace_id}" if self.project else trace_id
            )
            event[SPAN] = event.pop("span_id", None)
            event[SAMPLED] = event.pop("trace_sampled", None)
        return event
