"""WSGI entry point: production serves core with gunicorn sync workers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")

application = get_wsgi_application()
