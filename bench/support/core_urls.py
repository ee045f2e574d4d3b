"""Core's routes and ``/bare/``: the smallest JSON view Django serves (no database, no auth)."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from atrium.core.urls import urlpatterns as core_urlpatterns


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [path("bare/", bare), *core_urlpatterns]
