"""The AI side end to end, as real processes: core, api and a worker on embedded defaults.

Core's catalog changes reach the worker as ``ai`` queue tasks, the worker embeds the
items into the AI store, and api answers with them: recommendations read the learner's
progress from core with the learner's own token; chat without a provider key answers
retrieval-only with citations. Nothing of organization B ever reaches organization A.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from atrium.config import get_settings
from tests.support.stack import Stack

PASSWORD = "a long enough test password 42"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # The model's ONNX export is shared with this test run's other processes (exported once).
    storage = {"STORAGE_URL": get_settings().storage}
    running = Stack(tmp_path_factory.mktemp("ai-stack"), storage).start("core", "api", "worker")
    yield running
    running.stop()


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json()


class Owner:
    """A user who registered, created an organization and acts in it."""

    def __init__(self, core: str, email: str) -> None:
        self.http = httpx.Client(base_url=core, timeout=30)
        creds = {"email": email, "password": PASSWORD}
        ok(self.http.post("/api/v1/auth/register", json=creds), 201)
        tokens = ok(self.http.post("/api/v1/auth/token", json=creds))
        self.auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        org = ok(
            self.http.post("/api/v1/organizations/", json={"name": email}, headers=self.auth), 201
        )
        switch = {"refresh_token": tokens["refresh_token"], "organization_id": org["id"]}
        tokens = ok(self.http.post("/api/v1/auth/refresh", json=switch))
        self.auth = {"Authorization": f"Bearer {tokens['access_token']}"}

    def module(self, title: str) -> int:
        track = ok(
            self.http.post(
                "/api/v1/catalog/tracks",
                headers=self.auth,
                json={"title": title, "state": "published"},
            ),
            201,
        )
        module = ok(
            self.http.post(
                f"/api/v1/catalog/tracks/{track['id']}/modules",
                headers=self.auth,
                json={"title": title},
            ),
            201,
        )
        return int(module["id"])

    def item(self, module: int, title: str, position: int, prerequisites=()) -> int:
        body = {
            "module_id": module,
            "kind": "lesson",
            "title": title,
            "summary": title,
            "state": "published",
            "position": position,
            "prerequisite_ids": list(prerequisites),
        }
        return int(
            ok(self.http.post("/api/v1/catalog/items", headers=self.auth, json=body), 201)["id"]
        )

    def complete(self, item: int) -> None:
        response = self.http.put(
            f"/api/v1/progress/{item}", headers=self.auth, json={"status": "completed"}
        )
        assert response.status_code in (200, 201), response.text


def test_recommendations_and_chat_over_the_real_services(stack: Stack) -> None:
    ann, bob = Owner(stack.core, "ann@example.com"), Owner(stack.core, "bob@example.com")
    phishing = ann.module("Phishing defence")
    intro = ann.item(phishing, "What phishing is and why it works", 0)
    spotting = ann.item(phishing, "Spotting a phishing email", 1, [intro])
    reporting = ann.item(phishing, "Reporting phishing to the security team", 2, [spotting])
    drill = ann.item(phishing, "Running a phishing simulation", 3, [reporting])
    backups = ann.item(ann.module("Backups"), "Backups and the 3-2-1 rule", 0)
    secret = bob.item(bob.module("Bob's drills"), "Bob's secret phishing email drill", 0)
    ann.complete(intro)
    ann.complete(spotting)

    api = httpx.Client(base_url=stack.api, timeout=60)
    question = {"message": "How do I report a phishing email?"}
    deadline, cited = time.monotonic() + 120, []
    while time.monotonic() < deadline:  # the worker embeds the items as core's events arrive
        answer = ok(api.post("/api/v1/chat", json=question, headers=ann.auth))
        cited = [c["item_id"] for c in answer["citations"]]
        if str(reporting) in cited:
            break
        time.sleep(1)
    assert answer["mode"] == "retrieval-only"
    assert str(reporting) in cited
    assert str(secret) not in cited

    found = ok(api.post("/api/v1/recommendations", json={"limit": 5}, headers=ann.auth))
    ids = [r["item_id"] for r in found["items"]]
    assert found["strategy"] == "profile"
    assert ids[0] == reporting
    assert not {intro, spotting, drill, secret} & set(ids)
    assert backups in ids
    assert all(r["reason"] for r in found["items"])

    bobs = ok(api.post("/api/v1/recommendations", json={}, headers=bob.auth))
    assert bobs["strategy"] == "cold-start"
    assert [r["item_id"] for r in bobs["items"]] == [secret]
