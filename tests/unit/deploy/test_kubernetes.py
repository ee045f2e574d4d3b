"""Every overlay renders with kustomize and validates against the Kubernetes schemas offline."""

from __future__ import annotations

from typing import Any

import kubernetes_validate
import pytest

from atrium.tasks.routing import QUEUE_NAMES
from tests.support.routes import ROUTE_CASES
from tests.unit.deploy.tools import (
    K8S,
    OVERLAYS,
    containers,
    of_kind,
    render,
    run,
    tool,
    workloads,
)

KUBERNETES_VERSION = "1.30.0"  # the oldest minor the manifests promise to work on
WEB_PROCESSES = {"core", "api", "web"}
INGRESS_NAMESPACE = {"kubernetes.io/metadata.name": "ingress-nginx"}
PROMETHEUS_NAMESPACE = {"kubernetes.io/metadata.name": "monitoring"}


# The Prometheus Operator's kinds (deploy/k8s/components/monitoring) have no schema in the
# validator: their spec's keys are checked here, their meaning in test_observability.py.
OPERATOR_API = "monitoring.coreos.com/v1"
OPERATOR_SPEC_KEYS = {
    "ServiceMonitor": ({"selector", "endpoints"}, {"jobLabel", "namespaceSelector"}),
    "PodMonitor": ({"selector", "podMetricsEndpoints"}, {"jobLabel", "namespaceSelector"}),
    "PrometheusRule": ({"groups"}, set()),
}
RULE_KEYS = {"alert", "expr", "for", "labels", "annotations"}


def operator_errors(obj: dict[str, Any]) -> list[str]:
    name = f"{obj['kind']}/{obj['metadata']['name']}"
    if obj["apiVersion"] != OPERATOR_API or obj["kind"] not in OPERATOR_SPEC_KEYS:
        return [f"{name}: no schema for {obj['apiVersion']}"]
    required, optional = OPERATOR_SPEC_KEYS[obj["kind"]]
    keys = set(obj["spec"])
    errors = [f"{name}: missing {key}" for key in sorted(required - keys)]
    errors += [f"{name}: unknown {key}" for key in sorted(keys - required - optional)]
    for group in obj["spec"].get("groups", []):
        for rule in group["rules"]:
            if not {"alert", "expr"} <= set(rule) <= RULE_KEYS:
                errors.append(f"{name}: rule {rule} needs alert and expr, and only {RULE_KEYS}")
    return errors


def schema_errors(objects: list[dict[str, Any]], version: str) -> list[str]:
    errors = []
    for obj in objects:
        if obj["apiVersion"].split("/")[0].endswith(".coreos.com"):
            errors += operator_errors(obj)
            continue
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message}")
    return errors


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("version", [KUBERNETES_VERSION, kubernetes_validate.latest_version()])
def test_overlay_validates_against_kubernetes_schemas(overlay: str, version: str) -> None:
    objects = render(overlay)
    assert len(objects) > 20
    assert schema_errors(objects, version) == []


@pytest.mark.parametrize(
    ("break_it", "reported"),
    [
        (lambda d: d["spec"].update(replicaz=2), "replicaz"),
        (lambda d: containers(d)[0]["ports"][0].update(containerPort="eight"), "'eight'"),
    ],
)
def test_the_validator_rejects_a_broken_object(break_it: Any, reported: str) -> None:
    deployment = of_kind(render("prod"), "Deployment")["core"]
    break_it(deployment)
    (error,) = schema_errors([deployment], KUBERNETES_VERSION)
    assert reported in error


@pytest.mark.parametrize(
    ("kind", "break_it", "reported"),
    [
        ("ServiceMonitor", lambda m: m["spec"].pop("endpoints"), "missing endpoints"),
        ("PodMonitor", lambda m: m["spec"].update(podMetricEndpoints=[]), "unknown podMetricE"),
        ("PrometheusRule", lambda m: m["spec"]["groups"][0]["rules"][0].pop("expr"), "rule"),
        ("PodMonitor", lambda m: m.update(apiVersion="monitoring.coreos.com/v2"), "no schema"),
    ],
)
def test_the_operator_check_rejects_a_broken_object(
    kind: str, break_it: Any, reported: str
) -> None:
    (monitor,) = of_kind(render("prod"), kind).values()
    assert schema_errors([monitor], KUBERNETES_VERSION) == []
    break_it(monitor)
    (error,) = schema_errors([monitor], KUBERNETES_VERSION)
    assert reported in error


def test_the_base_renders_on_its_own() -> None:
    done = run(tool("kubectl"), "kustomize", str(K8S / "base"))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_values_are_in_the_repository(overlay: str) -> None:
    objects = render(overlay)
    assert of_kind(objects, "Secret") == {}
    referenced = {
        source["secretRef"]["name"]
        for obj in workloads(objects)
        for container in containers(obj)
        for source in container.get("envFrom", [])
        if "secretRef" in source
    }
    assert referenced == {"atrium-secrets"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_has_requests_and_limits(overlay: str) -> None:
    for obj in workloads(render(overlay)):
        for container in containers(obj):
            resources = container.get("resources", {})
            for key in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(key, {})), (obj["metadata"], key)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_web_processes_have_liveness_and_readiness_probes(overlay: str) -> None:
    deployments = of_kind(render(overlay), "Deployment")
    for name in WEB_PROCESSES:
        (container,) = containers(deployments[name])
        assert {"livenessProbe", "readinessProbe", "startupProbe"} <= set(container), name
    (api,) = containers(deployments["api"])
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_beat_runs_exactly_once(overlay: str) -> None:
    objects = render(overlay)
    beat = of_kind(objects, "Deployment")["beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    scaled = {
        hpa["spec"]["scaleTargetRef"]["name"]
        for hpa in of_kind(objects, "HorizontalPodAutoscaler").values()
    }
    assert "beat" not in scaled


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_autoscalers_and_budgets_point_at_real_deployments(overlay: str) -> None:
    objects = render(overlay)
    deployments = of_kind(objects, "Deployment")
    hpas = of_kind(objects, "HorizontalPodAutoscaler").values()
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in hpas}
    assert {"core", "api", "worker"} <= scaled <= set(deployments)
    for name in scaled:
        assert "replicas" not in deployments[name]["spec"], f"{name}: the HPA owns replicas"
    pod_labels = [d["spec"]["template"]["metadata"]["labels"] for d in deployments.values()]
    for budget in of_kind(objects, "PodDisruptionBudget").values():
        wanted = budget["spec"]["selector"]["matchLabels"].items()
        assert sum(wanted <= labels.items() for labels in pod_labels) == 1, budget["metadata"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_queue_has_a_worker(overlay: str) -> None:
    consumed = set()
    for deployment in of_kind(render(overlay), "Deployment").values():
        (container,) = containers(deployment)
        command = container.get("command", [])
        if command[:2] == ["atrium", "worker"]:
            consumed |= set(command[command.index("--queues") + 1].split(","))
    assert consumed == set(QUEUE_NAMES)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migration_job_is_named_for_the_release_it_runs(overlay: str) -> None:
    (job,) = of_kind(render(overlay), "Job").values()
    (container,) = containers(job)
    tag = container["image"].rsplit(":", 1)[1]
    assert job["metadata"]["name"] == f"atrium-migrate-{tag}"
    assert container["command"] == ["atrium", "migrate"]
    assert job["metadata"]["labels"]["atrium.io/phase"] == "pre-rollout"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_what_the_migration_needs_is_applied_before_the_rollout(overlay: str) -> None:
    """release.sh applies the pre-rollout objects first: they must carry the Job's needs."""
    objects = render(overlay)
    first = {
        (obj["kind"], obj["metadata"]["name"])
        for obj in objects
        if obj["metadata"].get("labels", {}).get("atrium.io/phase") == "pre-rollout"
    }
    (job,) = of_kind(objects, "Job").values()
    spec = job["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    config = next(s["configMapRef"]["name"] for s in container["envFrom"] if "configMapRef" in s)
    assert ("ConfigMap", config) in first
    assert ("ServiceAccount", spec["serviceAccountName"]) in first
    assert ("Namespace", job["metadata"]["namespace"]) in first


def ingress_owner(objects: list[dict[str, Any]], path: str) -> str:
    """The Service an Ingress sends ``path`` to: the longest matching Prefix path wins."""
    matches = []
    for ingress in of_kind(objects, "Ingress").values():
        for rule in ingress["spec"]["rules"]:
            for route in rule["http"]["paths"]:
                assert route["pathType"] == "Prefix"
                prefix = route["path"].rstrip("/")
                if path == prefix or path.startswith(prefix + "/"):
                    matches.append((len(prefix), route["backend"]["service"]["name"]))
    return max(matches)[1]


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize(("path", "owner"), ROUTE_CASES)
def test_ingress_routes_like_the_gateway(overlay: str, path: str, owner: str) -> None:
    assert ingress_owner(render(overlay), path) == owner


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_ingress_and_the_apps_reach_the_web_processes(overlay: str) -> None:
    objects = render(overlay)
    policies = of_kind(objects, "NetworkPolicy")
    assert policies["default-deny-ingress"]["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress"],
    }
    for policy in policies.values():
        for rule in policy["spec"].get("ingress", []):
            for peer in rule["from"]:
                assert "ipBlock" not in peer, policy["metadata"]["name"]
                if "namespaceSelector" in peer:
                    namespace = peer["namespaceSelector"]["matchLabels"]
                    assert namespace in (INGRESS_NAMESPACE, PROMETHEUS_NAMESPACE)
                    if namespace == PROMETHEUS_NAMESPACE:  # it scrapes, nothing else
                        assert policy["metadata"]["name"] == "metrics-from-prometheus"
                else:
                    assert peer["podSelector"]["matchLabels"] == {"atrium.io/role": "app"}
    datastores = policies["datastores-from-apps"]["spec"]
    assert datastores["podSelector"]["matchLabels"] == {"atrium.io/role": "datastore"}
    (rule,) = datastores["ingress"]
    assert rule["from"] == [{"podSelector": {"matchLabels": {"atrium.io/role": "app"}}}]


def test_dev_datastores_are_covered_by_the_datastore_policy() -> None:
    objects = render("dev")
    for name in ("postgres", "rabbitmq", "redis", "minio"):
        store = {**of_kind(objects, "StatefulSet"), **of_kind(objects, "Deployment")}[name]
        assert store["spec"]["template"]["metadata"]["labels"]["atrium.io/role"] == "datastore"
    for obj in workloads(objects):
        labels = obj["spec"]["template"]["metadata"]["labels"]
        if labels.get("app.kubernetes.io/part-of") == "atrium":
            assert labels["atrium.io/role"] == "app", obj["metadata"]["name"]


def test_prod_pods_meet_the_restricted_pod_security_standard() -> None:
    objects = render("prod")
    (namespace,) = of_kind(objects, "Namespace").values()
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for obj in workloads(objects):
        pod = obj["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        account = of_kind(objects, "ServiceAccount")[pod["serviceAccountName"]]
        assert account["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            assert security["readOnlyRootFilesystem"] is True
