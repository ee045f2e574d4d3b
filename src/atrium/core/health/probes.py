"""The orchestrator's probes: ``/healthz`` (alive) and ``/readyz`` (can serve requests).

A kubelet or a container's health check calls the process by its IP over plain HTTP, so
the probes answer before host validation and the HTTPS redirect. ``/healthz`` touches
nothing; ``/readyz`` checks core's own database (503 when it is down) and cache (an outage
only degrades it: still 200). Workers, the broker or api being down must not take core out
of its Service (``/api/v1/health/`` reports those).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from atrium.core.health.checks import readiness_report


def liveness() -> JsonResponse:
    return JsonResponse({"status": "ok"})


def readiness() -> JsonResponse:
    report = readiness_report()
    return JsonResponse(report.model_dump(mode="json"), status=report.http_status)


PROBES: dict[str, Callable[[], JsonResponse]] = {"/healthz": liveness, "/readyz": readiness}


class ProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return probe()
