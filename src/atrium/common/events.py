"""The change events core sends the AI worker: one model per event, its task name beside it.

Core builds these and sends ``event.model_dump(mode="json")`` as the task's single
argument on the ``ai`` queue; the worker validates that argument with the same model
(``atrium.ai.tasks``), so the shape is declared once. Unknown fields are ignored, so a
producer may add one before the consumer reads it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, Field

QUEUE = "ai"


class ChangeEvent(BaseModel):
    """An event, sent as the task named ``task``."""

    task: ClassVar[str]


class ItemChanged(ChangeEvent):
    """A published item (in a published track) was created or changed."""

    task: ClassVar[str] = "atrium.ai.tasks.index_item"

    item_id: str = Field(min_length=1, max_length=64)
    organization_id: int | None = Field(None, description="None for the public catalog.")
    kind: str = Field(min_length=1, max_length=32)
    tags: list[str] = Field(default_factory=list)
    title: str = Field(min_length=1, max_length=300)
    summary: str = ""
    body: str = ""
    updated_at: datetime | None = None


class ItemRemoved(ChangeEvent):
    """An item was deleted or stopped being published."""

    task: ClassVar[str] = "atrium.ai.tasks.remove_item"

    item_id: str = Field(min_length=1, max_length=64)


class ProgressChanged(ChangeEvent):
    """A learner's progress on an item changed (``changes``: field -> [before, after])."""

    task: ClassVar[str] = "atrium.ai.tasks.progress_changed"

    user_id: int
    item_id: str = Field(min_length=1, max_length=64)
    organization_id: int | None = None
    status: str = Field(min_length=1, max_length=20)
    score: int | None = None
    attempts: int = 0
    time_spent_s: int = 0
    version: int = 1
    changes: dict[str, list[Any]] = Field(default_factory=dict)
    updated_at: datetime


class UserRemoved(ChangeEvent):
    """An account was deleted: the AI store drops what it keeps about the user."""

    task: ClassVar[str] = "atrium.ai.tasks.remove_user"

    user_id: int
