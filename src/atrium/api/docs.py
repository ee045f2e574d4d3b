"""api's Swagger UI, from the ``swagger-ui-bundle`` package and served by api itself: the
page works offline and under a CSP that admits this origin's scripts only (its start-up
script is a file too, reading the spec's address from the page)."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from atrium.common import routing

DOCS = f"{routing.API_DOCS.prefix}/docs"
ASSETS = f"{DOCS}/assets"

START = """window.ui = SwaggerUIBundle({
  url: document.body.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  layout: "BaseLayout",
});
"""


def page(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/favicon-32x32.png">
</head>
<body data-openapi-url="{escape(openapi_url)}">
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{DOCS}/start.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at ``{API_DOCS}/docs`` for ``app``'s OpenAPI spec."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="swagger-ui")
    html = page(f"{app.title} - Swagger UI", app.openapi_url or "")

    @app.get(DOCS, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(html)

    @app.get(f"{DOCS}/start.js", include_in_schema=False)
    async def swagger_ui_start() -> Response:
        return Response(START, media_type="text/javascript")
