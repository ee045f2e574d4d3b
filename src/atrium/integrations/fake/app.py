"""The fake upstream as one ASGI app, its control endpoints, and a way to run it."""

from __future__ import annotations

import threading
import time
from dataclasses import asdict
from types import TracebackType

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from atrium.integrations.fake import apis, nasa
from atrium.integrations.fake.faults import Control, Fault, FaultInjector, Mode

SETTINGS = {
    "nasa": "NASA_BASE_URL",
    "nasa_images": "NASA_IMAGES_BASE_URL",
    "omdb": "OMDB_BASE_URL",
    "potter": "POTTER_BASE_URL",
    "dogs": "DOGS_BASE_URL",
    "official_jokes": "OFFICIAL_JOKES_BASE_URL",
    "jokeapi": "JOKEAPI_BASE_URL",
    "nominatim": "NOMINATIM_BASE_URL",
}


def settings_for(base_url: str) -> dict[str, str]:
    """The environment that points every connector at a fake served at ``base_url``."""
    env = {setting: f"{base_url}/{name}" for name, setting in SETTINGS.items()}
    return env | {"OMDB_API_KEY": "fake-key"}


def create_fake(control: Control | None = None) -> ASGIApp:
    control = control or Control()

    async def set_fault(request: Request) -> JSONResponse:
        body = await request.json()
        fault = Fault(
            mode=Mode(body["mode"]),
            delay_s=float(body.get("delay_s", 0)),
            retry_after=int(body.get("retry_after", 1)),
            remaining=body.get("count"),
        )
        control.inject(body.get("upstream", "*"), fault)
        return JSONResponse({"upstream": body.get("upstream", "*"), "mode": fault.mode})

    async def reset(_: Request) -> JSONResponse:
        control.clear()
        return JSONResponse({"faults": 0})

    async def seen(request: Request) -> JSONResponse:
        upstream = request.query_params.get("upstream")
        return JSONResponse([asdict(s) for s in control.requests(upstream)])

    app = Starlette(
        routes=[
            *nasa.routes,
            *apis.routes,
            Route("/_fake/faults", set_fault, methods=["POST"]),
            Route("/_fake/reset", reset, methods=["POST"]),
            Route("/_fake/requests", seen),
        ]
    )
    app.state.control = control
    return FaultInjector(app, control)


class FakeServer:
    """The fake on a loopback port, in a background thread (tests, benchmarks)."""

    def __init__(self, port: int, control: Control | None = None) -> None:
        self.control = control or Control()
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            create_fake(self.control),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake upstream did not start")
            time.sleep(0.02)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.should_exit = True
        self._thread.join(10)

    def base_url(self, upstream: str) -> str:
        return f"{self.url}/{upstream}"
