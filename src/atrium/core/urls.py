from django.conf import settings
from django.contrib import admin
from django.urls import path

from atrium.core.accounts.views import jwks
from atrium.core.api import api
from atrium.core.errors import json_not_found, json_server_error
from atrium.core.metrics import prometheus_metrics

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", api.urls),
    path(".well-known/jwks.json", jwks, name="jwks"),
    path("metrics", prometheus_metrics, name="metrics"),
]

handler404 = json_not_found
handler500 = json_server_error
