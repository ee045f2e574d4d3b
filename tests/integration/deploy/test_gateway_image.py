"""The gateway image's start-up rendering, done with the real envsubst, gives nginx a valid config.

The nginx image substitutes only the environment variables its NGINX_ENVSUBST_FILTER
matches; this does the same with deploy/nginx/Dockerfile's filter, then runs ``nginx -t``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import dockerfile

from tests.support import nginx as nginx_support
from tests.support.services import free_port, require

NGINX_DIR = Path(__file__).parents[3] / "deploy" / "nginx"


def image_env() -> dict[str, str]:
    (env,) = [c for c in dockerfile.parse_file(str(NGINX_DIR / "Dockerfile")) if c.cmd == "ENV"]
    return {k: v.strip('"') for k, v in zip(env.value[::2], env.value[1::2], strict=True)}


def envsubst_binary() -> str:
    found = shutil.which("envsubst")
    if found is None:
        raise FileNotFoundError("envsubst is not installed (apt-get install gettext-base)")
    return found


def render_as_the_image_does(environment: dict[str, str]) -> str:
    pattern = re.compile(image_env()["NGINX_ENVSUBST_FILTER"])
    names = " ".join(f"${{{name}}}" for name in environment if pattern.search(name))
    done = subprocess.run(
        [envsubst_binary(), names],
        input=(NGINX_DIR / "atrium.conf.template").read_text(),
        env=environment,
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    return done.stdout


def test_the_rendered_gateway_config_passes_nginx_t(tmp_path: Path) -> None:
    require("nginx", nginx_support.nginx_binary)
    require("envsubst", envsubst_binary)
    upstreams = {
        name: f"127.0.0.1:{free_port()}"
        for name in ("CORE_UPSTREAM", "API_UPSTREAM", "WEB_UPSTREAM")
    }
    # The image's own variables plus what any container has: only the filtered ones count.
    environment = {
        **image_env(),
        **upstreams,
        "LISTEN_PORT": f"127.0.0.1:{free_port()}",
        "HOSTNAME": "gateway",
        "PATH": os.environ["PATH"],
        "host": "must-not-replace-nginx-variables",
    }
    site = render_as_the_image_does(environment)

    assert "${" not in site
    for upstream in upstreams.values():
        assert f"server {upstream};" in site
    for variable in ("$host", "$http_upgrade", "$connection_upgrade", "$request_id", "$scheme"):
        assert variable in site, variable
    (tmp_path / "tmp").mkdir()
    (tmp_path / "atrium.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(nginx_support.MAIN.format(prefix=tmp_path, site=tmp_path / "atrium.conf"))
    checked = nginx_support.check(main)
    assert checked.returncode == 0, checked.stderr
