from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from atrium.common.storage import ObjectStore, open_object_store


@pytest.fixture
def s3_env(s3_storage: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The S3 server's environment, set in this process for the test's duration."""
    for name, value in s3_storage.items():
        monkeypatch.setenv(name, value)
    return s3_storage


@pytest.fixture(params=["file", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    """Each backend, under a prefix of the test's own."""
    if request.param == "file":
        return open_object_store((tmp_path / "objects").as_uri())
    env = request.getfixturevalue("s3_env")
    url = f"{env['STORAGE_URL']}/{uuid.uuid4().hex[:8]}"
    return open_object_store(url, endpoint_url=env["STORAGE_ENDPOINT_URL"])
