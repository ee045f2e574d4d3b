"""The core's one NinjaAPI, mounted at /api/v1/, with a router per domain.

Ninja already answers errors as ``{"detail": ...}``: 422 for invalid input, the
status of any ``HttpError``, 401 for failed authentication.
"""

from ninja import NinjaAPI

from atrium.core.health.api import router as health_router
from atrium.core.jobs.api import router as jobs_router

api = NinjaAPI(
    title="Atrium core",
    version="1.0.0",
    description="Identity, organizations, learning catalog and progress, background jobs.",
    urls_namespace="api",
)
api.add_router("/health/", health_router)
api.add_router("/tasks/", jobs_router)
