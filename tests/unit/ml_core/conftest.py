"""ML fixtures: an object store of the test's own, fresh scorer caches, the learning team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from atrium.config import get_settings
from atrium.core.ml.services import prediction_log, scorers
from tests.unit.learning.conftest import Team, _fast_passwords, team  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def object_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "storage"
    monkeypatch.setattr(get_settings(), "storage_url", root.as_uri())
    scorers.forget_scorers()
    yield root
    scorers.forget_scorers()
    prediction_log.BUFFER.take()  # rows of this test's (rolled back) database
