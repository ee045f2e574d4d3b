"""The registry in the admin: promote (through the gate), roll back, archive."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from atrium.core.domain import DomainError
from atrium.core.ml.models import ModelVersion, MonitoringSnapshot
from atrium.core.ml.services import registry


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "stage", "organization", "auc", "created_at", "promoted_at")
    list_filter = ("name", "stage", "organization")
    actions = ("promote", "roll_back", "archive")
    readonly_fields = [field.name for field in ModelVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions come from training only

    @admin.display(description="ROC AUC (baseline)")
    def auc(self, version: ModelVersion) -> str:
        ours, base = version.metrics.get("roc_auc"), version.baseline_metrics.get("roc_auc")
        return f"{ours:.3f} ({base:.3f})" if ours is not None and base is not None else "-"

    @admin.action(description="Promote to production (through the gate)")
    def promote(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        for version in queryset:
            self._apply(request, version.label, partial(registry.promote, version))

    @admin.action(description="Roll back the production version of their scope")
    def roll_back(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        scopes = {(v.name, v.organization_id) for v in queryset}
        for name, org_id in scopes:
            self._apply(request, name, partial(registry.roll_back, name, org_id))

    @admin.action(description="Archive")
    def archive(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        for version in queryset:
            self._apply(request, version.label, partial(registry.archive, version))

    def _apply(self, request: HttpRequest, label: str, change: Callable[[], object]) -> None:
        try:
            change()
        except DomainError as exc:
            self.message_user(request, f"{label}: {exc.detail}", messages.ERROR)
        else:
            self.message_user(request, f"{label}: done", messages.SUCCESS)


@admin.register(MonitoringSnapshot)
class MonitoringSnapshotAdmin(admin.ModelAdmin):
    list_display = ("model_version", "computed_at", "drifted", "inputs", "roc_auc", "brier")
    list_filter = ("model_version__name",)
    readonly_fields = [field.name for field in MonitoringSnapshot._meta.fields]
    date_hierarchy = "computed_at"
