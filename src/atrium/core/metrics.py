"""Core's ``/metrics``: this process's Prometheus metrics, for scrapers inside the cluster.

Like ``/healthz``, it is answered by the process itself; neither the gateway nor the
Ingress routes it (``atrium.common.routing.SERVICE_LOCAL_PATHS``).
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

import atrium.core.ml.metrics  # noqa: F401 (registers the ML metrics)


@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)
