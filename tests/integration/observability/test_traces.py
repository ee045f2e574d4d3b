"""One trace across api, core and a Celery worker, exported over OTLP/HTTP to a real receiver.

The client starts the trace (as a traced browser or edge proxy would) and makes three calls
under it: api's recommendations, which call core (api -> core over httpx); a job started at
core, which a worker runs (core -> worker through the task's headers); and core's health
report, which asks api (core -> api). No single route today both calls the other service and
enqueues a job, so these legs are every hop the services make of each other. The worker's
log lines carry core's request id and the trace.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator

import httpx
import pytest

from tests.support.otlp import ReceivedSpan, Receiver, otlp_receiver
from tests.support.processes import wait_until
from tests.support.stack import Stack

pytestmark = pytest.mark.timeout(240)
SERVICES = {"atrium-api", "atrium-core", "atrium-worker"}


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Receiver]]:
    with otlp_receiver() as (endpoint, receiver):
        env = {
            "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "100",  # ms: spans reach the receiver soon
            "LOG_FORMAT": "json",
        }
        stack = Stack(tmp_path_factory.mktemp("traces"), env).start()
        try:
            yield stack, receiver
        finally:
            stack.stop()


def _one(spans: list[ReceivedSpan], **match: str) -> ReceivedSpan:
    found = [s for s in spans if all(getattr(s, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, spans)
    return found[0]


def _children(spans: list[ReceivedSpan], parent: ReceivedSpan, **match: str) -> list[ReceivedSpan]:
    return [
        s
        for s in spans
        if s.parent_id == parent.span_id and all(getattr(s, k) == v for k, v in match.items())
    ]


def test_one_trace_links_api_core_and_a_worker(traced: tuple[Stack, Receiver]) -> None:
    stack, receiver = traced
    stack.worker_ready()
    auth = stack.login()
    trace_id, root_id = secrets.token_hex(16), secrets.token_hex(8)
    headers = {**auth, "traceparent": f"00-{trace_id}-{root_id}-01"}

    recommended = httpx.post(
        f"{stack.api}/api/v1/recommendations", headers=headers, json={"limit": 3}, timeout=30
    )
    assert recommended.status_code == 200, recommended.text
    started = httpx.post(
        f"{stack.core}/api/v1/tasks/count",
        headers=headers,
        json={"steps": 1, "step_seconds": 0},
        timeout=30,
    )
    assert started.status_code == 202, started.text
    health = httpx.get(
        f"{stack.core}/api/v1/health/",
        headers={**stack.service_key, "traceparent": headers["traceparent"]},
        timeout=30,
    )
    assert health.json()["components"]["api"]["status"] == "ok", health.text

    def last_spans_arrived() -> bool:
        spans = receiver.in_trace(trace_id)
        worker = any(s.service == "atrium-worker" and s.kind == "consumer" for s in spans)
        health = any(s.service == "atrium-core" and "health" in s.name for s in spans)
        return worker and health  # each ends after the spans it caused

    wait_until(
        last_spans_arrived, 60, "the worker's and health's spans", list(stack.procs.values())
    )
    spans = receiver.in_trace(trace_id)
    assert {s.service for s in spans} == SERVICES, spans

    # api -> core: api's server span is the client's child; one of its httpx calls is the
    # parent of core's server span for the catalog.
    api_server = _one(spans, service="atrium-api", kind="server", parent_id=root_id)
    api_calls = _children(spans, api_server, service="atrium-api", kind="client")
    catalog = _one(spans, service="atrium-core", kind="server", name="GET api/v1/catalog/items")
    assert catalog.parent_id in {call.span_id for call in api_calls}, (api_calls, catalog)

    # core -> worker: core's server span is the client's child, its publish the parent of
    # the worker's run of the task.
    core_server = _one(spans, service="atrium-core", kind="server", name="POST api/v1/tasks/count")
    assert core_server.parent_id == root_id
    (publish,) = _children(spans, core_server, service="atrium-core", kind="producer")
    assert publish.name == "apply_async/atrium.core.jobs.tasks.count"
    (run,) = _children(spans, publish, service="atrium-worker", kind="consumer")
    assert run.name == "run/atrium.core.jobs.tasks.count"

    # core -> api: health asks api's /readyz from a probe thread, in the request's trace.
    by_id = {s.span_id: s for s in spans}
    readyz = _one(spans, service="atrium-api", kind="server", name="GET /readyz")
    call = by_id[readyz.parent_id]
    assert (call.service, call.kind) == ("atrium-core", "client"), call
    core_health = by_id[call.parent_id]
    assert (core_health.service, core_health.kind) == ("atrium-core", "server"), core_health
    assert "health" in core_health.name, core_health
    assert core_health.parent_id == root_id

    # The worker logged the task under core's request id, with the trace's ids.
    request_id = started.headers["X-Request-ID"]
    lines = [
        json.loads(line)
        for line in stack.procs["worker"].log.read_text(errors="replace").splitlines()
        if line.startswith("{")
    ]
    task_lines = [line for line in lines if line.get("request_id") == request_id]
    assert task_lines, stack.procs["worker"].tail(60)
    assert {line.get("trace_id") for line in task_lines} == {trace_id}, task_lines
    # api's access line (uvicorn's, through api's logging) carries its request and trace.
    api_lines = [
        json.loads(line)
        for line in stack.procs["api"].log.read_text(errors="replace").splitlines()
        if line.startswith("{") and "POST /api/v1/recommendations" in line
    ]
    assert [line.get("request_id") for line in api_lines] == [
        recommended.headers["X-Request-ID"]
    ], api_lines
    assert api_lines[0].get("trace_id") == trace_id, api_lines

    # gunicorn's access line for the request names it too.
    access = [
        line
        for line in stack.procs["core"].log.read_text(errors="replace").splitlines()
        if "POST /api/v1/tasks/count" in line
    ]
    assert access, stack.procs["core"].tail(60)
    assert access[-1].endswith(f"request_id={request_id}"), access
