"""``atrium``: one command line for developers, containers and Kubernetes alike.

The Procfile, the Compose file and the manifests all start processes with
``atrium serve …``, ``atrium worker`` and ``atrium beat``, so there is one source of
truth for how each process runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import httpx
import typer
from filelock import FileLock
from rich.console import Console

from atrium.ai.cli import app as ai_app
from atrium.common.deadlines import lift_statement_limit
from atrium.common.storage import get_object_store
from atrium.config import Environment, get_settings
from atrium.core.learning.cli import catalog_app
from atrium.core.ml.cli import ml_app
from atrium.integrations.cli import sync_app
from atrium.ops.cli import backup, restore

app = typer.Typer(help="Atrium: run, migrate and manage the platform.", no_args_is_help=True)
console = Console(stderr=True)
QUEUES = "default,integrations,ai,ml"
FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
# gunicorn's default access line, then the X-Request-ID core answered with.
GUNICORN_ACCESS_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
)


class Process(StrEnum):
    core = "core"
    api = "api"
    gateway = "gateway"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    import django

    django.setup()


def _exec(*argv: str) -> None:
    """Replace this process, so signals from honcho or Kubernetes reach the server itself."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", *argv])


def _share_metrics_across_workers(default_dir: Path) -> None:
    """The processes a server forks (gunicorn's workers, a Celery worker's pool children)
    write their metrics to one folder that its ``/metrics`` sums up.

    Emptied at start: the files of a previous run's workers would add to this one's counts.
    The default folder is named after the server's port, so two servers sharing a var
    folder (two cores on one machine) neither empty nor sum each other's.
    """
    folder = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(default_dir)))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


@app.command()
def serve(
    process: Process,
    port: Annotated[
        int | None, typer.Option(help="Defaults to the setting for the process.")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Defaults to WEB_CONCURRENCY.")] = None,
) -> None:
    """Serve core (gunicorn, WSGI), api (uvicorn) or the composed gateway (uvicorn)."""
    settings = get_settings()
    if process is not Process.api and settings.serve_after_neighbours_s:
        _await_neighbours(settings.serve_after_neighbours_s)
    host = settings.atrium_bind_host
    count = str(workers or settings.web_concurrency)
    dev = settings.atrium_env == Environment.DEV
    if process is Process.core:
        port = port or settings.core_port
        bind = f"{host}:{port}"
        extra = ["--reload"] if dev else []
        _share_metrics_across_workers(settings.var_dir / "metrics" / f"core-{port}")
        _exec(
            "gunicorn",
            "atrium.core.wsgi:application",
            "--bind",
            bind,
            "--workers",
            count,
            "--access-logfile",
            "-",
            # gunicorn writes these lines itself: the id core returned ties each to its logs.
            "--access-logformat",
            GUNICORN_ACCESS_FORMAT,
            "--forwarded-allow-ips",
            "*",
            *extra,
        )
    target = "atrium.api.main:app" if process is Process.api else "atrium.gateway:create_gateway"
    port = port or (settings.api_port if process is Process.api else settings.gateway_port)
    extra = ["--factory"] if process is Process.gateway else []
    extra += (
        ["--reload", "--reload-dir", str(Path(__file__).parent)] if dev else ["--workers", count]
    )
    if process is Process.api:
        _share_metrics_across_workers(settings.var_dir / "metrics" / f"api-{port}")
        extra += ["--loop", settings.api_event_loop]
    _exec(
        "uvicorn",
        target,
        "--host",
        host,
        "--port",
        str(port),
        # The gateway reads X-Forwarded-For itself, by TRUSTED_PROXY_COUNT.
        "--proxy-headers" if process is Process.api else "--no-proxy-headers",
        "--no-server-header",
        "--timeout-keep-alive",
        str(settings.server_keepalive_s),
        *extra,
    )


def _await_neighbours(limit_s: float) -> None:
    """Listen once a worker and api answer: `atrium dev` starts every process at once, and
    core's first health answer is then a whole one."""
    from atrium.tasks import monitor

    readyz = f"{get_settings().api_url}/readyz"

    def answering() -> bool:
        try:
            if httpx.get(readyz, timeout=2).status_code != 200:
                return False
            with monitor.connect(2) as conn:
                return bool(monitor.ping_workers(conn, 1))
        except Exception:  # still starting
            return False

    deadline = time.monotonic() + limit_s
    while not answering():
        if time.monotonic() > deadline:
            console.print("[yellow]no worker or api answered in time: serving anyway[/yellow]")
            return
        time.sleep(0.5)


@app.command()
def worker(
    queues: Annotated[str, typer.Option(help="Comma-separated queues to consume.")] = QUEUES,
    concurrency: Annotated[int, typer.Option()] = 2,
) -> None:
    """Run a Celery worker on the given queues."""
    settings = get_settings()
    if settings.worker_metrics_port:
        _share_metrics_across_workers(
            settings.var_dir / "metrics" / f"worker-{settings.worker_metrics_port}"
        )
    _exec(
        "celery",
        "-A",
        "atrium.tasks",
        "worker",
        "-Q",
        queues,
        "--concurrency",
        str(concurrency),
        "--loglevel",
        settings.log_level,
        "-E",
    )


@app.command()
def beat() -> None:
    """Run Celery beat. Exactly one must run: it is the only source of scheduled work."""
    _exec("celery", "-A", "atrium.tasks", "beat", "--loglevel", get_settings().log_level)


@app.command()
def migrate(
    attempts: Annotated[int, typer.Option(help="How often to try reaching the databases.")] = 30,
) -> None:
    """Wait for both databases, then apply core's Django and the AI store's Alembic migrations."""
    from django.core.management import call_command
    from django.db import connection

    from atrium.store.migrate import upgrade

    lift_statement_limit()  # a migration may build an index over a large table
    _django()
    var_dir = get_settings().var_dir
    var_dir.mkdir(parents=True, exist_ok=True)
    # Processes started together (honcho, several pods) migrate once; the others wait.
    with FileLock(var_dir / "migrate.lock"):
        _retry("core database", connection.ensure_connection, attempts)
        call_command("migrate", interactive=False, verbosity=1)
        _retry("AI store", upgrade, attempts)
    console.print("[green]Both databases are migrated.[/green]")
    store = get_object_store()
    _retry("object storage", store.prepare, attempts)
    console.print(f"[green]Object storage is ready at {store.base_uri}.[/green]")


def _retry(what: str, action: object, attempts: int) -> None:
    for attempt in range(1, attempts + 1):
        try:
            action()  # type: ignore[operator]
            return
        except Exception as exc:
            if attempt == attempts:
                raise
            console.print(f"[yellow]{what} not ready ({exc}); retry {attempt}/{attempts}[/yellow]")
            time.sleep(min(2.0, 0.2 * attempt))


@app.command()
def seed() -> None:
    """Load demo data: a staff account to explore the admin with (dev only)."""
    settings = get_settings()
    if settings.is_prod:
        raise typer.BadParameter("seed loads demo data and refuses to run when ATRIUM_ENV=prod")
    _django()
    from atrium.core.seed import seed_demo

    for line in seed_demo():
        console.print(line)


class Service(StrEnum):
    core = "core"
    api = "api"


@app.command()
def openapi(
    service: Service,
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Print a service's OpenAPI document without starting it (the dashboard's client uses it)."""
    if service is Service.core:
        _django()
        from ninja.responses import NinjaJSONEncoder

        from atrium.core.api import api

        text = json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder, indent=2)
    else:
        from atrium.api.main import create_app

        text = json.dumps(create_app().openapi(), indent=2)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n")


# What the production build is made from: newer than its BUILD_ID means rebuild.
DASHBOARD_SOURCES = ("src", "public", "package.json", "package-lock.json", "next.config.mjs")
HOT_ENV = "ATRIUM_WEB_HOT"  # how `atrium dev --hot` reaches the Procfile's `atrium web`


def dashboard_build_is_stale(frontend: Path = FRONTEND) -> bool:
    build_id = frontend / ".next" / "BUILD_ID"
    if not build_id.exists():
        return True
    built = build_id.stat().st_mtime
    paths = (frontend / name for name in DASHBOARD_SOURCES)
    files = (f for p in paths if p.exists() for f in ([p] if p.is_file() else p.rglob("*")))
    return any(f.is_file() and f.stat().st_mtime > built for f in files)


@app.command()
def web(
    hot: Annotated[
        bool,
        typer.Option(
            "--hot", envvar=HOT_ENV, help="next dev: reloads on edits, compiles each page on visit."
        ),
    ] = False,
) -> None:
    """Serve the Next.js dashboard on WEB_URL's port: the production build (built first when
    missing or older than its sources), or ``next dev`` with ``--hot``."""
    npm = shutil.which("npm")
    if npm is None:
        raise typer.BadParameter("the dashboard needs Node.js 20+ and npm on the PATH")
    if not (FRONTEND / "node_modules").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    settings = get_settings()
    port = str(urlsplit(settings.web_url).port or 3000)
    os.environ["NEXT_TELEMETRY_DISABLED"] = "1"
    os.chdir(FRONTEND)
    if not hot and dashboard_build_is_stale():
        console.print("building the dashboard (next build) once; `atrium dev --hot` skips this")
        subprocess.run([npm, "run", "build"], check=True)
    listen = ["--hostname", settings.atrium_bind_host, "-p", port]
    if hot:
        os.execv(npm, [npm, "run", "dev", "--", *listen])
    keepalive_ms = str(settings.server_keepalive_s * 1000)
    os.execv(npm, [npm, "run", "start", "--", *listen, "--keepAliveTimeout", keepalive_ms])


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. ``atrium manage createsuperuser``."""
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    execute_from_command_line(["atrium manage", *ctx.args])


@app.command()
def dev(
    procfile: Annotated[Path, typer.Option(help="The Procfile to run.")] = Path("Procfile"),
    offline: Annotated[
        bool, typer.Option(help="Serve every public API from a local fake upstream.")
    ] = False,
    hot: Annotated[
        bool, typer.Option(help="The dashboard under next dev (hot reload) instead of its build.")
    ] = False,
) -> None:
    """Migrate, seed, and start every process with honcho, printing where each one listens."""
    if hot:
        os.environ[HOT_ENV] = "1"
    migrate(attempts=30)
    seed()
    settings = get_settings()
    console.rule("Atrium")
    if offline:
        from atrium.integrations.fake.offline import offline_procfile

        procfile, fake_url = offline_procfile(procfile, settings.var_dir)
        console.print(f"  {'upstream':<8} {fake_url} (fake public APIs)")
    for name, url in (
        ("gateway", f"http://127.0.0.1:{settings.gateway_port}/"),
        ("core", f"http://127.0.0.1:{settings.core_port}/api/v1/docs"),
        ("health", f"http://127.0.0.1:{settings.core_port}/api/v1/health/"),
        ("admin", f"http://127.0.0.1:{settings.core_port}/admin/"),
        ("api", f"http://127.0.0.1:{settings.api_port}/api/v1/api/docs"),
    ):
        console.print(f"  {name:<8} {url}")
    console.rule()
    # The Procfile's commands (`atrium …`) must resolve to this environment's scripts,
    # whether or not the virtual environment was activated.
    scripts = str(Path(sys.executable).parent)
    os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])
    os.environ.setdefault("SERVE_AFTER_NEIGHBOURS_S", "120")
    _exec("honcho", "start", "-f", str(procfile), *startable(procfile))


def startable(procfile: Path) -> list[str]:
    """The Procfile's processes that can start here: honcho stops them all when one exits."""
    names = [line.split(":", 1)[0].strip() for line in procfile.read_text().splitlines()]
    names = [name for name in names if name and not name.startswith("#")]
    if "web" in names and shutil.which("npm") is None:
        names.remove("web")
        console.print(
            "[yellow]npm not found: everything but the dashboard runs. For the dashboard,"
            " install Node.js 20+ (with npm) and run `atrium web` or `make dev` again.[/yellow]"
        )
    return names


@app.command("fake-upstream")
def fake_upstream(port: Annotated[int, typer.Option(help="Loopback port to listen on.")]) -> None:
    """Serve the fake of every public API (with faults on demand) for offline demos."""
    _exec(
        "uvicorn",
        "atrium.integrations.fake.app:create_fake",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    )


app.command()(backup)
app.command()(restore)
app.add_typer(sync_app, name="sync")
app.add_typer(catalog_app, name="catalog")
app.add_typer(ai_app, name="ai")
app.add_typer(ml_app, name="ml")

keys_app = typer.Typer(help="Core's token signing keys and service credentials.")
app.add_typer(keys_app, name="keys")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Add a new signing key; older keys stay published until their tokens expire.

    In dev the key file under ATRIUM_VAR_DIR is rewritten. In production (or with
    JWT_PRIVATE_KEYS set) the new key set is printed to stdout: store it as the new
    JWT_PRIVATE_KEYS; the first one comes from running this with none set.
    """
    from atrium.core.accounts.keys import rotate_keys

    settings = get_settings()
    ring = rotate_keys(settings)
    if settings.is_prod or settings.jwt_private_keys is not None:
        sys.stdout.write(ring.to_json() + "\n")
    console.print(f"[green]New signing key {ring.signing_key.kid}[/green]")


@keys_app.command("service-key")
def keys_service_key(name: Annotated[str, typer.Argument(help="Who will use it.")]) -> None:
    """Create the service credential api uses to call core (printed once, to stdout)."""
    _django()
    from atrium.core.audit_context import AuditContext
    from atrium.core.orgs.api_keys import SERVICE_SCOPE, issue_key

    issued = issue_key(
        audit=AuditContext.system("cli"),
        organization=None,
        name=name,
        scopes=[SERVICE_SCOPE],
        created_by=None,
    )
    sys.stdout.write(issued.secret + "\n")
    console.print(f"[green]Service key {issued.key.prefix} created; it is not shown again.[/green]")


if __name__ == "__main__":
    app()
