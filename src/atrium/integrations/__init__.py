"""Public APIs behind one resilient, cached, rate-limited async service.

Each connector (``connectors/``) fetches from its upstream through the shared client
(``base/``), validates the body against the upstream's documented shape and normalizes
it into Atrium's own schemas.
"""
