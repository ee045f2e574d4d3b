"""Collect static files at image build time, hashed and compressed as production serves them.

Production settings refuse to load without their secrets, which a build must not hold, so
this loads the development settings (their generated secrets go to a throwaway folder) and
switches static storage to the one production uses.
Usage: python collect_static.py STATIC_ROOT
"""

from __future__ import annotations

import os
import sys
import tempfile

PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def main(static_root: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.update(ATRIUM_ENV="dev", ATRIUM_VAR_DIR=scratch)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
        import django
        from django.conf import settings
        from django.core.management import call_command

        django.setup()
        settings.STATIC_ROOT = static_root
        storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE}}
        settings.STORAGES = storages
        call_command("collectstatic", interactive=False, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1])
