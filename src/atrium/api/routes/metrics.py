"""api's ``/metrics``: every uvicorn worker's metrics summed (``atrium serve api`` gives them
a shared folder), answered by the process itself like ``/healthz``."""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from atrium.common.prometheus import summed_registry

router = APIRouter(tags=["metrics"])


@router.get("/metrics", include_in_schema=False)
def prometheus_metrics() -> Response:
    return Response(generate_latest(summed_registry()), media_type=CONTENT_TYPE_LATEST)
