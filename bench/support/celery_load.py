"""``python -m bench.support.celery_load N``: send N one-step jobs, wait for all, print JSON.

Run in its own process, with the broker and result backend of the run in its environment,
so the Celery app is configured exactly as core's is.
"""

from __future__ import annotations

import json
import sys
import time

from atrium.tasks import celery_app

TASK = "atrium.core.jobs.tasks.count"


def run(count: int) -> dict[str, float]:
    started = time.perf_counter()
    pending = [
        celery_app.send_task(TASK, kwargs={"steps": 1, "step_seconds": 0}) for _ in range(count)
    ]
    sent = time.perf_counter() - started
    for result in pending:
        result.get(timeout=120, interval=0.01)
    seconds = time.perf_counter() - started
    return {"tasks": count, "sent_s": sent, "seconds": seconds, "per_s": count / seconds}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(run(int(sys.argv[1]))) + "\n")
