from django.http import HttpRequest
from ninja import Router, Status

from atrium.common.health import HealthReport
from atrium.core.health.checks import full_report

router = Router(tags=["health"])


@router.get(
    "",
    response={200: HealthReport, 503: HealthReport},
    summary="State of every component",
    operation_id="core_health",
)
def health(request: HttpRequest) -> Status[HealthReport]:
    report = full_report()
    return Status(report.http_status, report)
