"""The core's one NinjaAPI, mounted at /api/v1/, with a router per domain.

Every error is ``{"detail": ...}``: Ninja answers 422 for invalid input and 401 for
failed authentication; core's own refusals are :class:`~atrium.core.domain.DomainError`
subclasses, mapped here once to their status (and ``Retry-After``); a database that
cannot answer is :class:`~atrium.core.domain.Unavailable` (``atrium.core.unavailable``).
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from atrium.core.accounts.api import router as accounts_router
from atrium.core.domain import DomainError
from atrium.core.errors import domain_error_json
from atrium.core.health.api import router as health_router
from atrium.core.jobs.api import router as jobs_router
from atrium.core.learning.api.catalog import router as catalog_router
from atrium.core.learning.api.progress import router as progress_router
from atrium.core.ml.api import router as ml_router
from atrium.core.orgs.api import router as orgs_router
from atrium.core.unavailable import DATABASE_ERRORS, database_unavailable

api = NinjaAPI(
    title="Atrium core",
    version="1.0.0",
    description="Identity, organizations, learning catalog and progress, background jobs.",
    urls_namespace="api",
)


def domain_error_response(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return domain_error_json(exc)


def database_error_response(request: HttpRequest, exc: Exception) -> HttpResponse:
    return domain_error_json(database_unavailable(exc))


api.add_router("/health/", health_router)
api.add_router("/tasks/", jobs_router)
api.add_router("/", accounts_router)  # /auth/ and /users/
api.add_router("/organizations/", orgs_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/progress/", progress_router)
api.add_router("/ml/", ml_router)
# Ninja's signature also admits a raised class; a DomainError cannot be raised without its detail.
api.add_exception_handler(DomainError, domain_error_response)  # type: ignore[arg-type]
for _error in DATABASE_ERRORS:
    api.add_exception_handler(_error, database_error_response)  # type: ignore[arg-type]
