from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from atrium.config import get_settings
from atrium.core.accounts.keys import key_ring


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """Core's public signing keys: every key whose tokens may still be alive."""
    settings = get_settings()
    response = JsonResponse(key_ring(settings).public_jwks(settings.access_token_ttl_s))
    response["Cache-Control"] = "public, max-age=60"
    return response
