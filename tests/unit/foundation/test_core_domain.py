"""core's domain errors become HTTP answers in one place, and services never speak HTTP."""

import ast
import json
from pathlib import Path

import pytest
from django.test import RequestFactory

import atrium.core
from atrium.core import domain
from atrium.core.api import api
from atrium.core.audit_context import AuditContext

KINDS = [
    (domain.InvalidInput, 400),
    (domain.NotAuthenticated, 401),
    (domain.PermissionDenied, 403),
    (domain.NotFound, 404),
    (domain.Conflict, 409),
    (domain.Unprocessable, 422),
    (domain.RateLimited, 429),
    (domain.Unavailable, 503),
]


@pytest.mark.parametrize(("kind", "status"), KINDS)
def test_each_kind_is_answered_with_its_status_and_detail(
    rf: RequestFactory, kind: type[domain.DomainError], status: int
) -> None:
    response = api.on_exception(rf.get("/api/v1/"), kind("Refused for a reason"))
    assert response.status_code == status
    assert json.loads(response.content) == {"detail": "Refused for a reason"}
    assert not response.has_header("Retry-After")


@pytest.mark.parametrize("kind", [domain.RateLimited, domain.Unavailable])
def test_retry_after_is_sent_in_whole_seconds_rounded_up(
    rf: RequestFactory, kind: type[domain.RateLimited | domain.Unavailable]
) -> None:
    response = api.on_exception(rf.get("/api/v1/"), kind("Busy", retry_after=2.1))
    assert response["Retry-After"] == "3"


def test_a_code_names_the_case_without_changing_the_status() -> None:
    error = domain.Conflict("Stale version 2", code="stale_version")
    assert (error.status, error.code, error.detail) == (409, "stale_version", "Stale version 2")
    assert domain.Conflict("Taken").code == "conflict"


def test_an_audit_context_holds_what_the_audit_log_keeps(rf: RequestFactory) -> None:
    request = rf.get("/", HTTP_USER_AGENT="x" * 300, REMOTE_ADDR="10.0.0.9")
    context = AuditContext.from_request(request)
    assert (context.address, len(context.user_agent), context.source) == ("10.0.0.9", 256, "api")
    assert AuditContext.system("cli") == AuditContext(address=None, user_agent="", source="cli")


CORE = Path(atrium.core.__file__).parent
SERVICE_MODULES = sorted([*CORE.glob("*/services.py"), *CORE.glob("*/services/**/*.py")], key=str)
HTTP_MODULES = ("django.http", "ninja.errors")
HTTP_NAMES = {"HttpError", "HttpRequest"}


def http_imports(source: str) -> list[str]:
    """What ``source`` imports from the HTTP layer, as dotted names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [f"{node.module or ''}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [
            name
            for name in names
            if name.rsplit(".", 1)[-1] in HTTP_NAMES
            or any(name == m or name.startswith(f"{m}.") for m in HTTP_MODULES)
        ]
    return found


def test_the_walk_finds_every_domains_services() -> None:
    domains = {path.relative_to(CORE).parts[0] for path in SERVICE_MODULES}
    assert {"accounts", "orgs", "learning"} <= domains


@pytest.mark.parametrize(
    "source",
    [
        "from ninja.errors import HttpError",
        "from django.http import HttpRequest as Request",
        "import django.http",
        "from ninja import errors",
        "def f():\n    from atrium.core.somewhere import HttpRequest",
    ],
)
def test_the_check_sees_each_way_of_importing_http(source: str) -> None:
    assert http_imports(source)


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=lambda p: str(p.relative_to(CORE)))
def test_services_import_nothing_from_http(path: Path) -> None:
    assert http_imports(path.read_text()) == [], "raise atrium.core.domain errors instead"
