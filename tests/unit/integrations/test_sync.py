import datetime as dt

from atrium.integrations.errors import UpstreamUnavailable
from atrium.integrations.sync import Progress, patiently, steps


async def test_a_refused_slot_is_waited_for_as_told_then_retried() -> None:
    waits: list[float] = []
    attempts = 0

    async def call() -> str:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise UpstreamUnavailable("nasa", "rate limit of the upstream reached", 0.05)
        return "stored"

    assert await patiently(call, Progress(waiting=waits.append)) == "stored"
    assert waits == [0.05, 0.05]


def test_steps_count_days_and_neo_windows() -> None:
    assert steps(dt.date(2021, 1, 1), dt.date(2021, 1, 1)) == 2
    assert steps(dt.date(2021, 1, 1), dt.date(2021, 1, 9)) == 9 + 2
