from __future__ import annotations

from typing import Annotated, Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from pydantic import Field, TypeAdapter, ValidationError

from atrium.core.learning.content import checked_content
from atrium.core.learning.models import Item, Module, Progress, ProgressEvent, Track
from atrium.core.learning.schemas import Tag
from atrium.core.learning.services.progress import reset_progress


class ModuleInline(admin.TabularInline):
    model = Module
    fields = ("position", "slug", "title")
    extra = 0
    show_change_link = True


# The API's rule for tags, so a tag typed in the admin is stored as the API would store it.
TAGS = TypeAdapter(Annotated[list[Tag], Field(max_length=20)])


class ItemTagsForm(forms.ModelForm):
    def clean_tags(self) -> list[str]:
        try:
            return TAGS.validate_python(self.cleaned_data.get("tags") or [])
        except ValidationError as exc:
            raise forms.ValidationError(
                "Tags are a list of at most 20 texts of 1 to 40 characters"
            ) from exc


class ItemInline(admin.StackedInline):
    model = Item
    form = ItemTagsForm
    fields = (
        ("slug", "kind", "state", "position"),
        "title",
        "summary",
        "body",
        ("difficulty", "estimated_minutes", "tags"),
        "prerequisites",
    )
    filter_horizontal = ("prerequisites",)
    extra = 0


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "organization", "state", "position", "updated_at")
    list_filter = ("state", "organization")
    search_fields = ("title", "slug")
    inlines = (ModuleInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("slug", "organization") if obj else ()  # stable once created


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "track", "position")
    list_filter = ("track",)
    search_fields = ("title", "slug")
    inlines = (ItemInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("track", "slug") if obj else ()  # its items belong to the track's catalog


class ItemForm(ItemTagsForm):
    class Meta:
        model = Item
        fields = (  # the admin passes the fields it shows; these are the form's own
            "module",
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "content",
            "tags",
            "difficulty",
            "estimated_minutes",
            "prerequisites",
            "state",
            "position",
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        try:
            checked_content(cleaned.get("kind", ""), cleaned.get("content") or {})
        except ValueError as exc:  # pydantic's ValidationError is one
            self.add_error("content", str(exc))
        return cleaned


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    form = ItemForm
    list_display = ("title", "slug", "kind", "module", "difficulty", "state", "updated_at")
    list_filter = ("kind", "state", "difficulty", "organization", "module__track")
    list_select_related = ("module",)
    search_fields = ("title", "slug", "summary")
    filter_horizontal = ("prerequisites",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("organization", "slug") if obj else ("organization",)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProgressEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ProgressEvent
    fields = ("version", "kind", "actor", "at", "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Progress)
class ProgressAdmin(admin.ModelAdmin):
    """Progress changes through the API (or a reset); here it is read, with its history."""

    list_display = ("user", "item", "status", "score", "attempts", "time_spent_s", "updated_at")
    list_filter = ("status", "item__organization", "item__module__track")
    list_select_related = ("user", "item")
    search_fields = ("user__email", "item__title", "item__slug")
    readonly_fields = (
        "user",
        "item",
        "status",
        "score",
        "attempts",
        "time_spent_s",
        "started_at",
        "completed_at",
        "version",
        "created_at",
        "updated_at",
    )
    inlines = (ProgressEventInline,)
    actions = ("reset",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Reset to not started (the history is kept)")
    def reset(self, request: HttpRequest, queryset: QuerySet[Progress]) -> None:
        actor = getattr(request.user, "pk", None)
        for progress in queryset.select_related("item"):
            reset_progress(user_id=progress.user_id, item=progress.item, actor_id=actor)
        self.message_user(request, f"Reset {queryset.count()} progress record(s).")


@admin.register(ProgressEvent)
class ProgressEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("progress", "version", "kind", "actor", "at")
    list_filter = ("kind",)
    list_select_related = ("progress__user", "progress__item", "actor")
    search_fields = ("progress__user__email", "progress__item__slug")
