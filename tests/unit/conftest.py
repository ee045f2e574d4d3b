"""What every unit test starts without."""

from __future__ import annotations

import pytest

from atrium.common import revocation


@pytest.fixture(autouse=True)
def _no_membership_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Redis, membership changes are marked in this process: a mark left by an earlier
    test would refuse a later test's token for the same (reused) user and organization ids."""
    monkeypatch.setattr(revocation, "_marks", {})
