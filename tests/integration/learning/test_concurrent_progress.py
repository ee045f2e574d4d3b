"""Two core processes on PostgreSQL, 50 progress writes each to one record: none is lost."""

from __future__ import annotations

import threading

import httpx

from tests.integration.learning.conftest import Cores, owner_with_item

WRITES = 50


def writer(
    core: str, auth: dict[str, str], item_id: int, log: list[int], errors: list[str]
) -> None:
    """Add one second to time spent, WRITES times, re-reading after every conflict."""
    url = f"/api/v1/progress/{item_id}"
    with httpx.Client(base_url=core, headers=auth, timeout=30) as http:
        # Both writers race to create the record first, without a version.
        http.put(url, json={"status": "in_progress"})
        done = 0
        while done < WRITES:
            current = http.get(url)
            version = int(current.headers["ETag"].strip('"'))
            spent = current.json()["time_spent_s"] + 1
            answer = http.put(
                url,
                json={"status": "in_progress", "time_spent_s": spent, "attempts": spent},
                headers={"If-Match": f'"{version}"'},
            )
            if answer.status_code == 409:
                log.append(-1)
                continue
            if answer.status_code != 200:
                errors.append(answer.text)
                return
            done += 1
            log.append(answer.json()["version"])


def test_concurrent_writes_from_two_processes_lose_nothing(two_cores: Cores) -> None:
    auth, item_id = owner_with_item(two_cores.urls[0], "racer@example.com")
    logs: list[list[int]] = [[], []]
    errors: list[str] = []
    threads = [
        threading.Thread(target=writer, args=(core, auth, item_id, log, errors))
        for core, log in zip(two_cores.urls, logs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors[:3]
    accepted = [v for log in logs for v in log if v > 0]
    assert len(accepted) == 2 * WRITES
    assert len(set(accepted)) == 2 * WRITES, "no two writes were given the same version"

    with httpx.Client(base_url=two_cores.urls[1], headers=auth, timeout=30) as http:
        record = http.get(f"/api/v1/progress/{item_id}").json()
        assert record["time_spent_s"] == 2 * WRITES, "every increment survived"
        assert record["attempts"] == 2 * WRITES
        assert record["version"] == 2 * WRITES + 1  # the creation, then every write
        events, url = [], f"/api/v1/progress/{item_id}/events?page_size=200"
        while url:
            page = http.get(url).json()
            events += page["results"]
            url = (
                page["next_cursor"]
                and f"/api/v1/progress/{item_id}/events?cursor={page['next_cursor']}"
            )
    assert [e["version"] for e in events] == list(range(1, 2 * WRITES + 2))
    assert events[0]["kind"] == "created"
    for n, event in enumerate(events[1:], start=1):
        assert event["changes"]["time_spent_s"] == [n - 1, n], event
    assert events[-1]["state"]["time_spent_s"] == record["time_spent_s"]
