"""api's personality routes, with the store on libSQL."""

from __future__ import annotations

import pytest

from tests.integration.ai.test_personality_api import (  # noqa: F401  (collected here on libSQL)
    client,
    fake,
    test_with_consent_the_owner_reads_and_deletes_it,
    test_without_consent_nothing_is_stored,
)
from tests.support.auth import api_auth  # noqa: F401  (pytest fixture)

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.usefixtures("libsql_settings")]
