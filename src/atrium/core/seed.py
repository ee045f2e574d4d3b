"""Demo data for a laptop: idempotent, so `make dev` can load it on every start."""

from __future__ import annotations

from collections.abc import Iterator

from atrium.core.accounts.models import User
from atrium.core.learning.demo import seed_learning

DEMO_ADMIN_EMAIL = "admin@atrium.localhost"
DEMO_ADMIN_PASSWORD = "atrium-demo-admin"  # noqa: S105 - demo data, refused when ATRIUM_ENV=prod


def seed_demo() -> Iterator[str]:
    admin, created = User.objects.get_or_create(
        email=DEMO_ADMIN_EMAIL, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_ADMIN_PASSWORD)
        admin.save(update_fields=["password"])
    state = "created" if created else "exists"
    yield f"admin login: {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD} ({state})"
    yield from seed_learning(admin)
