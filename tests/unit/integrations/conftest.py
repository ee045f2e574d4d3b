"""Connectors against the fake upstream app in-process (httpx's ASGI transport, no sockets)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from cashews import Cache

from atrium.config import Settings
from atrium.integrations.fake.app import create_fake, settings_for
from atrium.integrations.fake.faults import Control
from atrium.integrations.hub import Hub

FAKE = "http://fake.test"
MakeHub = Callable[..., Hub]


@pytest.fixture
def control() -> Control:
    return Control()


@pytest.fixture
async def make_hub(control: Control) -> AsyncIterator[MakeHub]:
    """Hubs on the fake (in-process), with settings overridden by keyword."""
    built: list[Hub] = []

    def make(**overrides: Any) -> Hub:
        values = {k.lower(): v for k, v in settings_for(FAKE).items()} | overrides
        cache = Cache()
        cache.setup("mem://")
        transport = httpx.ASGITransport(app=create_fake(control))
        built.append(Hub.build(Settings(**values), cache, transport=transport))
        return built[-1]

    yield make
    for hub in built:
        await hub.aclose()


@pytest.fixture
def hub(make_hub: MakeHub) -> Hub:
    return make_hub()
