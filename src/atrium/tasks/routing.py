"""Queues and where each domain's tasks go. Workers can be scaled per queue."""

from kombu import Queue

QUEUE_NAMES = ("default", "integrations", "ai", "ml")
QUEUES = tuple(Queue(name, routing_key=name) for name in QUEUE_NAMES)

TASK_ROUTES = {
    "atrium.integrations.*": {"queue": "integrations"},
    "atrium.ai.*": {"queue": "ai"},
    "atrium.ml.*": {"queue": "ml"},
    "atrium.core.ml.*": {"queue": "ml"},
}
