"""The admin's login goes through the same account service as the API's: the same
per-account and per-address failure delays (kept in the shared cache, so every core
process counts together) and the same audit events, with ``source`` "admin"."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse

from atrium.core.accounts import services
from atrium.core.audit_context import AuditContext
from atrium.core.domain import NotAuthenticated, RateLimited


class AdminLoginForm(AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            audit = AuditContext.system("admin")
            if self.request is not None:
                audit = dataclasses.replace(AuditContext.from_request(self.request), source="admin")
            try:
                self.user_cache = services.login(audit=audit, email=email, password=password)
            except NotAuthenticated as exc:
                raise self.get_invalid_login_error() from exc
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def throttled(exc: RateLimited) -> HttpResponse:
    response = JsonResponse({"detail": exc.detail}, status=exc.status)
    response["Retry-After"] = str(max(1, math.ceil(exc.retry_after or 1)))
    return response


class AtriumAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        try:
            return super().login(request, extra_context)
        except RateLimited as exc:
            return throttled(exc)
