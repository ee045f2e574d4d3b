"""WSGI entry point: production serves core with gunicorn sync workers.

gunicorn imports this in each worker, after the fork: the place to start tracing, and to
freeze what the import built (Django, its apps, the API's schemas). That lives as long as
the worker; frozen, it is left out of every later collection, which otherwise walked it
again and again under load: the 50-row lists spent about 400 us of CPU a request in the
collector (measured under wrk, 2 workers).
"""

import gc
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

gc.collect()
gc.freeze()
