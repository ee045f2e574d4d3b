import pytest
from django.test import Client

from tests.support.auth import bearer_for, make_user

pytestmark = pytest.mark.django_db


def test_health_reports_each_component_and_why_one_is_down(client: Client) -> None:
    response = client.get("/api/v1/health/")
    assert response.status_code == 503
    components = response.json()["components"]
    assert set(components) == {"database", "cache", "broker", "api", "ai_store"}
    assert components["database"] | {"latency_ms": 0} == {
        "status": "ok",
        "latency_ms": 0,
        "backend": "sqlite",
        "detail": "",
    }
    assert components["cache"]["status"] == "ok"
    assert components["cache"]["backend"] == "memory"
    assert components["broker"]["status"] == "down"
    assert "no worker answered" in components["broker"]["detail"]
    assert components["api"]["status"] == "down"


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
