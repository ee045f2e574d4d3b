"""ML fixtures: an object store of the test's own, fresh scorer caches, the learning team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from atrium.config import get_settings
from atrium.core.ml.services import prediction_log, scorers
from tests.support.auth import bearer_for, make_user
from tests.unit.learning.conftest import Team, _fast_passwords, team  # noqa: F401 (fixtures)


@pytest.fixture
def staff(db: None) -> dict[str, str]:
    """A staff member's token: staff act on every organization's models."""
    user = make_user("staff@example.com")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return bearer_for(user)


@pytest.fixture(autouse=True)
def object_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "storage"
    monkeypatch.setattr(get_settings(), "storage_url", root.as_uri())
    scorers.forget_scorers()
    yield root
    scorers.forget_scorers()
    prediction_log.BUFFER.take()  # rows of this test's (rolled back) database
