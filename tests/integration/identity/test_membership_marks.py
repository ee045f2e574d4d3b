"""Membership marks travel through a real Redis: what one process marks, another reads."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest

from atrium.common import revocation
from atrium.config import get_settings


async def test_a_mark_made_in_another_process_is_read_here(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "redis_url", redis_url)
    revocation._async_client.cache_clear()
    signed = time.time() - 5
    assert not await revocation.changed_since(41, 42, signed)
    marker = "from atrium.common.revocation import mark_membership_changed as m; m(41, 42)"
    command = [sys.executable, "-c", marker]
    await asyncio.to_thread(
        subprocess.run, command, env={"REDIS_URL": redis_url}, check=True, timeout=60
    )
    assert await revocation.changed_since(41, 42, signed)
    assert not await revocation.changed_since(41, 42, time.time() + 1)
    assert not await revocation.changed_since(41, 43, signed)
    revocation._async_client.cache_clear()
