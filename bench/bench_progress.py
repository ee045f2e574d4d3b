"""``GET /api/v1/progress/?user=`` (50 rows, PostgreSQL) against a bare Django JSON view.

Both are served by the same gunicorn core in the same run; the figure that matters is
the ratio: what a real authenticated, database-backed page costs next to the cheapest
response the same server can give.
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
        progress_url = f"{base}/api/v1/progress/?user={learner['user_id']}&page_size=50"
        rows = httpx.get(progress_url, headers=auth, timeout=10).json()["results"]
        assert len(rows) == 50, rows
        results = {}
        for name, url, headers in (
            ("bare Django JSON view", f"{base}/bare/", None),
            ("GET /api/v1/progress/?user= (50 rows)", progress_url, auth),
        ):
            wrk(url, seconds=1, headers=headers)  # warm up
            results[name] = wrk(url, seconds=5, headers=headers)
    finally:
        if server is not None:
            server.stop()
        drop()
    baseline = results["bare Django JSON view"]["rps"]
    table = Table("endpoint (gunicorn, 2 workers, PostgreSQL)", "req/s", "p50 ms", "x bare view")
    for name, figures in results.items():
        ratio = figures["rps"] / baseline
        table.add_row(name, f"{figures['rps']:.0f}", f"{figures['p50_ms']:.2f}", f"{ratio:.2f}")
    console.print(table)


if __name__ == "__main__":
    main()
