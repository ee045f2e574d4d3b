"""api's request metrics, read back from its own ``/metrics`` after real requests."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from atrium.api.main import create_app

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    body = (await client.get("/metrics")).text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


async def test_requests_are_counted_by_route_template_method_and_status() -> None:
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        before = await scrape(client)
        for asteroid in ("3542519", "2000433"):
            response = await client.get(f"/api/v1/integrations/nasa/neo/{asteroid}")
            assert response.status_code == 401  # no credentials: answered before any upstream
        assert (await client.get("/api/v1/no/such/route")).status_code == 404
        assert (await client.get("/healthz")).status_code == 200
        after = await scrape(client)

    total = "atrium_api_http_requests_total"
    neo = "/api/v1/integrations/nasa/neo/{asteroid_id}"
    assert delta(before, after, total, route=neo, method="GET", status="401") == 2
    assert delta(before, after, total, route="unmatched", method="GET", status="404") == 1
    assert delta(before, after, total, route="/healthz", method="GET", status="200") == 1
    assert not any("3542519" in str(labels) for _, labels in after), "raw paths leaked"
    latency = "atrium_api_http_request_duration_seconds_count"
    assert delta(before, after, latency, route=neo, method="GET") == 2
