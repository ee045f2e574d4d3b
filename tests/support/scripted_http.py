"""A stand-in server for ``httpx.MockTransport``: scripted answers first, then a steady one."""

from __future__ import annotations

from typing import Any

import httpx


class Scripted:
    """Answers with ``script`` in order, then with ``then`` (JSON) to every later request."""

    def __init__(self, *script: httpx.Response, then: Any = None) -> None:
        self.script = list(script)
        self.then = {"ok": True} if then is None else then
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.script.pop(0) if self.script else httpx.Response(200, json=self.then)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)
