"""The catalog (Track -> Module -> Item) and each user's progress through it.

A track with no organization belongs to the public catalog that every organization
shares; otherwise it is private to its organization. An item carries its track's
organization (copied on save, never changed afterwards) so visibility is one filter.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Publication(models.TextChoices):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class ItemKind(models.TextChoices):
    LESSON = "lesson"
    LAB = "lab"
    QUIZ = "quiz"
    VIDEO = "video"
    READING = "reading"


SCORED_KINDS = frozenset({ItemKind.QUIZ, ItemKind.LAB})


def _slug_per_catalog(model: str) -> list[models.BaseConstraint]:
    """A slug is unique within its catalog; the public catalog (no organization) too."""
    return [
        models.UniqueConstraint(fields=["organization", "slug"], name=f"{model}_slug_per_org"),
        models.UniqueConstraint(
            fields=["slug"], condition=Q(organization__isnull=True), name=f"{model}_slug_public"
        ),
    ]


class Track(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tracks",
        help_text="Empty for the public catalog.",
    )
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=Publication.choices, default=Publication.DRAFT)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    state_before_save: str | None = None  # set by a pre_save receiver (signals.py)

    class Meta:
        ordering = ("position", "pk")
        constraints = _slug_per_catalog("track")

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("track", "position", "pk")
        constraints = [models.UniqueConstraint(fields=["track", "slug"], name="module_slug")]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="items")
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown.")
    content = models.JSONField(
        default=dict, blank=True, help_text="A quiz's questions, a lab's steps, a video's media."
    )
    tags = models.JSONField(default=list, blank=True)
    difficulty = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    estimated_minutes = models.PositiveIntegerField(default=10)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks"
    )
    state = models.CharField(max_length=16, choices=Publication.choices, default=Publication.DRAFT)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("module", "position", "pk")
        constraints = [
            *_slug_per_catalog("item"),
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5), name="item_difficulty_1_5"
            ),
        ]
        indexes = [models.Index(fields=["organization", "state"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if self._state.adding and self.organization_id is None:
            self.organization_id = self.module.track.organization_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        super().clean()
        if self.module_id and self.module.track.organization_id != self.organization_id:
            if self._state.adding and self.organization_id is None:
                return  # save() copies it from the track
            raise ValidationError({"module": "An item stays in its catalog's tracks."})


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Progress(models.Model):
    """One user's progress on one item. ``version`` grows by one with every change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_progress"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        max_length=16, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    attempts = models.PositiveIntegerField(default=0)
    time_spent_s = models.PositiveIntegerField(default=0)
    checklist = models.JSONField(default=list, blank=True, help_text="A lab's steps done.")
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="progress_user_item"),
            models.CheckConstraint(condition=Q(score__lte=100), name="progress_score_0_100"),
        ]
        indexes = [
            models.Index(fields=["user", "updated_at"]),
            models.Index(fields=["item", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.item}: {self.status}"


class ProgressEvent(models.Model):
    """One change to a progress record: what it was, what it became. Written, never edited.

    Replaying a record's events in version order rebuilds it: each event holds the full
    state after the change.
    """

    class Kind(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        RESET = "reset"

    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="events")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    changes = models.JSONField(default=dict, help_text="Each changed field: [before, after].")
    state = models.JSONField(default=dict, help_text="The whole record after the change.")

    class Meta:
        ordering = ("progress", "version")
        constraints = [
            models.UniqueConstraint(fields=["progress", "version"], name="progress_event_version")
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version} of progress {self.progress_id}"
