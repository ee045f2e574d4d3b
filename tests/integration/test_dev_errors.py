"""A bug's 500 in dev costs its own request little and the other requests nothing."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.processes import Proc, http_ok, wait_until
from tests.support.services import free_port


@pytest.fixture(scope="module")
def dev_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var_dir = tmp_path_factory.mktemp("dev-errors")
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "tests.support.failing_api:app", "--port", str(port)]
    env = {"ATRIUM_ENV": "dev", "ATRIUM_VAR_DIR": str(var_dir), "LOG_JSON": "false"}
    proc = Proc("api", argv, env, var_dir / "api.log").start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(http_ok(f"{url}/healthz"), 60, "api", [proc])
        yield url
    finally:
        proc.stop()


async def _burst(url: str) -> list[tuple[int, float]]:
    """A failing request with /healthz calls beside it, three times over."""
    # A connection per request: uvicorn closes the one a failed request came on.
    async with httpx.AsyncClient(
        base_url=url, timeout=10, headers={"Connection": "close"}
    ) as client:

        async def timed(path: str) -> tuple[int, float]:
            started = time.perf_counter()
            response = await client.get(path)
            return response.status_code, time.perf_counter() - started

        await timed("/boom")  # the first one imports what rendering needs
        results: list[tuple[int, float]] = []
        for _ in range(3):
            results += await asyncio.gather(timed("/boom"), *(timed("/healthz") for _ in range(4)))
        return results


def test_a_forced_500_answers_fast_and_healthz_keeps_answering(dev_api: str) -> None:
    results = asyncio.run(_burst(dev_api))
    errors = [r for r in results if r[0] != 200]
    probes = [r for r in results if r[0] == 200]
    assert [status for status, _ in errors] == [500] * 3, results
    assert max(seconds for _, seconds in errors) < 0.2, errors
    assert len(probes) == 12
    assert max(seconds for _, seconds in probes) < 0.2, probes


def test_the_500_is_logged_with_its_traceback_and_without_locals(
    dev_api: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert httpx.get(f"{dev_api}/boom", timeout=10).status_code == 500
    time.sleep(0.5)  # the listener thread writes it
    log = next(Path(tmp_path_factory.getbasetemp()).glob("dev-errors*/api.log")).read_text()
    assert "RuntimeError: a bug, deep down" in log
    assert "depth = " not in log  # how a local variable would be printed
    # Each 500's traceback is one frame per function and middleware, well under 100 lines
    # (with locals, one printed 26,000).
    assert len(log.splitlines()) < 100 * log.count("Traceback (most recent call last)")
