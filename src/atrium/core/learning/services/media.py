"""A video item's files in Atrium's object store, and the signed links that serve them.

Files are stored under ``learning/media/<sha256>.<ext>``: the same file imported twice
is one object, and an object never changes. A browser's ``<video>`` and ``<track>``
cannot send the bearer token, so whoever may see the item gets links signed for it
(:func:`signed_path`), valid for ``LINK_MAX_AGE_S``; the media route checks the signature
instead of a token.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from django.core import signing

from atrium.common.storage import ObjectExists, get_object_store
from atrium.core.domain import NotFound
from atrium.core.learning.content import MediaFile, Video, content_of
from atrium.core.learning.models import Item

MEDIA_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".vtt": "text/vtt"}
MEDIA_NAMES = ("video", "captions")
MAX_MEDIA_BYTES = 200 * 1024 * 1024
LINK_MAX_AGE_S = 6 * 3600
_SALT = "atrium.learning.media"


def store_media(path: Path) -> MediaFile:
    """Put the file at ``path`` in the object store (once) and name it."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    key = f"learning/media/{hashlib.sha256(data).hexdigest()}{suffix}"
    with contextlib.suppress(ObjectExists):  # the same bytes, imported before
        get_object_store().put(key, data, content_type=MEDIA_TYPES[suffix], immutable=True)
    return MediaFile(key=key, content_type=MEDIA_TYPES[suffix])


def signed_path(item_id: int, name: str) -> str:
    token = signing.dumps([item_id, name], salt=_SALT, compress=False)
    return f"/api/v1/catalog/items/{item_id}/media/{name}?token={token}"


def find_media(*, item_id: int, name: str, token: str) -> MediaFile:
    """The file a link signed for ``item_id``'s ``name`` names; 404 for anything else."""
    try:
        signed = signing.loads(token, salt=_SALT, max_age=LINK_MAX_AGE_S)
    except signing.BadSignature:
        raise NotFound("This media link is not valid or has expired") from None
    if signed != [item_id, name]:
        raise NotFound("This media link is for another file")
    item = Item.objects.filter(pk=item_id).only("kind", "content").first()
    video = content_of(item, Video) if item else None
    found = video.media if video and name == "video" else video.captions if video else None
    if found is None:
        raise NotFound("No such media")
    return found
