"""Answering ``Range: bytes=...`` from a file in the object store, so a browser can seek
in a video. The bytes are streamed in chunks: a whole video is never held in memory."""

from __future__ import annotations

import re

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from atrium.common.storage import ObjectMissing, get_object_store
from atrium.core.domain import NotFound
from atrium.core.learning.content import MediaFile

SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _span(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte ``header`` asks for; None for the whole file."""
    matched = SINGLE_RANGE.match(header.strip())
    if matched is None or matched.groups() == ("", ""):
        return None  # several ranges or a malformed one: the whole file is a valid answer
    first, last = matched.groups()
    if first == "":  # the last N bytes
        return max(size - int(last), 0), size - 1
    return int(first), min(int(last), size - 1) if last else size - 1


def ranged_response(request: HttpRequest, media: MediaFile) -> HttpResponseBase:
    store = get_object_store()
    try:
        size = store.size(media.key)
        span = _span(request.headers.get("Range", ""), size)
        if span is not None and (span[0] >= size or span[0] > span[1]):
            response: HttpResponseBase = JsonResponse(
                {"detail": f"The file has {size} bytes"}, status=416
            )
            response["Content-Range"] = f"bytes */{size}"
        else:
            first, last = span or (0, size - 1)
            chunks = store.read_range(media.key, first, last) if size else iter(())
            response = StreamingHttpResponse(chunks, content_type=media.content_type)
            response["Content-Length"] = str(last - first + 1)
            if span is not None:
                response.status_code = 206
                response["Content-Range"] = f"bytes {first}-{last}/{size}"
    except ObjectMissing:
        raise NotFound("The media file is missing from storage") from None
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    return response
