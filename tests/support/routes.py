"""Which process must answer each path: the gateway's route table, as cases.

Both the composed ASGI gateway and the real nginx config are checked against it.
"""

ROUTE_CASES = [
    ("/api/v1/health/", "core"),
    ("/api/v1/docs", "core"),
    ("/api/v1/auth/token", "core"),
    ("/api/v1/users/me", "core"),
    ("/api/v1/organizations/", "core"),
    ("/api/v1/catalog/tracks", "core"),
    ("/api/v1/progress/", "core"),
    ("/api/v1/tasks/00000000-0000-0000-0000-000000000000", "core"),
    ("/admin/login/", "core"),
    ("/.well-known/jwks.json", "core"),
    ("/static/admin/css/base.css", "core"),
    ("/api/v1/chatter", "core"),
    ("/api/v1/integrations/nasa/apod", "api"),
    ("/api/v1/integrations", "api"),
    ("/api/v1/recommendations", "api"),
    ("/api/v1/embeddings", "api"),
    ("/api/v1/personality/analyze", "api"),
    ("/api/v1/chat", "api"),
    ("/api/v1/ml/models", "api"),
    ("/api/v1/api/openapi.json", "api"),
    ("/", "web"),
    ("/learn/tracks", "web"),
    ("/_next/static/chunk.js", "web"),
]
