"""The dashboard's committed TypeScript client matches both services' OpenAPI specs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.processes import run_atrium
from tests.support.services import require

FRONTEND = Path(__file__).parents[3] / "frontend"
GENERATOR = FRONTEND / "node_modules" / ".bin" / "openapi-typescript"


def _generator() -> None:
    if shutil.which("node") is None or not GENERATOR.exists():
        raise FileNotFoundError(f"{GENERATOR} (run `npm ci` in frontend/)")


@pytest.mark.parametrize("service", ["core", "api"])
def test_committed_client_matches_the_spec(service: str, tmp_path: Path) -> None:
    require("openapi-typescript", _generator)
    spec, generated = tmp_path / f"{service}.json", tmp_path / f"{service}.d.ts"
    run_atrium("openapi", service, "--out", str(spec), env={}, timeout=120)
    subprocess.run(
        [str(GENERATOR), str(spec), "-o", str(generated)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    committed = FRONTEND / "src" / "lib" / "api" / f"{service}.d.ts"
    assert committed.read_text() == generated.read_text(), (
        f"{committed.relative_to(FRONTEND.parent)} is out of date with {service}'s OpenAPI spec: "
        "run `make client` and commit the result"
    )
