"""Tracing is off unless an exporter is asked for, and the SDK reads the OTEL_* variables."""

from __future__ import annotations

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from atrium.common import telemetry

VARIABLES = (
    "OTEL_SDK_DISABLED",
    "OTEL_TRACES_EXPORTER",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, []),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ""}, []),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "console"}, ["console"]),
        ({"OTEL_TRACES_EXPORTER": "otlp, console"}, ["otlp", "console"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x:4318"}, []),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x:4318"}, []),
    ],
)
def test_exporters_come_only_from_the_variables(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], names: list[str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert telemetry.exporter_names() == names
    assert telemetry.tracing_enabled() is bool(names)


def test_off_starts_nothing() -> None:
    assert telemetry.start_tracing("atrium-core") is False


def test_exporters_are_found_by_their_registered_names() -> None:
    assert isinstance(telemetry._exporter("otlp"), OTLPSpanExporter)
    assert isinstance(telemetry._exporter("console"), ConsoleSpanExporter)
    with pytest.raises(ValueError, match="no span exporter named 'zipkin'"):
        telemetry._exporter("zipkin")


def test_a_process_names_itself_unless_the_variables_name_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert telemetry.service_resource("atrium-api").attributes["service.name"] == "atrium-api"
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "service.name=edge,deployment.environment=prod")
    named = telemetry.service_resource("atrium-api").attributes
    assert named["service.name"] == "edge"
    assert named["deployment.environment"] == "prod"
    monkeypatch.setenv("OTEL_SERVICE_NAME", "api-eu")
    assert telemetry.service_resource("atrium-api").attributes["service.name"] == "api-eu"
