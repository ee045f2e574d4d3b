"""ASGI entry point, for views that stream; everything else is served over WSGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")

application = get_asgi_application()
