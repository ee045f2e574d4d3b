"""Which service answers each public path: the one route table.

The composed gateway routes by it, api mounts its routers at its prefixes, and tests check
the nginx config, the Kubernetes Ingress and both apps' route tables against it, so a new
route that one of them misses fails a unit test rather than a user's request.

The longest matching prefix wins, a prefix matches whole path segments (``/api/v1/chat``
does not own ``/api/v1/chatter``), and a path under no prefix belongs to the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Service = Literal["core", "api", "web"]


@dataclass(frozen=True)
class Mount:
    prefix: str
    service: Service

    def owns(self, path: str) -> bool:
        return path == self.prefix or path.startswith(self.prefix + "/")


INTEGRATIONS = Mount("/api/v1/integrations", "api")
RECOMMENDATIONS = Mount("/api/v1/recommendations", "api")
EMBEDDINGS = Mount("/api/v1/embeddings", "api")
PERSONALITY = Mount("/api/v1/personality", "api")
CHAT = Mount("/api/v1/chat", "api")
API_DOCS = Mount("/api/v1/api", "api")  # api's own OpenAPI spec and docs
ML = Mount("/api/v1/ml", "core")
CORE_API = Mount("/api", "core")
ADMIN = Mount("/admin", "core")
WELL_KNOWN = Mount("/.well-known", "core")
STATIC = Mount("/static", "core")

MOUNTS: tuple[Mount, ...] = (
    INTEGRATIONS,
    RECOMMENDATIONS,
    EMBEDDINGS,
    PERSONALITY,
    CHAT,
    API_DOCS,
    ML,
    CORE_API,
    ADMIN,
    WELL_KNOWN,
    STATIC,
)

# Each process answers these itself, for its probes and scrapers; no gateway routes them.
SERVICE_LOCAL_PATHS = ("/healthz", "/readyz", "/metrics")


def mount_of(path: str) -> Mount | None:
    matches = [mount for mount in MOUNTS if mount.owns(path)]
    return max(matches, key=lambda mount: len(mount.prefix), default=None)


def owner_of(path: str) -> Service:
    mount = mount_of(path)
    return mount.service if mount else "web"
