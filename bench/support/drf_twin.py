"""The common way to serve core's two hottest lists, as the baseline they are compared with.

Django REST framework's ``ReadOnlyModelViewSet`` + ``ModelSerializer`` + ``CursorPagination``
over the same querysets, behind the same token check (core's own ``JWTAuth``) and the same
access rules, answering the same fields. Mounted under ``/drf/`` by the benchmark's URLs only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import authentication, exceptions, pagination, routers, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from atrium.core.accounts.auth import JWTAuth, Principal
from atrium.core.accounts.models import User
from atrium.core.domain import NotAuthenticated
from atrium.core.learning import access
from atrium.core.learning.access import viewer_of
from atrium.core.learning.models import Item, Progress

core_token_check = JWTAuth()


class BearerToken(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User | None, Principal] | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            principal = core_token_check.authenticate(request._request, token)
        except NotAuthenticated as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from exc
        return principal.user, principal


class Pages(pagination.CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ProgressPages(Pages):
    ordering = ("-updated_at", "-pk")


class ItemPages(Pages):
    ordering = ("position", "pk")


class ProgressSerializer(serializers.ModelSerializer[Progress]):
    user_id = serializers.IntegerField(read_only=True)
    item_id = serializers.IntegerField(read_only=True)
    item_slug = serializers.CharField(source="item.slug")
    item_title = serializers.CharField(source="item.title")
    item_kind = serializers.CharField(source="item.kind")
    track_id = serializers.IntegerField(source="item.module.track_id")

    class Meta:
        model = Progress
        fields = (
            "id",
            "user_id",
            "item_id",
            "item_slug",
            "item_title",
            "item_kind",
            "track_id",
            "status",
            "score",
            "attempts",
            "time_spent_s",
            "started_at",
            "completed_at",
            "version",
            "updated_at",
        )


class ItemSerializer(serializers.ModelSerializer[Item]):
    module_id = serializers.IntegerField(read_only=True)
    organization_id = serializers.IntegerField(read_only=True, allow_null=True)
    track_id = serializers.IntegerField(source="module.track_id")
    prerequisite_ids = serializers.PrimaryKeyRelatedField(
        source="prerequisites", many=True, read_only=True
    )

    class Meta:
        model = Item
        fields = (
            "id",
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "tags",
            "difficulty",
            "estimated_minutes",
            "state",
            "position",
            "module_id",
            "track_id",
            "organization_id",
            "prerequisite_ids",
            "created_at",
            "updated_at",
        )


class ReadOnly(viewsets.ReadOnlyModelViewSet[Any]):
    authentication_classes = (BearerToken,)
    permission_classes = (IsAuthenticated,)
    renderer_classes = (JSONRenderer,)


class ProgressViewSet(ReadOnly):
    serializer_class = ProgressSerializer
    pagination_class = ProgressPages

    def get_queryset(self) -> QuerySet[Progress]:
        user = self.request.query_params.get("user")
        scope = access.progress_scope(viewer_of(self.request), int(user) if user else None)
        return Progress.objects.filter(scope).select_related("item__module")


class ItemViewSet(ReadOnly):
    serializer_class = ItemSerializer
    pagination_class = ItemPages

    def get_queryset(self) -> QuerySet[Item]:
        visible = access.visible_items(viewer_of(self.request))
        return visible.select_related("module").prefetch_related("prerequisites")


router = routers.SimpleRouter()
router.register("progress", ProgressViewSet, basename="drf-progress")
router.register("items", ItemViewSet, basename="drf-items")
