"""Beat's drain of the outbox. Idempotent: a message is deleted once sent, and a second
drain finds only what is still waiting."""

from __future__ import annotations

from atrium.core.outbox import services
from atrium.tasks import celery_app


@celery_app.task(name="atrium.core.outbox.tasks.drain")
def drain() -> int:
    return services.drain()
