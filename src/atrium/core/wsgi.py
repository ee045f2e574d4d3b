"""WSGI entry point: production serves core with gunicorn sync workers.

gunicorn imports this in each worker, after the fork: the place to start tracing.
"""

import os

from django.core.wsgi import get_wsgi_application

from atrium.common.telemetry import instrument_celery, instrument_httpx, start_tracing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")

if start_tracing("atrium-core"):
    from opentelemetry.instrumentation.django import DjangoInstrumentor

    DjangoInstrumentor().instrument()
    instrument_httpx()
    instrument_celery()

application = get_wsgi_application()
