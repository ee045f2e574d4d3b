"""Demo data for a laptop: idempotent, so `make dev` can load it on every start."""

from __future__ import annotations

from collections.abc import Iterator

from atrium.core.accounts.models import User
from atrium.core.accounts.services import create_account
from atrium.core.audit_context import AuditContext
from atrium.core.learning.demo import seed_learning
from atrium.core.ml.demo import seed_ml

DEMO_ADMIN_EMAIL = "admin@atrium.localhost"
DEMO_ADMIN_PASSWORD = "atrium-demo-admin"  # noqa: S105 - demo data, refused when ATRIUM_ENV=prod


def seed_demo() -> Iterator[str]:
    audit = AuditContext.system("seed")
    admin = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
    state = "exists" if admin else "created"
    if admin is None:
        admin = create_account(
            audit=audit,
            email=DEMO_ADMIN_EMAIL,
            password=DEMO_ADMIN_PASSWORD,
            verified=True,
            superuser=True,
        )
    yield f"admin login: {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD} ({state})"
    yield from seed_learning(admin, audit=audit)
    yield from seed_ml()
