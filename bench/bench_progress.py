"""Core's hottest lists (50 rows, PostgreSQL) against a bare Django view and their DRF twins.

``GET /api/v1/progress/?user=`` and ``GET /api/v1/catalog/items`` are served by the same
gunicorn core as three baselines, in the same run: a bare Django JSON view (the cheapest
response the server can give), the same page the common way, DRF's ``ReadOnlyModelViewSet``
+ ``ModelSerializer`` + ``CursorPagination`` behind the same token check
(:mod:`bench.support.drf_twin`), and the same page written by hand, SQL through the driver
(:mod:`bench.support.sql_floor`: what a Django view can do for it without the ORM). The
ratios are what matter: the targets are at least 0.25x the bare view and at least 2x the
DRF twin; the hand-written page shows how much of the distance to the bare view any view
doing this work keeps.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table
from tests.support.processes import atrium, http_ok, run_atrium, wait_until
from tests.support.services import create_postgres_database, free_port, tcp_open

from bench.support.load import wrk, wrk_available

ROOT = Path(__file__).resolve().parents[1]
BARE = "bare Django JSON view"
PROGRESS = "Atrium GET /api/v1/progress/?user= (50 rows)"
PROGRESS_TWIN = "DRF twin of the progress list"
ITEMS = "Atrium GET /api/v1/catalog/items (50 rows)"
ITEMS_TWIN = "DRF twin of the item list"
PROGRESS_FLOOR = "the progress list written by hand (SQL)"
ITEMS_FLOOR = "the item list written by hand (SQL)"
TWINS = {PROGRESS: PROGRESS_TWIN, ITEMS: ITEMS_TWIN}
FLOORS = {PROGRESS: PROGRESS_FLOOR, ITEMS: ITEMS_FLOOR}


def _environment(database_url: str, var_dir: Path) -> dict[str, str]:
    return {
        "ATRIUM_ENV": "test",
        "ATRIUM_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.support.core_settings",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        # Change events go to a broker: keep it local to this run.
        "CELERY_BROKER_URL": f"sqla+sqlite:///{var_dir / 'broker.sqlite3'}",
    }


def _learner(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.support.progress_data"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    console = Console()
    if not wrk_available():
        console.print("[yellow]wrk is not installed (apt-get install wrk): skipped[/yellow]")
        return
    try:
        tcp_open("127.0.0.1", 5432)
    except OSError as exc:
        console.print(f"[yellow]PostgreSQL is not reachable ({exc}): skipped[/yellow]")
        return
    database_url, drop = create_postgres_database()
    var_dir = Path(tempfile.mkdtemp(prefix="atrium-bench-progress-"))
    env = _environment(database_url, var_dir)
    server = None
    try:
        run_atrium("migrate", env=env)
        learner = _learner(env)
        port = free_port()
        server = atrium("core", "serve", "core", "--port", str(port), env=env, logs=var_dir).start()
        base = f"http://127.0.0.1:{port}"
        wait_until(http_ok(f"{base}/bare/"), 60, "core", [server])
        auth = {"Authorization": f"Bearer {learner['token']}"}
        pages = _pages(base, int(str(learner["user_id"])))
        for name, url in pages.items():
            if name != BARE:
                rows = httpx.get(url, headers=auth, timeout=10).json()["results"]
                assert len(rows) == 50, (url, rows)
        for name, floor in FLOORS.items():
            assert _results(pages[floor], auth) == _results(pages[name], auth), floor
        results = {}
        for name, url in pages.items():
            headers = auth if name != BARE else None
            wrk(url, seconds=1, headers=headers)  # warm up
            results[name] = wrk(url, seconds=5, headers=headers)
    finally:
        if server is not None:
            server.stop()
        drop()
    console.print(_table(results))


def _results(url: str, headers: dict[str, str]) -> list[dict[str, object]]:
    return list(httpx.get(url, headers=headers, timeout=10).json()["results"])


def _pages(base: str, user_id: int) -> dict[str, str]:
    query = f"?user={user_id}&page_size=50"
    return {
        BARE: f"{base}/bare/",
        PROGRESS_FLOOR: f"{base}/floor/progress/?page_size=50",
        PROGRESS_TWIN: f"{base}/drf/progress/{query}",
        PROGRESS: f"{base}/api/v1/progress/{query}",
        ITEMS_FLOOR: f"{base}/floor/items/?page_size=50",
        ITEMS_TWIN: f"{base}/drf/items/?page_size=50",
        ITEMS: f"{base}/api/v1/catalog/items?page_size=50",
    }


def _table(results: dict[str, dict[str, float]]) -> Table:
    table = Table(
        "endpoint (gunicorn, 2 workers, PostgreSQL)",
        "req/s",
        "p50 ms",
        "p99 ms",
        "x bare view",
        "x DRF twin",
        "x by hand",
    )
    bare = results[BARE]["rps"]
    for name, figures in results.items():
        table.add_row(
            name,
            f"{figures['rps']:.0f}",
            f"{figures['p50_ms']:.2f}",
            f"{figures['p99_ms']:.2f}",
            f"{figures['rps'] / bare:.3f}",
            _versus(results, name, TWINS),
            _versus(results, name, FLOORS),
        )
    return table


def _versus(results: dict[str, dict[str, float]], name: str, baselines: dict[str, str]) -> str:
    baseline = baselines.get(name)
    return f"{results[name]['rps'] / results[baseline]['rps']:.2f}" if baseline else ""
