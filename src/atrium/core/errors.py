"""Errors outside the Ninja API keep the platform's shape: JSON with a ``detail``."""

import math

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from atrium.core.domain import DomainError


def domain_error_json(exc: DomainError) -> JsonResponse:
    """A refusal as every core route answers it: its status, ``detail`` and ``Retry-After``."""
    response = JsonResponse({"detail": exc.detail}, status=exc.status)
    if exc.retry_after is not None:
        response["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
    return response


def json_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/") or request.path.startswith("/.well-known/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)


def json_server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal Server Error"}, status=500)
    return defaults.server_error(request)
