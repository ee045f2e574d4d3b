"""The prediction log: every served prediction is kept, written in batches.

No sampling: each prediction becomes one row. A batch request writes its rows in one
bulk insert. Single predictions wait in this process's buffer until it holds
:data:`FLUSH_ROWS` rows or its oldest row is :data:`FLUSH_SECONDS` old (checked on each
prediction), and at process exit; a process killed outright loses at most that buffer.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import structlog
from django.utils import timezone

from atrium.core.ml.models import ModelVersion, PredictionLog

log = structlog.get_logger(__name__)
FLUSH_ROWS = 200
FLUSH_SECONDS = 5.0


def rows_for(
    version: ModelVersion,
    pairs: Sequence[tuple[int | None, int | None]],
    X: np.ndarray,
    probabilities: np.ndarray,
    at: datetime | None = None,
) -> list[PredictionLog]:
    moment = at or timezone.now()
    return [
        PredictionLog(
            model_version=version,
            learner_id=learner_id,
            item_id=item_id,
            features=[round(float(value), 6) for value in row],
            probability=float(probability),
            predicted_at=moment,
        )
        for (learner_id, item_id), row, probability in zip(pairs, X, probabilities, strict=True)
    ]


def write(rows: list[PredictionLog]) -> None:
    """A batch's rows, in one insert (Django splits it where the database needs)."""
    PredictionLog.objects.bulk_create(rows)


class PredictionBuffer:
    """Rows of single predictions, written together once enough of them (or time) pass."""

    def __init__(self, rows: int = FLUSH_ROWS, seconds: float = FLUSH_SECONDS) -> None:
        self.rows, self.seconds = rows, seconds
        self.pending: list[PredictionLog] = []
        self.oldest: float | None = None
        self.lock = threading.Lock()

    def add(self, rows: list[PredictionLog]) -> None:
        with self.lock:
            self.pending.extend(rows)
            self.oldest = self.oldest or time.monotonic()
            due = len(self.pending) >= self.rows or time.monotonic() - self.oldest >= self.seconds
        if due:
            self.flush()

    def take(self) -> list[PredictionLog]:
        with self.lock:
            taken, self.pending, self.oldest = self.pending, [], None
        return taken

    def flush(self) -> int:
        taken = self.take()
        if taken:
            write(taken)
        return len(taken)


BUFFER = PredictionBuffer()


def _flush_at_exit() -> None:
    try:
        BUFFER.flush()
    except Exception as exc:  # the database may be gone at exit: say what was lost
        log.warning("prediction log rows lost at exit", error=str(exc))


atexit.register(_flush_at_exit)
