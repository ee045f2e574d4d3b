"""An answer to another question: the fake's ``mismatch`` fault applied to a JSON body.

Dates (values of ``date`` and date-shaped object keys) move a day ahead, record ids and
IMDb ids change, and a ``page`` in a link moves to the next page: what a misrouted or
mis-cached upstream answer looks like to a client that checks what it gets.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

IDS = ("id", "neo_reference_id")
PAGE = re.compile(r"([?&]page=)(\d+)")


def _next_day(text: str) -> str:
    try:
        return (dt.date.fromisoformat(text) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return text


def _value(key: str, value: Any) -> Any:
    if key == "date" and isinstance(value, str):
        return _next_day(value)
    if key in IDS and isinstance(value, str):
        return f"{value}0"
    if key == "imdbID" and isinstance(value, str):
        return "tt0000001"
    if key == "href" and isinstance(value, str):
        return PAGE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", value)
    return skew(value)


def skew(body: Any) -> Any:
    """``body`` as if it answered a neighbouring question."""
    if isinstance(body, dict):
        return {_next_day(key): _value(key, value) for key, value in body.items()}
    if isinstance(body, list):
        return [skew(item) for item in body]
    return body
