"""A cached answer is validated into models once per stored entry, not on every hit."""

from __future__ import annotations

from typing import Any

import pytest

from atrium.integrations.base.caching import Entry, Revived
from atrium.integrations.fake.faults import Control
from atrium.integrations.hub import Hub


class CountedRevive:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, value: Any) -> list[Any]:
        self.calls += 1
        return list(value)


def test_an_entry_is_revived_once_and_a_new_write_again() -> None:
    revived, revive = Revived(), CountedRevive()
    first = Entry([1, 2], stored_at=100.0)
    assert revived.of("k", first, revive) is revived.of("k", first, revive)
    assert revive.calls == 1
    rewritten = Entry([3], stored_at=101.0)
    assert revived.of("k", rewritten, revive) == [3]
    assert revive.calls == 2


def test_the_least_recently_read_key_goes_first() -> None:
    revived, revive = Revived(keys=2), CountedRevive()
    entries = {key: Entry([key], stored_at=1.0) for key in "abc"}
    revived.of("a", entries["a"], revive)
    revived.of("b", entries["b"], revive)
    revived.of("a", entries["a"], revive)  # read again: b is now the oldest
    revived.of("c", entries["c"], revive)
    assert revive.calls == 3
    revived.of("a", entries["a"], revive)
    assert revive.calls == 3
    revived.of("b", entries["b"], revive)
    assert revive.calls == 4


@pytest.mark.asyncio(loop_scope="session")
async def test_hits_share_the_models_of_their_entry(hub: Hub, control: Control) -> None:
    fetched = await hub.potter.spells()
    hit = await hub.potter.spells()
    again = await hub.potter.spells()
    assert (fetched.source, hit.source, again.source) == ("upstream", "cache", "cache")
    assert hit.data is again.data
    assert hit.data == fetched.data
    assert len(control.requests("potter")) == 1
