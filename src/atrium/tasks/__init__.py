"""The Celery app shared by core and api: routing, queues and the beat schedule."""

from atrium.tasks import telemetry  # connects its signals: request ids, logs, traces
from atrium.tasks.app import celery_app

__all__ = ["celery_app", "telemetry"]
