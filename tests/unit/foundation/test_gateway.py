import httpx

from atrium.gateway import Gateway, WebProxy
from tests.support.routes import ROUTE_CASES
from tests.support.services import free_port


def _named(name: str):  # a minimal ASGI app that names itself
    async def app(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"x-atrium-service", name.encode())],
            }
        )
        await send({"type": "http.response.body", "body": name.encode()})

    return app


async def test_the_gateway_dispatches_by_path() -> None:
    gateway = Gateway(core=_named("core"), api=_named("api"), web=_named("web"))
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        for path, owner in ROUTE_CASES:
            assert (await client.get(path)).text == owner, path


async def test_without_a_dashboard_the_root_says_where_to_go() -> None:
    web = WebProxy(f"http://127.0.0.1:{free_port()}")
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        response = await client.get("/")
    assert response.status_code == 503
    assert "/api/v1/health/" in response.text
