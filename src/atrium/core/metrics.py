"""Core's ``/metrics``: this process's Prometheus metrics, for scrapers inside the cluster.

Like ``/healthz``, it is answered by the process itself; neither the gateway nor the
Ingress routes it (``atrium.common.routing.SERVICE_LOCAL_PATHS``).
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from atrium.core.ml.metrics import PSI_REGISTRY


@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    body = generate_latest() + generate_latest(PSI_REGISTRY)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
