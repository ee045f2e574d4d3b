"""Run the real nginx binary with deploy/nginx's config, ports filled in, on loopback."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from string import Template

from tests.support.processes import Proc

TEMPLATE = Path(__file__).parents[2] / "deploy" / "nginx" / "atrium.conf.template"

MAIN = """
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {site};
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if not found:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
    return found


def render(prefix: Path, *, listen: int, core: str, api: str, web: str) -> Path:
    """Write nginx.conf and the site config into ``prefix``; return nginx.conf's path."""
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    site = prefix / "atrium.conf"
    site.write_text(
        Template(TEMPLATE.read_text()).safe_substitute(
            LISTEN_PORT=f"127.0.0.1:{listen}",
            CORE_UPSTREAM=core,
            API_UPSTREAM=api,
            WEB_UPSTREAM=web,
        )
    )
    main = prefix / "nginx.conf"
    main.write_text(MAIN.format(prefix=prefix, site=site))
    return main


def check(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [nginx_binary(), "-t", "-c", str(config)], capture_output=True, text=True, timeout=30
    )


def nginx(config: Path) -> Proc:
    return Proc("nginx", [nginx_binary(), "-c", str(config)], {}, config.parent / "nginx.log")
