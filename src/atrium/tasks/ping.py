"""A task whose only job is to come back: the health check's round trip to a worker."""

import os
import socket

from atrium.tasks.app import celery_app


@celery_app.task(name="atrium.tasks.ping", ignore_result=False)
def ping() -> dict[str, str | int]:
    return {"host": socket.gethostname(), "pid": os.getpid()}
