import os
from pathlib import Path

import pytest

from atrium.integrations.fake.app import SETTINGS
from atrium.integrations.fake.offline import offline_procfile


def test_offline_adds_the_fake_upstream_and_points_every_connector_at_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for setting in SETTINGS.values():
        monkeypatch.delenv(setting, raising=False)
    procfile = tmp_path / "Procfile"
    procfile.write_text("api: atrium serve api\nworker: atrium worker\n")
    offline, url = offline_procfile(procfile, tmp_path / "var")
    lines = offline.read_text().splitlines()
    assert lines[:2] == ["api: atrium serve api", "worker: atrium worker"]
    port = url.rsplit(":", 1)[1]
    assert lines[2] == f"upstream: atrium fake-upstream --port {port}"
    for name, setting in SETTINGS.items():
        assert os.environ[setting] == f"{url}/{name}"
