"""The ai queue's tasks, with the store on libSQL."""

from __future__ import annotations

import pytest

from atrium.api import deps
from atrium.config import get_settings
from tests.integration.ai.test_tasks import (  # noqa: F401  (collected here on libSQL)
    test_index_then_remove_by_payload,
    test_progress_events_count_learners_in_order,
)

pytestmark = pytest.mark.usefixtures("libsql_settings")


def test_the_store_the_tasks_and_api_open_is_libsql() -> None:
    assert get_settings().ai_store_url.startswith("sqlite+libsql:///")
    assert deps.get_engine().driver == "aiolibsql"
