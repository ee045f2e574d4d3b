from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from atrium.core.accounts.models import AuditEvent, RefreshToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "email_verified_at")
    list_filter = (
        "is_active",
        "is_staff",
        "is_superuser",
        ("email_verified_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "email_verified_at")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "actor_email", "organization_id", "ip_address")
    list_filter = ("kind", "at")
    search_fields = ("actor_email", "ip_address", "organization_id")
    date_hierarchy = "at"
    readonly_fields = (
        "at",
        "kind",
        "actor",
        "actor_email",
        "organization_id",
        "ip_address",
        "user_agent",
        "data",
    )

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(RefreshToken)
class RefreshTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "family", "created_at", "expires_at", "spent_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("user__email", "family")
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "family",
        "token_hash",
        "organization_id",
        "created_at",
        "expires_at",
    )
