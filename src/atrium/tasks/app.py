"""The Celery app. Tasks live in the domain they serve; this module only wires them up.

The worker imports core's tasks, which use the Django ORM, so Django is set up when the
worker loads its task modules (``import_modules`` fires before ``include`` is imported).
Producers never need Django: api sends work by task name.
"""

from __future__ import annotations

import os
from functools import partial
from typing import Any

from celery import Celery, signals

from atrium.config import Settings, get_settings
from atrium.tasks import broker, redis_broker
from atrium.tasks.metrics import connect_task_metrics
from atrium.tasks.routing import QUEUES, TASK_ROUTES
from atrium.tasks.schedule import BEAT_SCHEDULE

TASK_MODULES = [
    "atrium.core.jobs.tasks",
    "atrium.core.ml.tasks",
    "atrium.core.outbox.tasks",
    "atrium.integrations.tasks",
    "atrium.ai.tasks",
]


def build_celery() -> Celery:
    broker.register()
    connect_task_metrics()
    settings = get_settings()
    app = Celery("atrium", include=TASK_MODULES)
    app.conf.update(
        broker_url=settings.broker_url,
        result_backend=settings.result_backend,
        database_engine_options=_result_engine_options(settings.result_backend),
        broker_connection_retry_on_startup=True,
        broker_transport_options=_transport_options(settings),
        # JSON only: nothing a client sends can become a pickle the worker loads.
        accept_content=["json"],
        task_serializer="json",
        result_serializer="json",
        # Results keep the task's name and arguments, so /api/v1/tasks/{id} can show them.
        result_extended=True,
        result_expires=7 * 24 * 3600,
        task_track_started=True,
        # A task is acknowledged when it finished: a worker that dies mid-task hands it on.
        # Every task must therefore be idempotent.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # A soft limit raises SoftTimeLimitExceeded in the task so it can clean up;
        # the hard limit kills the process a minute later.
        task_soft_time_limit=25 * 60,
        task_time_limit=26 * 60,
        task_queues=QUEUES,
        task_default_queue="default",
        task_routes=TASK_ROUTES,
        # Events let Flower and `celery events` watch the cluster.
        worker_send_task_events=True,
        task_send_sent_event=True,
        # Beat keeps its schedule in the database (editable in the admin), where a crash
        # cannot leave it half-written; BEAT_SCHEDULE's entries are synced in at its start.
        beat_schedule=BEAT_SCHEDULE,
        beat_scheduler="django_celery_beat.schedulers:DatabaseScheduler",
        timezone="UTC",
        enable_utc=True,
    )
    return app


def _transport_options(settings: Settings) -> dict[str, Any]:
    # The embedded broker and Redis renew the lease of a running task, so the timeout
    # only says how soon a killed worker's task is handed to another.
    if settings.broker_url.startswith("sqlite"):
        return {"visibility_timeout": settings.broker_visibility_timeout_s}
    if settings.broker_url.startswith("redis"):
        return redis_broker.transport_options(settings.broker_visibility_timeout_s)
    # RabbitMQ requeues a dead consumer's unacked messages at once; confirms make a
    # publish return only once the broker has the message, so a restart loses none.
    return {"confirm_publish": True}


def _result_engine_options(result_backend: str) -> dict[str, Any]:
    """The SQLite results database in WAL mode, as the embedded broker's: three writes per
    job (started, progress, done) must not each wait for a reader or a full sync."""
    prefix = "db+sqlite:///"
    if not result_backend.startswith(prefix):
        return {}
    return {"creator": partial(broker.open_wal, result_backend.removeprefix(prefix))}


@signals.import_modules.connect
def _setup_django(sender: Any = None, **_: Any) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    import django

    django.setup()


celery_app = build_celery()
