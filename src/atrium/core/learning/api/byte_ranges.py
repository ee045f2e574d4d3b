"""Answering ``Range: bytes=...`` from bytes in hand, so a browser can seek in a video."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, JsonResponse

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


def ranged_response(request: HttpRequest, data: bytes, content_type: str) -> HttpResponse:
    size = len(data)
    span = _span(request.headers.get("Range", ""), size)
    if span is None:
        response = HttpResponse(data, content_type=content_type)
    elif span[0] >= size or span[0] > span[1]:
        response = JsonResponse({"detail": f"The file has {size} bytes"}, status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        first, last = span
        response = HttpResponse(data[first : last + 1], status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    return response
