"""Test-wide setup: a private var/ directory and the test environment, before anything loads.

Settings are read once per process, so this runs at import time, before pytest-django
sets Django up.
"""

import os
import tempfile

os.environ["ATRIUM_ENV"] = "test"
os.environ.setdefault("ATRIUM_VAR_DIR", tempfile.mkdtemp(prefix="atrium-test-"))
# Nothing listens on port 9 (discard): unit tests see the api service as down.
os.environ.setdefault("API_URL", "http://127.0.0.1:9")
os.environ.setdefault("HEALTH_TIMEOUT_S", "1")
for name in (
    "DATABASE_URL",
    "AI_DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
):
    os.environ.pop(name, None)
