"""Test-wide setup: a private var/ directory and the test environment, before anything loads.

Settings are read once per process, so this runs at import time, before pytest-django
sets Django up.
"""

import os
import tempfile

os.environ["ATRIUM_ENV"] = "test"
os.environ.setdefault("ATRIUM_VAR_DIR", tempfile.mkdtemp(prefix="atrium-test-"))
for name in ("DATABASE_URL", "AI_DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL",
             "CELERY_RESULT_BACKEND"):
    os.environ.pop(name, None)
