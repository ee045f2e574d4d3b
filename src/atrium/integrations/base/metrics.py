"""Prometheus metrics per upstream, served by api's ``/metrics``."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPSTREAM_LATENCY = Histogram(
    "atrium_upstream_request_seconds",
    "Latency of one request (one attempt) to an upstream.",
    ["upstream"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
UPSTREAM_OUTCOMES = Counter(
    "atrium_upstream_requests",
    "Attempts at an upstream, by outcome (ok, http_4xx, http_5xx, rate_limited, timeout, "
    "connection_error, unreachable, redirect, malformed).",
    ["upstream", "outcome"],
)
UPSTREAM_REFUSALS = Counter(
    "atrium_upstream_refusals",
    "Calls not sent to an upstream, by reason (breaker_open, rate_limited).",
    ["upstream", "reason"],
)
CACHE_RESULTS = Counter(
    "atrium_upstream_cache",
    "Cached upstream reads, by result (hit, miss, stale, coalesced, missing).",
    ["upstream", "result"],
)
BREAKER_STATE = Gauge(
    "atrium_upstream_breaker_state",
    "Circuit breaker state per upstream and endpoint family: 0 closed, 1 half-open, 2 open.",
    ["upstream", "family"],
    multiprocess_mode="livemax",  # each api worker keeps its own breaker: the worst one
)
QUOTA_REMAINING = Gauge(
    "atrium_upstream_quota_remaining",
    "Requests left in the upstream's own quota, as its last answer reported it.",
    ["upstream"],
    multiprocess_mode="livemostrecent",
)
