"""Core's ``/metrics``: its Prometheus metrics (all gunicorn workers'), for scrapers in the cluster.

Like ``/healthz``, it is answered by the process itself; neither the gateway nor the
Ingress routes it (``atrium.common.routing.SERVICE_LOCAL_PATHS``).
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from atrium.common.prometheus import summed_registry
from atrium.core.ml.metrics import PSI_REGISTRY


@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    # Every gunicorn worker's metrics (``atrium serve core`` gives them a shared folder).
    body = generate_latest(summed_registry()) + generate_latest(PSI_REGISTRY)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
