from django.contrib import admin

from atrium.core.orgs.models import ApiKey, Invitation, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "id", "created_at")
    search_fields = ("name",)
    date_hierarchy = "created_at"
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "joined_at")
    list_filter = ("role",)
    search_fields = ("user__email", "organization__name")
    list_select_related = ("user", "organization")
    autocomplete_fields = ("user", "organization")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "organization__name")
    list_select_related = ("organization",)
    readonly_fields = ("token_hash", "invited_by", "accepted_by", "accepted_at", "created_at")
    exclude = ()


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are created through the API or ``atrium keys service-key`` (shown once there);
    here they can be inspected and revoked."""

    list_display = ("name", "prefix", "organization", "scopes", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("name", "prefix", "organization__name")
    list_select_related = ("organization",)
    readonly_fields = ("prefix", "key_hash", "created_by", "created_at", "last_used_at")

    def has_add_permission(self, request: object) -> bool:
        return False
