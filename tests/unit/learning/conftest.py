"""Learning fixtures: an organization with people in every role, and catalogs to read."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from atrium.core.accounts.models import User
from atrium.core.learning.models import Item, ItemKind, Module, Publication, Track
from atrium.core.orgs.models import Organization
from tests.support.auth import bearer_for, make_user, member_of


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Team:
    org: Organization
    owner: User
    admin: User
    member: User
    viewer: User
    other: User  # a member of another organization only
    other_org: Organization

    def auth(self, user: User, org: Organization | None = None) -> dict[str, str]:
        if org is None:
            org = self.other_org if user is self.other else self.org
        return bearer_for(user, org)


@pytest.fixture
def team(db: None) -> Team:
    owner = make_user("owner@example.com")
    org = member_of(owner, "owner")
    people = {}
    for role in ("admin", "member", "viewer"):
        people[role] = make_user(f"{role}@example.com")
        member_of(people[role], role, org)
    other = make_user("other@example.com")
    other_org = member_of(other, "owner")
    return Team(org=org, owner=owner, other=other, other_org=other_org, **people)


def make_track(
    slug: str,
    *,
    org: Organization | None = None,
    modules: int = 1,
    items: int = 3,
    state: str = Publication.PUBLISHED,
    kind: str = ItemKind.LESSON,
) -> Track:
    track = Track.objects.create(organization=org, slug=slug, title=slug.title(), state=state)
    for m in range(modules):
        module = Module.objects.create(track=track, slug=f"m{m}", title=f"Module {m}", position=m)
        for i in range(items):
            Item.objects.create(
                module=module,
                slug=f"{slug}-m{m}-i{i}",
                kind=kind,
                title=f"{slug} item {m}.{i}",
                tags=["t", slug],
                difficulty=1 + i % 5,
                estimated_minutes=5 + i,
                state=Publication.PUBLISHED,
                position=i,
            )
    return track


def call(client: Client, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    return client.generic(
        method,
        url,
        "" if body is None else json.dumps(body),
        content_type="application/json",
        **extra,
    )


Sent = list[tuple[str, dict[str, Any]]]


@pytest.fixture
def ai_queue() -> Callable[[], Sent]:
    """Reads (and removes) what was sent to the ``ai`` queue of the real SQLite broker."""
    from atrium.tasks import celery_app

    def drain() -> Sent:
        found: Sent = []
        with celery_app.connection_for_read() as connection:
            queue = connection.SimpleQueue("ai")
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                args, _, _ = message.decode()
                found.append((message.headers["task"], args[0]))
                message.ack()
            queue.close()
        return found

    drain()
    return drain
