from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from atrium.common import request_id
from atrium.common.security_headers import SERVICE_HEADER
from atrium.config import get_settings


class ServiceHeaderMiddleware:
    """Names the service that answered, so routing through a gateway can be checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response[SERVICE_HEADER] = "core"
        return response


class RequestIdMiddleware:
    """Binds the request id (``atrium.common.request_id``) and returns it as X-Request-ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        received = request.headers.get(request_id.HEADER)
        chosen = request_id.chosen_request_id(received, get_settings().trusted_proxy_count)
        with request_id.bound_request_id(chosen):
            response = self.get_response(request)
        response[request_id.HEADER] = chosen
        return response
