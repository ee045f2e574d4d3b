"""The dashboard aggregate never fails as a whole: each module's failure stays in its slot."""

from __future__ import annotations

from typing import Any

import pytest

from atrium.integrations import dashboard
from atrium.integrations.errors import UpstreamUnavailable, UpstreamUnreachable
from atrium.integrations.hub import Hub


async def test_a_module_that_breaks_unexpectedly_is_a_502_in_its_slot(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(_: Hub) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(dashboard.MODULES, "dog", broken)
    result = await dashboard.build_dashboard(hub, ["dog", "spells"], deadline_s=2)
    assert result.modules["dog"].error is not None
    assert result.modules["dog"].error.status == 502
    assert result.modules["spells"].ok is True
    assert result.notice is None


async def test_a_wait_asked_for_is_in_the_module_error(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def busy(_: Hub) -> Any:
        raise UpstreamUnavailable("dogs", "its request quota is spent", retry_after=3600)

    monkeypatch.setitem(dashboard.MODULES, "dog", busy)
    error = (await dashboard.build_dashboard(hub, ["dog"], deadline_s=2)).modules["dog"].error
    assert error is not None
    assert (error.status, error.retry_after_s, error.offline) == (503, 3600, False)


async def test_offline_is_said_once_only_when_nothing_came_from_an_upstream(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def offline(_: Hub) -> Any:
        raise UpstreamUnreachable("dogs", "cannot be reached from this server")

    monkeypatch.setitem(dashboard.MODULES, "dog", offline)
    alone = await dashboard.build_dashboard(hub, ["dog"], deadline_s=2)
    assert alone.notice is not None
    assert "atrium dev --offline" in alone.notice
    beside_an_answer = await dashboard.build_dashboard(hub, ["dog", "spells"], deadline_s=2)
    assert beside_an_answer.notice is None
