import uuid

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """A task message written in the transaction of the change it describes, and deleted
    once the broker has taken it (``atrium.core.outbox.services``)."""

    # The message's Celery task id: a worker that already finished it skips a second copy.
    task_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.CharField(max_length=200)
    queue = models.CharField(max_length=50)
    payload = models.JSONField()
    # The trace context and request id of the change, so a late publish continues them.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The sender publishing it now, so two senders (a commit's and a drain) never both do.
    claim = models.UUIDField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.task} ({self.task_id})"
