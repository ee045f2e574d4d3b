"""The baseline: the smallest JSON endpoint an ASGI server can serve."""

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def hello(_: object) -> JSONResponse:
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/", hello)])
