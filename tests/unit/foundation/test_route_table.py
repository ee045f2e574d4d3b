"""Every router and gateway agrees with the one route table in ``atrium.common.routing``.

The nginx template and the Ingress are read as written and asked, path by path, where they
send each case; both apps' own route tables are walked, so a route mounted in the wrong
service fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from starlette.routing import Route

from atrium.common.routing import MOUNTS, SERVICE_LOCAL_PATHS, owner_of
from tests.support.routes import ROUTE_CASES, api_routes

NGINX = Path(__file__).parents[3] / "deploy" / "nginx" / "atrium.conf.template"
UPSTREAMS = {"atrium_core": "core", "atrium_api": "api", "atrium_web": "web"}


def nginx_locations() -> list[tuple[str, str, str]]:
    """(modifier, pattern, service) for each ``location`` block, in file order."""
    text = NGINX.read_text()
    blocks = re.findall(r"location\s+(~\*?|=|\^~)?\s*(\S+)\s*\{(.*?)\}", text, re.DOTALL)
    locations = []
    for modifier, pattern, body in blocks:
        if pattern.startswith("@"):
            continue  # a named location answers an internal redirect, never a path
        upstream = re.search(r"proxy_pass\s+http://(\w+);", body)
        assert upstream, f"location {pattern} proxies nowhere"
        locations.append((modifier, pattern, UPSTREAMS[upstream.group(1)]))
    return locations


def nginx_owner(path: str) -> str:
    """nginx's choice: an exact match, else the first matching regex, else the longest prefix."""
    locations = nginx_locations()
    for modifier, pattern, service in locations:
        if modifier == "=" and path == pattern:
            return service
    prefixes = [(p, s, m) for m, p, s in locations if m in ("", "^~") and path.startswith(p)]
    longest = max(prefixes, key=lambda found: len(found[0]), default=None)
    if longest and longest[2] == "^~":
        return longest[1]
    for modifier, pattern, service in locations:
        flags = re.IGNORECASE if modifier == "~*" else 0
        if modifier.startswith("~") and re.search(pattern, path, flags):
            return service
    assert longest, f"nginx has no location for {path}"
    return longest[1]


@pytest.mark.parametrize(("path", "owner"), ROUTE_CASES)
def test_the_table_gives_each_path_its_owner(path: str, owner: str) -> None:
    assert owner_of(path) == owner


@pytest.mark.parametrize(("path", "owner"), ROUTE_CASES)
def test_nginx_sends_each_path_to_its_owner(path: str, owner: str) -> None:
    assert nginx_owner(path) == owner


def test_the_table_names_each_prefix_once() -> None:
    prefixes = [mount.prefix for mount in MOUNTS]
    assert len(prefixes) == len(set(prefixes))


def _api_paths() -> list[str]:
    from atrium.api.main import create_app

    app = create_app()
    docs = [route.path for route in app.routes if isinstance(route, Route)]
    return docs + [str(route.path) for route in api_routes(app)]


def _core_paths() -> list[str]:
    def walk(patterns: list, base: str = "/") -> list[str]:
        paths = []
        for pattern in patterns:
            prefix = base + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                paths += walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern):
                paths.append(prefix)
        return paths

    return walk(get_resolver().url_patterns)


@pytest.mark.parametrize(("service", "paths"), [("api", _api_paths), ("core", _core_paths)])
def test_every_route_of_a_service_is_routed_to_that_service(service: str, paths) -> None:
    found = paths()
    assert len(found) > 10
    misrouted = [
        path
        for path in found
        if path not in SERVICE_LOCAL_PATHS and owner_of(path.split("<")[0].split("{")[0]) != service
    ]
    assert misrouted == [], f"routes of {service} the gateways send elsewhere"
