"""Core's settings plus one bare JSON view, so a benchmark compares against the same server."""

from atrium.core.settings import *  # noqa: F403

ROOT_URLCONF = "bench.support.core_urls"
