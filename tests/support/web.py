"""A stand-in for the Next.js dashboard: answers every path, naming itself."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.peers.append(self.client_address[1])  # type: ignore[attr-defined]
        self.server.request_ids.append(self.headers.get("X-Request-ID"))  # type: ignore[attr-defined]
        body = f"web:{self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Atrium-Service", "web")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class FakeWeb(ThreadingHTTPServer):
    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.peers: list[int] = []  # the client port of every request: reuse shows keep-alive
        self.request_ids: list[str | None] = []  # the X-Request-ID each request came with

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def fake_web(port: int) -> Iterator[FakeWeb]:
    server = FakeWeb(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
