"""The production edges (nginx's template, the Ingress) send the hardening headers."""

from pathlib import Path

import yaml

from atrium.common.security_headers import HEADERS

DEPLOY = Path(__file__).parents[3] / "deploy"
FIXED = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


def test_every_ingress_sets_the_fixed_value_headers() -> None:
    ingresses = list(yaml.safe_load_all((DEPLOY / "k8s/base/ingress.yaml").read_text()))
    assert len(ingresses) >= 2
    for ingress in ingresses:
        snippet = ingress["metadata"]["annotations"][
            "nginx.ingress.kubernetes.io/configuration-snippet"
        ]
        for name in FIXED:
            assert f'more_set_headers "{name}: {HEADERS[name]}";' in snippet, (name, ingress)


def test_nginx_fills_in_each_header_an_upstream_left_out() -> None:
    template = (DEPLOY / "nginx/atrium.conf.template").read_text()
    for name in (*FIXED, "Content-Security-Policy"):
        assert f"add_header {name} $default_" in template, name
        assert f"map $upstream_http_{name.lower().replace('-', '_')} $default_" in template
    for name in FIXED:
        assert f"{HEADERS[name]};" in template, name
