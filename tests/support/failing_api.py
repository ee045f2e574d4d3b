"""api's app with one more route that fails deep in a stack of large locals: a forced 500.

Served by uvicorn as the dev server serves api, so the test sees what a developer's
terminal and event loop go through when a route has a bug.
"""

from __future__ import annotations

from atrium.api.main import create_app

app = create_app()


def _descend(depth: int, payload: dict[str, list[int]]) -> None:
    if depth == 0:
        raise RuntimeError("a bug, deep down")
    _descend(depth - 1, {**payload, str(depth): list(range(2_000))})


@app.get("/boom", include_in_schema=False)
async def boom() -> None:
    _descend(60, {})
