"""LOG_FORMAT=gcp: lines Cloud Logging parses, filed under the OpenTelemetry trace."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from atrium.common import logging as atrium_logging
from atrium.config import LogFormat, Settings

TRACE_ID, SPAN_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7


@pytest.fixture
def lines(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def read() -> list[dict[str, Any]]:
        atrium_logging._renderer.stop()  # renders what is queued
        return [json.loads(line) for line in capsys.readouterr().err.splitlines()]

    yield read
    atrium_logging._renderer.stop()
    root.handlers[:], root.level = handlers, level
    structlog.reset_defaults()


def gcp_settings() -> None:
    atrium_logging.configure_logging(Settings(log_format="gcp", google_cloud_project="atrium-prod"))


def test_a_line_carries_severity_message_and_the_current_trace(lines: Any) -> None:
    gcp_settings()
    span = NonRecordingSpan(SpanContext(TRACE_ID, SPAN_ID, False, TraceFlags(1)))
    with trace.use_span(span):
        structlog.get_logger("atrium.test").warning("quota_low", left=3)
    logging.getLogger("django.request").info("plain %s", "stdlib")
    traced, plain = lines()
    assert traced["severity"] == "WARNING"
    assert traced["message"] == "quota_low"
    assert traced["left"] == 3
    assert traced["time"].endswith("Z")
    assert traced["logging.googleapis.com/trace"] == (
        "projects/atrium-prod/traces/4bf92f3577b34da6a3ce929d0e0e4736"
    )
    assert traced["logging.googleapis.com/spanId"] == "00f067aa0ba902b7"
    assert traced["logging.googleapis.com/trace_sampled"] is True
    assert plain["severity"] == "INFO"
    assert plain["message"] == "plain stdlib"
    assert "logging.googleapis.com/trace" not in plain


def test_an_exception_is_a_stack_trace_for_error_reporting(lines: Any) -> None:
    gcp_settings()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("atrium.test").exception("failed")
    (line,) = lines()
    assert line["severity"] == "ERROR"
    assert "RuntimeError: boom" in line["stack_trace"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"K_SERVICE": "atrium-api"}, LogFormat.GCP),
        ({"CLOUD_RUN_JOB": "atrium-migrate"}, LogFormat.GCP),
        ({"LOG_JSON": "true"}, LogFormat.JSON),
        ({"K_SERVICE": "atrium-api", "LOG_FORMAT": "console"}, LogFormat.CONSOLE),
        ({}, LogFormat.CONSOLE),
    ],
)
def test_cloud_run_is_detected_unless_a_format_is_set(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: LogFormat
) -> None:
    for name in ("K_SERVICE", "CLOUD_RUN_JOB", "LOG_JSON", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Settings().log_format == expected
