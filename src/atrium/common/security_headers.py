"""The response headers every Atrium service sends: a strict Content-Security-Policy and
the usual hardening headers. core and api send the same values, so a page served by
either (the admin, both API docs) is treated alike; the dashboard builds its own policy
with a per-request nonce (``frontend/src/middleware.ts``), and the gateways fill in only
what an upstream left out.

Scripts come from the serving origin only (both Swagger UIs and the admin load theirs
from it); inline styles are admitted because Swagger UI and the admin set ``style``
attributes; no page may be framed.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
REFERRER_POLICY = "strict-origin-when-cross-origin"
# Names the service that answered ("core", "api"), so routing through a gateway can be checked.
SERVICE_HEADER = "X-Atrium-Service"

HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": REFERRER_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}
