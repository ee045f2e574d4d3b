"""Django's media goes through django-storages to the same bucket and prefix as the store."""

from __future__ import annotations

import httpx
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from atrium.common.storage import open_object_store
from atrium.config import Settings
from atrium.core.media import media_storage


def test_an_upload_is_saved_as_an_object_under_the_media_prefix(s3_env: dict[str, str]) -> None:
    config = media_storage(Settings())
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    store = open_object_store(s3_env["STORAGE_URL"], endpoint_url=s3_env["STORAGE_ENDPOINT_URL"])

    with override_settings(STORAGES={**django_settings.STORAGES, "default": config}):
        first = default_storage.save("avatars/ann.png", ContentFile(b"\x89PNG first"))
        second = default_storage.save("avatars/ann.png", ContentFile(b"\x89PNG second"))
        with default_storage.open(first) as stored:
            assert stored.read() == b"\x89PNG first"
        url = default_storage.url(first)

    assert first == "avatars/ann.png"
    assert second != first  # an upload never replaces another's file
    assert store.get(f"media/{first}") == b"\x89PNG first"
    assert store.get(f"media/{second}") == b"\x89PNG second"
    assert url.startswith(f"{s3_env['STORAGE_ENDPOINT_URL']}/")
    assert "X-Amz-Signature=" in url  # the bucket stays private: links are signed
    assert httpx.get(url).content == b"\x89PNG first"
