"""OpenTelemetry traces, configured by the standard ``OTEL_*`` variables and off by default.

Tracing starts only when an exporter is asked for: ``OTEL_EXPORTER_OTLP_ENDPOINT`` or
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` (OTLP over HTTP), or ``OTEL_TRACES_EXPORTER``
(``otlp``, ``console``), and ``OTEL_SDK_DISABLED`` is not true. Otherwise nothing is
instrumented, so a request pays nothing. The SDK reads the rest itself: the endpoint, headers
and timeouts (the exporter), ``OTEL_TRACES_SAMPLER`` (the provider), ``OTEL_SERVICE_NAME`` and
``OTEL_RESOURCE_ATTRIBUTES`` (the resource); ``service`` only names a process they leave
unnamed.

Each process calls :func:`start_tracing` in itself, after any fork: gunicorn imports core's
WSGI app in each worker, uvicorn's workers are spawned, and Celery's pool children start
theirs on ``worker_process_init`` (``atrium.tasks.tracing``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from importlib.metadata import entry_points

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.environment_variables import OTEL_SDK_DISABLED
from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter

from atrium.common import request_id

EXPORTERS_VARIABLE = "OTEL_TRACES_EXPORTER"
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
# The OTLP exporter this package installs registers itself under its transport's name.
EXPORTER_ALIASES = {"otlp": "otlp_proto_http"}


def exporter_names() -> list[str]:
    """The exporters asked for; none means tracing is off."""
    if os.environ.get(OTEL_SDK_DISABLED, "").strip().lower() == "true":
        return []
    named = os.environ.get(EXPORTERS_VARIABLE, "").strip().lower()
    if not named:
        return ["otlp"] if any(os.environ.get(v) for v in ENDPOINT_VARIABLES) else []
    return [name.strip() for name in named.split(",") if name.strip() not in ("", "none")]


def tracing_enabled() -> bool:
    return bool(exporter_names())


def _exporter(name: str) -> SpanExporter:
    registered = EXPORTER_ALIASES.get(name, name)
    found = entry_points(group="opentelemetry_traces_exporter", name=registered)
    if not found:
        raise ValueError(f"{EXPORTERS_VARIABLE}: no span exporter named {name!r} is installed")
    exporter: SpanExporter = next(iter(found)).load()()
    return exporter


def service_resource(service: str) -> Resource:
    """The resource from ``OTEL_*``, named ``service`` when they name no service."""
    named = OTELResourceDetector().detect().attributes.get(SERVICE_NAME)
    return Resource.create({} if named else {SERVICE_NAME: service})


def start_tracing(service: str) -> bool:
    """Install this process's tracer provider; False (and nothing done) when tracing is off.

    Once per process: the composed gateway serves core and api in one, named as the first.
    """
    names = exporter_names()
    if not names:
        return False
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return True
    provider = TracerProvider(resource=service_resource(service))
    for name in names:
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    trace.set_tracer_provider(provider)
    return True


def instrument_httpx() -> None:
    """Client spans and ``traceparent`` on every httpx request of this process."""
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    instrumentor = HTTPXClientInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()


def instrument_celery() -> None:
    """Producer spans with ``traceparent`` in the task headers; consumer spans in workers."""
    from opentelemetry.instrumentation.celery import CeleryInstrumentor

    instrumentor = CeleryInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()


def flush_spans() -> None:
    """Export what is buffered (a Celery pool child may exit right after its task)."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush()


def carried_context() -> dict[str, str]:
    """This moment's trace context (``traceparent``) and request id, kept with work that
    runs later elsewhere (the outbox) to resume the same trace and request."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier | request_id.outbound_headers()


@contextmanager
def resumed_context(carrier: Mapping[str, str]) -> Iterator[None]:
    """The trace and request id of :func:`carried_context`, current until the block ends."""
    token = context.attach(propagate.extract(carrier))
    kept = carrier.get(request_id.HEADER)
    try:
        with request_id.bound_request_id(kept) if kept else nullcontext():
            yield
    finally:
        context.detach(token)
