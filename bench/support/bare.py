"""The baselines: the smallest JSON endpoint an ASGI server can serve, bare and in FastAPI."""

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def hello(_: object) -> JSONResponse:
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/", hello)])

fastapi_app = FastAPI()


@fastapi_app.get("/")
async def fastapi_hello() -> dict[str, str]:
    return {"status": "ok"}
