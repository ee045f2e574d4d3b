from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SERVICE_HEADER = "X-Atrium-Service"


class ServiceHeaderMiddleware:
    """Names the service that answered, so routing through a gateway can be checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response[SERVICE_HEADER] = "core"
        return response
