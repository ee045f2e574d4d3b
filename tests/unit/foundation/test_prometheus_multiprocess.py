"""Summing forked processes' metrics: counts of every process, live gauges of live ones only."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from atrium.common.prometheus import LiveProcessesCollector

# A process as a pool child is: it counts, marks itself busy, then waits or is killed.
CHILD = """
import sys
from prometheus_client import Counter, Gauge
Counter("demo_runs", "runs").inc()
Gauge("demo_busy", "busy", multiprocess_mode="livesum").inc()
print("ready", flush=True)
sys.stdin.readline()
"""


def start_child(folder: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env={"PROMETHEUS_MULTIPROC_DIR": str(folder), "PATH": ""},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def scrape(folder: Path) -> dict[str, float]:
    registry = CollectorRegistry()
    registry.register(LiveProcessesCollector(folder))
    body = generate_latest(registry).decode()
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


@pytest.fixture
def children(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for child in started:
        child.kill()
        child.wait(10)


@pytest.mark.timeout(60)
def test_a_killed_process_still_counts_but_is_no_longer_busy(
    tmp_path: Path, children: list[subprocess.Popen[str]]
) -> None:
    children += [start_child(tmp_path), start_child(tmp_path)]
    assert scrape(tmp_path) == {"demo_runs_total": 2.0, "demo_busy": 2.0}

    children[0].send_signal(signal.SIGKILL)  # no clean-up of its own
    children[0].wait(10)
    assert scrape(tmp_path) == {"demo_runs_total": 2.0, "demo_busy": 1.0}
