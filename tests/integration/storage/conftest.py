from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from atrium.common.storage import ObjectStore, open_object_store

# As deploy/cloudrun/environment.yaml sets them: checksums only where an operation needs one.
GCS_CHECKSUMS = {
    "AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
    "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required",
}


@pytest.fixture
def s3_env(s3_storage: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The S3 server's environment, set in this process for the test's duration."""
    for name, value in s3_storage.items():
        monkeypatch.setenv(name, value)
    return s3_storage


@pytest.fixture(params=["file", "s3", "s3-as-on-gcs"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    """Each backend, under a prefix of the test's own; the S3 store also with the checksum
    settings Cloud Storage's XML API needs (docs/deploy-gcp.md)."""
    if request.param == "file":
        return open_object_store((tmp_path / "objects").as_uri())
    env = request.getfixturevalue("s3_env")
    if request.param == "s3-as-on-gcs":
        monkeypatch = request.getfixturevalue("monkeypatch")
        for name, value in GCS_CHECKSUMS.items():
            monkeypatch.setenv(name, value)
    url = f"{env['STORAGE_URL']}/{uuid.uuid4().hex[:8]}"
    return open_object_store(url, endpoint_url=env["STORAGE_ENDPOINT_URL"])
