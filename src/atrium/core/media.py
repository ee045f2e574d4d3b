"""Django's media storage on the same ``STORAGE_URL`` as every other object.

Uploaded files live under ``media/`` of the store: files in ``<dir>/media`` by default,
or objects under ``<prefix>/media/`` of the bucket through django-storages, which signs
its URLs (the bucket stays private) and reads credentials as boto3 does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from atrium.common.storage import storage_location
from atrium.config import Settings


def media_storage(settings: Settings) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry for ``settings``."""
    location = storage_location(settings.storage)
    if location.scheme == "file":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(Path(location.root) / "media")},
        }
    endpoint = settings.storage_endpoint_url
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": location.root,
            "location": f"{location.prefix}/media".lstrip("/"),
            "endpoint_url": endpoint,
            "addressing_style": "path" if endpoint else None,
            "signature_version": "s3v4",  # what current regions and MinIO accept
            # An upload never replaces another's file: a clash gets a new name.
            "file_overwrite": False,
        },
    }
