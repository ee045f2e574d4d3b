"""core's Content-Security-Policy; Django's SecurityMiddleware and XFrameOptionsMiddleware
send the other hardening headers (see the security section of settings)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from atrium.common.security_headers import CONTENT_SECURITY_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
