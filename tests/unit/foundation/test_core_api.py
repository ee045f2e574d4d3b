import pytest
from django.test import Client

from tests.support.auth import bearer_for, make_user

pytestmark = pytest.mark.django_db


COMPONENTS = {"database", "cache", "broker", "workers", "queues", "api", "ai_store"}


def test_health_shows_anyone_each_components_status_only(client: Client) -> None:
    response = client.get("/api/v1/health/")
    assert response.status_code == 503  # no worker runs in unit tests
    body = response.json()
    assert set(body["components"]) == COMPONENTS
    assert all(set(c) == {"status"} for c in body["components"].values()), body
    assert body["components"]["workers"] == {"status": "down"}


def test_health_tells_staff_each_backend_and_why_one_is_down(client: Client) -> None:
    staff = make_user("ops@example.com")
    staff.is_staff = True
    staff.save()
    response = client.get("/api/v1/health/", **bearer_for(staff))
    assert response.status_code == 503
    components = response.json()["components"]
    assert set(components) == COMPONENTS
    assert components["database"] | {"latency_ms": 0} == {
        "status": "ok",
        "latency_ms": 0,
        "backend": "sqlite",
        "detail": "",
        "facts": None,
    }
    assert components["cache"]["backend"] == "memory"
    assert components["broker"]["status"] == "ok"
    assert components["workers"]["status"] == "down"
    assert "no worker answered a ping within 0.5s" in components["workers"]["detail"]
    assert components["queues"]["status"] == "ok"
    assert set(components["queues"]["facts"]) == {"default", "integrations", "ai", "ml"}
    assert components["api"]["status"] == "down"


def test_health_answers_by_its_deadline_when_a_probe_hangs(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from atrium.core.health import checks

    monkeypatch.setattr(checks, "check_queues", lambda: time.sleep(5))
    started = time.monotonic()
    response = client.get("/api/v1/health/")
    assert time.monotonic() - started < 2.5  # HEALTH_TIMEOUT_S is 1 in tests
    assert response.json()["components"]["queues"] == {"status": "down"}


@pytest.fixture
def alice() -> dict[str, str]:
    return bearer_for(make_user("alice@example.com"))


def test_starting_a_job_records_it_and_reports_it_pending(
    client: Client, alice: dict[str, str]
) -> None:
    started = client.post(
        "/api/v1/tasks/count", {"steps": 3}, content_type="application/json", **alice
    )
    assert started.status_code == 202
    job = started.json()
    assert job["name"] == "atrium.core.jobs.tasks.count"
    assert job["state"] == "PENDING"
    assert client.get(f"/api/v1/tasks/{job['id']}", **alice).json()["id"] == job["id"]
    assert [j["id"] for j in client.get("/api/v1/tasks/", **alice).json()] == [job["id"]]


def test_jobs_need_a_login_and_belong_to_whoever_started_them(
    client: Client, alice: dict[str, str]
) -> None:
    payload = {"steps": 3}
    assert (
        client.post("/api/v1/tasks/count", payload, content_type="application/json").status_code
        == 401
    )
    job = client.post(
        "/api/v1/tasks/count", payload, content_type="application/json", **alice
    ).json()
    bob = bearer_for(make_user("bob@example.com"))
    assert client.get(f"/api/v1/tasks/{job['id']}", **bob).status_code == 404
    assert client.get("/api/v1/tasks/", **bob).json() == []


def test_a_job_the_broker_does_not_take_is_a_503_and_is_not_kept(
    client: Client, alice: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kombu.exceptions import OperationalError

    from atrium.core.jobs.tasks import count

    def refused(*args: object, **kwargs: object) -> None:
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(count, "apply_async", refused)
    response = client.post(
        "/api/v1/tasks/count", {"steps": 3}, content_type="application/json", **alice
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "the broker is unreachable" in response.json()["detail"]
    assert client.get("/api/v1/tasks/", **alice).json() == []


@pytest.mark.parametrize(
    "payload", [{"steps": 0}, {"steps": 10_001}, {"steps": "many"}, {"step_seconds": -1}]
)
def test_bad_job_input_is_a_422_with_detail(
    client: Client, alice: dict[str, str], payload: dict[str, object]
) -> None:
    response = client.post("/api/v1/tasks/count", payload, content_type="application/json", **alice)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_a_malformed_task_id_is_a_4xx_with_detail(client: Client, alice: dict[str, str]) -> None:
    response = client.get("/api/v1/tasks/not-a-uuid", **alice)
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_unknown_api_paths_are_json_404s(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
