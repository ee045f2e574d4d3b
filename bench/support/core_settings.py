"""Core's settings plus a bare JSON view and the DRF twin, so a benchmark compares against
the same server."""

from atrium.core.settings import *  # noqa: F403

ROOT_URLCONF = "bench.support.core_urls"

INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework"]  # noqa: F405 (the DRF twin's baseline)
