"""The dashboards, alerts and scrape targets against what the code exports: none can drift."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from prometheus_client import REGISTRY
from prometheus_client.core import Metric

from tests.unit.deploy.tools import (
    DEPLOY,
    OVERLAYS,
    REPO,
    compose_config,
    containers,
    of_kind,
    render,
)

DASHBOARDS = sorted((DEPLOY / "observability" / "grafana").glob("*.json"))
RUNBOOKS = REPO / "docs" / "operations.md"
# Series Prometheus makes itself, not the code.
PROMETHEUS_OWN = {"up"}
SERIES_SUFFIXES = {
    "counter": ("_total",),
    "histogram": ("_bucket", "_count", "_sum"),
    "gauge": ("",),
    "summary": ("_count", "_sum", ""),
}
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool"}
PROMQL_WORDS |= {"and", "or", "unless", "offset", "inf", "nan"}
DEFINES_METRICS = re.compile(
    r"^from prometheus_client import \(?[\w\s,]*?\b(Counter|Gauge|Histogram)\b", re.M
)


def metric_modules() -> list[str]:
    """Every module of the package that defines a metric with prometheus_client."""
    package = REPO / "src"
    return sorted(
        ".".join(path.relative_to(package).with_suffix("").parts)
        for path in (package / "atrium").rglob("*.py")
        if DEFINES_METRICS.search(path.read_text())
    )


def exported_families() -> Iterator[Metric]:
    for module in metric_modules():
        importlib.import_module(module)  # registers its metrics, as the processes do
    from atrium.core.ml.metrics import FeaturePsiCollector

    yield from REGISTRY.collect()
    yield from FeaturePsiCollector().describe()  # collecting would read the database


def exported_series() -> set[str]:
    return {
        family.name + suffix
        for family in exported_families()
        for suffix in SERIES_SUFFIXES.get(family.type, ("",))
    }


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects: what is left once strings, label
    matchers, ranges, grouping clauses and function calls are taken out."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", expr)
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    words = re.findall(r"(?<![\w.$])([a-zA-Z_:][\w:]*)\b(?!\s*\()", expr)
    return {word for word in words if word.lower() not in PROMQL_WORDS}


def dashboard_exprs(dashboard: dict[str, Any]) -> list[str]:
    return [
        target["expr"]
        for panel in dashboard["panels"]
        for target in panel.get("targets", [])
        if "expr" in target
    ]


def alert_rules(overlay: str) -> list[dict[str, Any]]:
    (rule,) = of_kind(render(overlay), "PrometheusRule").values()
    return [r for group in rule["spec"]["groups"] for r in group["rules"]]


def test_the_expression_parser_finds_metric_names() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (le, route) (rate(atrium_a_bucket{x=~"5..", '
        'n=~"$namespace"}[$__rate_interval]))) / on (route) up{job="core"} > 0.5'
    )
    assert metric_names(expr) == {"atrium_a_bucket", "up"}


def test_every_metric_a_family_exports_is_known_here() -> None:
    assert {"atrium.core.request_metrics", "atrium.tasks.metrics"} <= set(metric_modules())
    series = exported_series()
    assert "atrium_core_http_requests_total" in series
    assert "atrium_worker_task_queue_wait_seconds_bucket" in series
    assert "atrium_ml_feature_psi" in series
    assert "atrium_core_http_requests" not in series  # a counter's samples end in _total


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_every_dashboard_queries_only_exported_metrics(path: Any) -> None:
    dashboard = json.loads(path.read_text())
    exprs = dashboard_exprs(dashboard)
    assert len(exprs) >= 20
    queried = set().union(*map(metric_names, exprs))
    assert queried - exported_series() - PROMETHEUS_OWN == set()
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids repeat"


def test_the_overview_shows_every_atrium_metric() -> None:
    """A metric nobody can see is either missing from the dashboard or not worth exporting."""
    (overview,) = [p for p in DASHBOARDS if p.name == "atrium-overview.json"]
    queried = set().union(*map(metric_names, dashboard_exprs(json.loads(overview.read_text()))))
    unseen = {
        family.name
        for family in exported_families()
        if family.name.startswith("atrium_")
        and not any(family.name + suffix in queried for suffix in SERIES_SUFFIXES[family.type])
    }
    assert unseen == set()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_alert_queries_exported_metrics_and_has_a_runbook(overlay: str) -> None:
    rules = alert_rules(overlay)
    assert len(rules) >= 5
    headings = {
        re.sub(r"[^\w-]", "", line.lstrip("#").strip().lower().replace(" ", "-"))
        for line in RUNBOOKS.read_text().splitlines()
        if line.startswith("#")
    }
    for rule in rules:
        assert metric_names(rule["expr"]) - exported_series() - PROMETHEUS_OWN == set(), rule
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule["alert"]
        path, anchor = rule["annotations"]["runbook_url"].split("#")
        assert path == "docs/operations.md"
        assert anchor == rule["alert"].lower()
        assert anchor in headings, f"docs/operations.md has no runbook for {rule['alert']}"


def test_the_plain_prometheus_example_scrapes_the_jobs_the_alerts_name() -> None:
    config = yaml.safe_load((DEPLOY / "observability" / "prometheus.yml").read_text())
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    targets = {
        job["job_name"]: target
        for job in config["scrape_configs"]
        for target in job["static_configs"][0]["targets"]
    }
    compose = compose_config(DEPLOY / "compose.yml")["services"]
    for job, target in targets.items():
        service, port = target.split(":")
        assert service in compose, target
        environment = compose[service]["environment"]
        wanted = {
            "core": "CORE_PORT",
            "api": "API_PORT",
            "worker": "WORKER_METRICS_PORT",
            "beat": "BEAT_METRICS_PORT",
        }[job]
        assert environment[wanted] == port, target
    (target_down,) = [r for r in alert_rules("prod") if r["alert"] == "AtriumTargetDown"]
    assert set(re.search(r'job=~"([^"]+)"', target_down["expr"])[1].split("|")) == jobs  # type: ignore[index]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_monitors_select_core_api_and_every_worker_by_a_named_port(overlay: str) -> None:
    objects = render(overlay)
    services = of_kind(objects, "Service")
    (service_monitor,) = of_kind(objects, "ServiceMonitor").values()
    selector = service_monitor["spec"]["selector"]
    (components,) = selector["matchExpressions"]
    labels = {name: s["metadata"].get("labels", {}) for name, s in services.items()}
    selected = {
        name
        for name, own in labels.items()
        if selector["matchLabels"].items() <= own.items()
        and own.get("app.kubernetes.io/component") in components["values"]
    }
    assert selected == {"core", "api"}
    for name in selected:
        ports = {port["name"] for port in services[name]["spec"]["ports"]}
        assert {e["port"] for e in service_monitor["spec"]["endpoints"]} <= ports

    (pod_monitor,) = of_kind(objects, "PodMonitor").values()
    selector = pod_monitor["spec"]["selector"]
    (components,) = selector["matchExpressions"]
    (endpoint,) = pod_monitor["spec"]["podMetricsEndpoints"]
    config = next(iter(of_kind(objects, "ConfigMap").values()))["data"]
    port_settings = {"worker": "WORKER_METRICS_PORT", "beat": "BEAT_METRICS_PORT"}
    scraped = []
    for deployment in of_kind(objects, "Deployment").values():
        (container,) = containers(deployment)
        process = container.get("command", [None, None])[:2]
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        selected = selector["matchLabels"].items() <= labels.items() and labels.get(
            "app.kubernetes.io/component"
        ) in set(components["values"])
        assert selected == (process in (["atrium", "worker"], ["atrium", "beat"]))
        if selected:
            scraped.append(process[1])
            ports = {p["name"]: p["containerPort"] for p in container["ports"]}
            assert ports[endpoint["port"]] == int(config[port_settings[process[1]]])
        if process == ["atrium", "worker"]:
            env = {e["name"]: e["value"] for e in container["env"]}
            mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
            assert env["PROMETHEUS_MULTIPROC_DIR"].rsplit("/", 1)[0] in mounts  # writable
    assert sorted(scraped) == ["beat", "worker", "worker", "worker"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_prometheus_may_reach_each_metrics_port(overlay: str) -> None:
    objects = render(overlay)
    policy = of_kind(objects, "NetworkPolicy")["metrics-from-prometheus"]["spec"]
    (rule,) = policy["ingress"]
    allowed = {port["port"] for port in rule["ports"]}
    config = next(iter(of_kind(objects, "ConfigMap").values()))["data"]
    metrics_ports = {
        int(config["CORE_PORT"]),
        int(config["API_PORT"]),
        int(config["WORKER_METRICS_PORT"]),
        int(config["BEAT_METRICS_PORT"]),
    }
    assert allowed == metrics_ports
    selected = set(policy["podSelector"]["matchExpressions"][0]["values"])
    assert selected == {"core", "api", "worker", "beat"}
