"""Core's ``/metrics``: its Prometheus metrics (all gunicorn workers'), for scrapers in the cluster.

Like ``/healthz``, it is answered by the process itself; neither the gateway nor the
Ingress routes it (``atrium.common.routing.SERVICE_LOCAL_PATHS``).
"""

import os

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from atrium.core.ml.metrics import PSI_REGISTRY


@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    body = generate_latest(_workers_registry()) + generate_latest(PSI_REGISTRY)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def _workers_registry() -> CollectorRegistry:
    """Every gunicorn worker's metrics summed when they share a folder (``atrium serve core``
    sets ``PROMETHEUS_MULTIPROC_DIR``), else this process's own."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry
