from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from ninja import Schema
from pydantic import Field


class JobState(StrEnum):
    PENDING = "PENDING"
    STARTED = "STARTED"
    PROGRESS = "PROGRESS"
    RETRY = "RETRY"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    REVOKED = "REVOKED"


class Progress(Schema):
    done: int
    total: int
    percent: float


class JobOut(Schema):
    id: uuid.UUID
    name: str
    state: JobState
    progress: Progress | None = None
    result: Any = None
    error: str | None = None
    created_at: datetime


class CountJobIn(Schema):
    steps: int = Field(default=20, ge=1, le=1000, description="How many steps to count.")
    step_seconds: float = Field(default=0.1, ge=0, le=5, description="Pause between steps.")
