"""Core's routes, ``/bare/`` (the smallest JSON view Django serves: no database, no auth),
``/drf/`` (the same lists the common way: :mod:`bench.support.drf_twin`) and ``/floor/``
(the same lists written by hand: :mod:`bench.support.sql_floor`)."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from atrium.core.urls import urlpatterns as core_urlpatterns
from bench.support import sql_floor
from bench.support.drf_twin import router as drf_router


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("bare/", bare),
    path("drf/", include(drf_router.urls)),
    path("floor/", include(sql_floor)),
    *core_urlpatterns,
]
