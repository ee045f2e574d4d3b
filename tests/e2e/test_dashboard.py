"""The dashboard in Debian's Chromium against the real stack, started here on free ports.

A Node script (frontend/e2e/journey.mjs, playwright-core) walks a new user's journey
through the gateway and checks every page on the way: no console errors, no failed
requests, no request to any other host, largest contentful paint under 1.2 s with the
browser's HTTP cache off (each page as a first visit), layout shift under 0.1, and no
serious WCAG 2 AA violation that axe-core finds. Screenshots of each page land in
artifacts/screenshots/, the measurements in artifacts/web-vitals.json.
The journey ends on the ML page as the demo admin, after a day of the demo model serving.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from atrium.core.seed import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.e2e.ml_day import serve_a_day
from tests.support.dashboard import CHROMIUM, FRONTEND, LiveDashboard, missing_prerequisite
from tests.support.fake_llm import running_fake_llm
from tests.support.services import require

pytestmark = pytest.mark.integration

SCREENSHOTS = Path(__file__).parents[2] / "artifacts" / "screenshots"
JOURNEY = FRONTEND / "e2e" / "journey.mjs"


def _ready() -> None:
    reason = missing_prerequisite()
    if reason:
        raise FileNotFoundError(reason)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory):
    require("the dashboard's browser tests", _ready)
    with running_fake_llm() as llm:
        chat = {"LLM_PROVIDERS": "gemini", "GEMINI_API_KEY": "fake", "GEMINI_BASE_URL": llm.url}
        live = LiveDashboard(tmp_path_factory.mktemp("e2e"), settings=chat).start()
        try:
            yield live
        finally:
            live.stop()


@pytest.mark.timeout(900)  # the whole stack starts, the demo model trains, then the journey
def test_a_new_user_journey_meets_the_page_budget(dashboard: LiveDashboard) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    serve_a_day(dashboard)
    result = subprocess.run(
        [shutil.which("node") or "node", str(JOURNEY)],
        env={
            **os.environ,
            "BASE_URL": dashboard.url,
            "CHROMIUM": str(CHROMIUM),
            "SCREENSHOTS": str(SCREENSHOTS),
            "UPSTREAM_URL": f"http://127.0.0.1:{dashboard.upstream_port}",
            "MAIL_DIR": str(dashboard.mail_dir),
            "ADMIN_EMAIL": DEMO_ADMIN_EMAIL,
            "ADMIN_PASSWORD": DEMO_ADMIN_PASSWORD,
        },
        capture_output=True,
        text=True,
        timeout=360,
    )
    report = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "{}"
    assert result.returncode == 0, f"journey failed:\n{result.stderr}\n{dashboard.logs()}"
    pages = json.loads(report)["pages"]
    (SCREENSHOTS.parent / "web-vitals.json").write_text(json.dumps(pages, indent=2))
    expected = {"register", "organizations", "learn", "item", "progress", "home", "space"}
    expected |= {"chat", "personality", "explore", "jobs", "ml"}
    expected |= {"quiz", "lab", "video"}
    assert expected <= {page["name"] for page in pages}
    for page in pages:
        assert page["lcp_ms"] < 1200, page
        assert page["cls"] < 0.1, page
        assert (SCREENSHOTS / f"{page['name']}.png").exists()
