"""Prometheus metrics for LLM calls, served by api's ``/metrics``."""

from __future__ import annotations

from prometheus_client import Counter

LLM_TOKENS = Counter(
    "atrium_llm_tokens", "Tokens used by LLM answers", ["provider", "model", "direction"]
)
LLM_CALLS = Counter("atrium_llm_calls", "LLM provider calls by outcome", ["provider", "outcome"])


def record_outcome(provider: str, outcome: str) -> None:
    LLM_CALLS.labels(provider=provider, outcome=outcome).inc()


def record_usage(provider: str, model: str, input_tokens: int, output_tokens: int) -> None:
    LLM_TOKENS.labels(provider=provider, model=model, direction="input").inc(input_tokens)
    LLM_TOKENS.labels(provider=provider, model=model, direction="output").inc(output_tokens)
