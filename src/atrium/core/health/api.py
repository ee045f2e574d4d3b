"""Every component's state, as core sees it: details for staff and api, statuses for anyone."""

from django.http import HttpRequest
from ninja import Router, Status

from atrium.common.health import HealthReport, StatusReport
from atrium.core.accounts.auth import Principal, api_key_auth, jwt_auth
from atrium.core.domain import DomainError
from atrium.core.health.checks import full_report

router = Router(tags=["health"])


@router.get(
    "",
    response={200: HealthReport | StatusReport, 503: HealthReport | StatusReport},
    summary="State of every component",
    operation_id="core_health",
)
def health(request: HttpRequest) -> Status[HealthReport | StatusReport]:
    """200 unless a component is ``down`` (503). Anyone sees each component's status; staff
    and the service credential also see backends, latencies, reasons and queue depths."""
    report = full_report()
    shown = report if sees_details(request) else report.statuses()
    return Status(report.http_status, shown)


def sees_details(request: HttpRequest) -> bool:
    for auth in (jwt_auth, api_key_auth):
        try:
            principal = auth(request)
        except DomainError:  # a bad credential sees what anyone sees
            continue
        if isinstance(principal, Principal) and (
            principal.is_service or (principal.user is not None and principal.user.is_staff)
        ):
            return True
    return False
