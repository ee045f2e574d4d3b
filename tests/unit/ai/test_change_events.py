"""What core puts on the ``ai`` queue is what the worker reads: each event, as it crossed the
real broker, validates with the model its task is registered for; a malformed one is dropped."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import structlog
from structlog.testing import capture_logs

from atrium.ai import tasks
from atrium.ai.tasks import received
from atrium.common.events import ChangeEvent, ItemChanged, ItemRemoved, ProgressChanged, UserRemoved
from atrium.core.learning.models import Item
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.progress import put_progress
from atrium.tasks.app import celery_app
from tests.support.auth import make_user
from tests.unit.learning.conftest import Sent, ai_queue, make_track  # noqa: F401 (fixture)

EVENTS: dict[str, type[ChangeEvent]] = {
    model.task: model for model in (ItemChanged, ItemRemoved, ProgressChanged, UserRemoved)
}


@pytest.mark.django_db(transaction=True)
def test_every_event_core_sends_validates_on_the_worker(ai_queue: Callable[[], Sent]) -> None:  # noqa: F811
    item = make_track("wire", items=1, kind="quiz").modules.get().items.get()
    learner = make_user("learner@example.com")
    put_progress(user_id=learner.pk, item=item, update=ProgressUpdate(status="completed", score=90))
    item_id = item.pk
    Item.objects.filter(pk=item_id).get().delete()
    learner.delete()
    sent = ai_queue()
    assert sorted({task for task, _ in sent}) == sorted(EVENTS)
    for task, payload in sent:
        assert task in celery_app.tasks, task
        event = received(EVENTS[task], payload)
        assert event is not None, (task, payload)
        assert event.model_dump(mode="json") == payload
    [progress] = [received(ProgressChanged, p) for t, p in sent if t == ProgressChanged.task]
    assert progress is not None
    assert (progress.item_id, progress.status, progress.score) == (str(item_id), "completed", 90)


@pytest.mark.parametrize(
    ("model", "payload"),
    [
        (ItemChanged, {"item_id": "1", "kind": "lesson"}),
        (ItemRemoved, {}),
        (ProgressChanged, {"user_id": 1}),
        (UserRemoved, {"user_id": "five"}),
        (UserRemoved, "not an object"),
    ],
)
def test_a_malformed_event_is_logged_and_dropped(
    model: type[ChangeEvent], payload: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    with capture_logs() as logs:
        # The module's logger may be cached with the app's configuration by an earlier
        # test (cache_logger_on_first_use); a fresh one binds to the capture.
        monkeypatch.setattr(tasks, "log", structlog.get_logger(tasks.__name__))
        assert received(model, payload) is None
    assert logs[0]["event"] == "malformed change event dropped"
    assert logs[0]["task"] == model.task


def test_a_malformed_event_is_answered_not_retried() -> None:
    task = celery_app.tasks[ItemRemoved.task]
    assert task.apply(args=[{"item_id": ""}]).get() == {"rejected": ItemRemoved.task}
