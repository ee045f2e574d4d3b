from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from atrium.config import get_settings
from atrium.core.accounts.keys import _Cache


@pytest.fixture(autouse=True)
def _fresh_identity_state(settings: Any) -> Iterator[None]:
    """An empty throttle cache and a fast password hasher for each test (production's
    Argon2 is pinned by test_registration)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fresh_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A var dir of this test's, so the signing keys start from nothing."""
    monkeypatch.setattr(get_settings(), "atrium_var_dir", tmp_path)
    monkeypatch.setattr(_Cache, "ring", None)
    monkeypatch.setattr(_Cache, "source", None)
    return tmp_path
