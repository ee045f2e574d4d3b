"""The ML pipeline on real servers: PostgreSQL, RabbitMQ, a Celery worker process and an
S3-compatible object store.

A simulated cohort is written through the progress services, a model is trained through
the API on the worker (followed to SUCCESS at /api/v1/tasks/{id}), its artifact lands in
S3 with the registry's sha256, it is promoted, serves predictions and is monitored.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.support.processes import atrium, run_atrium
from tests.support.stack import Stack

pytestmark = pytest.mark.timeout(900)
LEARNERS, DAYS, EPOCHS = 60, 200, 15
STAFF = "ml-staff@example.com"


@dataclass
class Pipeline:
    stack: Stack
    auth: dict[str, str]
    database_url: str
    s3: dict[str, str]

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        url = f"{self.stack.core}/api/v1/ml{path}"
        return httpx.request(method, url, headers=self.auth, timeout=60, **kwargs)


@pytest.fixture(scope="module")
def pipeline(
    postgres_url: str,
    amqp_url: str,
    s3_storage: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Pipeline]:
    settings = {"DATABASE_URL": postgres_url, "CELERY_BROKER_URL": amqp_url, **s3_storage}
    stack = Stack(tmp_path_factory.mktemp("ml"), settings).start("core")
    logs = Path(stack.env["ATRIUM_VAR_DIR"]) / "logs"
    worker = atrium(
        "worker", "worker", "--queues", "ml", "--concurrency", "1", env=stack.env, logs=logs
    )
    stack.procs["worker"] = worker.start()
    try:
        _simulate(stack, logs)
        auth = stack.login(STAFF)
        make_staff = (
            "from atrium.core.accounts.models import User; "
            f"User.objects.filter(email='{STAFF}').update(is_staff=True)"
        )
        run_atrium("manage", "shell", "-c", make_staff, env=stack.env)
        yield Pipeline(stack, auth, postgres_url, s3_storage)
    finally:
        stack.stop()


def _simulate(stack: Stack, logs: Path) -> None:
    """Two cohorts written side by side (their own prefixes and organizations); the stack
    stops a writer still running when the other fails."""
    per_process = ("--learners", str(LEARNERS // 2), "--days", str(DAYS))
    for n in (1, 2):
        args = ("ml", "simulate", *per_process, "--prefix", f"sim{n}", "--seed", str(n))
        stack.procs[f"simulate-{n}"] = atrium(
            f"simulate-{n}", *args, env=stack.env, logs=logs
        ).start()
    for n in (1, 2):
        writer = stack.procs[f"simulate-{n}"]
        assert writer.process is not None
        assert writer.process.wait(timeout=600) == 0, writer.tail()


def _follow(pipeline: Pipeline, job_id: str) -> tuple[dict[str, Any], list[float]]:
    """Poll the job until it ends: its last state and every progress percent seen (epochs of
    a small cohort take milliseconds, so most of them pass between two polls)."""
    url = f"{pipeline.stack.core}/api/v1/tasks/{job_id}"
    percents: list[float] = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        job = httpx.get(url, headers=pipeline.auth, timeout=30).json()
        if job["progress"]:
            percents.append(job["progress"]["percent"])
        if job["state"] in {"SUCCESS", "FAILURE", "REVOKED"}:
            return job, percents
        time.sleep(0.1)
    raise TimeoutError(
        f"training job {job_id} did not finish:\n{pipeline.stack.procs['worker'].tail()}"
    )


def _pairs(database_url: str, count: int) -> list[dict[str, int]]:
    """Learner-item pairs of the simulated cohorts, the open ones first. The database is
    shared with earlier tests, whose accounts may have progress outside any organization."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT p.user_id, p.item_id FROM learning_progress p "
            "WHERE EXISTS (SELECT 1 FROM orgs_membership m WHERE m.user_id = p.user_id) "
            "ORDER BY p.status = 'in_progress' DESC, p.id LIMIT %s",
            (count,),
        ).fetchall()
    return [{"learner_id": user, "item_id": item} for user, item in rows]


def test_train_promote_predict_and_monitor(pipeline: Pipeline) -> None:
    started = pipeline.call("POST", "/models/completion/train", json={"epochs": EPOCHS})
    assert started.status_code == 202, started.text
    job, percents = _follow(pipeline, started.json()["id"])
    assert job["state"] == "SUCCESS", (job, pipeline.stack.procs["worker"].tail())
    assert percents == sorted(percents)
    assert job["progress"] == {"done": EPOCHS, "total": EPOCHS, "percent": 100.0}
    result = job["result"]
    assert result["version"] == 1
    assert result["metrics"]["roc_auc"] > 0.7  # the simulator's signal was learned

    version = pipeline.call("GET", "/models/completion/versions/1").json()
    assert version["artifact_uri"].startswith("s3://")
    stored = _s3_object(pipeline.s3, version["artifact_uri"])
    assert hashlib.sha256(stored).hexdigest() == version["artifact_sha256"]

    promoted = pipeline.call("POST", "/models/completion/versions/1/promote")
    assert promoted.status_code == 200, promoted.text

    pairs = _pairs(pipeline.database_url, 80)
    assert len(pairs) == 80  # more than monitoring's minimum of inputs for PSI
    batch = pipeline.call("POST", "/models/completion/predict", json={"pairs": pairs})
    assert batch.status_code == 200, batch.text
    probabilities = [p["probability"] for p in batch.json()["predictions"]]
    assert len(probabilities) == len(pairs)
    assert all(0 <= p <= 1 for p in probabilities)
    # Open items first: their rows differ, and so do their scores (a completed item's is ~0).
    assert len(set(probabilities)) > 20
    one = pipeline.call("GET", "/models/completion/predict", params=pairs[0])
    # Seconds later: the time-based features moved a little, the score hardly.
    assert one.json()["predictions"][0]["probability"] == pytest.approx(probabilities[0], abs=1e-3)

    run_atrium("ml", "monitor", env=pipeline.stack.env)
    [monitored] = pipeline.call("GET", "/monitoring").json()
    snapshot = monitored["snapshots"][-1]
    assert snapshot["inputs"] == len(pairs)
    assert set(snapshot["psi"]) == {f["name"] for f in version["feature_schema"]}
    scraped = httpx.get(f"{pipeline.stack.core}/metrics", timeout=30).text
    assert 'atrium_ml_predictions_total{model="completion",version="1"}' in scraped
    assert "atrium_ml_feature_psi{" in scraped


def test_too_little_data_in_an_organization_is_a_422(pipeline: Pipeline) -> None:
    created = httpx.post(
        f"{pipeline.stack.core}/api/v1/organizations/",
        json={"name": "No activity yet"},
        headers=pipeline.auth,
        timeout=30,
    )
    assert created.status_code == 201, created.text
    body = {"organization_id": created.json()["id"]}
    response = pipeline.call("POST", "/models/completion/train", json=body)
    assert response.status_code == 422
    assert "train examples: need 200, found 0" in response.json()["detail"]


def _s3_object(s3: dict[str, str], uri: str) -> bytes:
    import boto3

    bucket, _, key = uri.removeprefix("s3://").partition("/")
    client = boto3.client(
        "s3",
        endpoint_url=s3["STORAGE_ENDPOINT_URL"],
        aws_access_key_id=s3["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=s3["AWS_SECRET_ACCESS_KEY"],
        region_name=s3.get("AWS_DEFAULT_REGION", "us-east-1"),
    )
    return bytes(client.get_object(Bucket=bucket, Key=key)["Body"].read())
