"""Prometheus metrics of the ML pipeline, served at core's ``/metrics``.

Latency and counts are this process's. PSI is read from the latest monitoring snapshot
at scrape time, since the daily job that computes it runs in a worker, not in core. Its
collector has a registry of its own: in the default one, anything reading that registry
(api's ``/metrics`` in a process that also loaded core, a test's sample lookup) would
query core's database.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

PREDICTION_SECONDS = Histogram(
    "atrium_ml_prediction_seconds",
    "Time to score one request (features, model, logging), by model.",
    ["model"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
PREDICTIONS = Counter(
    "atrium_ml_predictions", "Predictions served, by model and version.", ["model", "version"]
)
ARTIFACTS_REFUSED = Counter(
    "atrium_ml_artifacts_refused",
    "Model artifacts refused on load (missing or sha256 mismatch).",
    ["model", "version"],
)


def _psi_family() -> GaugeMetricFamily:
    return GaugeMetricFamily(
        "atrium_ml_feature_psi",
        "PSI of each feature vs the training reference, from the latest daily snapshot.",
        labels=["model", "version", "feature"],
    )


class FeaturePsiCollector(Collector):
    def describe(self) -> Iterator[Metric]:
        yield _psi_family()  # without this, registering would query the database

    def collect(self) -> Iterator[Metric]:
        from atrium.core.ml.services.monitoring import latest_psi

        gauge = _psi_family()
        for (model, version), psi in latest_psi().items():
            for feature, value in psi.items():
                gauge.add_metric([model, str(version), feature], value)
        yield gauge


PSI_REGISTRY = CollectorRegistry()
PSI_REGISTRY.register(FeaturePsiCollector())
