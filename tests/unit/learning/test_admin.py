"""The admin: tracks with their modules and items inline, progress with filters and history."""

from __future__ import annotations

import pytest
from django.test import Client

from atrium.core.learning.models import Item, ItemKind, Progress, ProgressStatus
from atrium.core.learning.schemas import ProgressUpdate
from atrium.core.learning.services.progress import put_progress
from tests.support.auth import make_user
from tests.unit.learning.conftest import make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    staff = make_user("root@example.com")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def test_every_learning_page_renders(staff_client: Client) -> None:
    track = make_track("admin", kind=ItemKind.QUIZ)
    item = Item.objects.first()
    assert item is not None
    learner = make_user("learner@example.com")
    update = ProgressUpdate(status=ProgressStatus.COMPLETED, score=80)
    progress = put_progress(user_id=learner.pk, item=item, update=update).progress
    pages = [
        "/admin/learning/track/",
        f"/admin/learning/track/{track.pk}/change/",
        f"/admin/learning/module/{track.modules.get().pk}/change/",
        "/admin/learning/item/?kind__exact=quiz",
        f"/admin/learning/item/{item.pk}/change/",
        "/admin/learning/progress/?status__exact=completed",
        f"/admin/learning/progress/?item__module__track__id__exact={track.pk}",
        f"/admin/learning/progress/{progress.pk}/change/",
        "/admin/learning/progressevent/",
    ]
    for page in pages:
        assert staff_client.get(page).status_code == 200, page
    assert b"created" in staff_client.get(f"/admin/learning/progress/{progress.pk}/change/").content


def test_the_reset_action_is_the_admin_way_back_from_completed(staff_client: Client) -> None:
    item = make_track("reset", kind=ItemKind.QUIZ).modules.get().items.first()
    assert item is not None
    learner = make_user("learner@example.com")
    update = ProgressUpdate(status=ProgressStatus.COMPLETED, score=80)
    progress = put_progress(user_id=learner.pk, item=item, update=update).progress
    response = staff_client.post(
        "/admin/learning/progress/",
        {"action": "reset", "_selected_action": [progress.pk]},
    )
    assert response.status_code == 302
    progress = Progress.objects.get(pk=progress.pk)
    assert progress.status == ProgressStatus.NOT_STARTED
    assert list(progress.events.values_list("kind", flat=True)) == ["created", "reset"]
    history = f"/admin/learning/progressevent/{progress.events.first().pk}/change/"  # type: ignore[union-attr]
    assert staff_client.get(history).status_code == 200
    assert staff_client.post(history, {}).status_code == 403, "history is read-only"


def test_an_item_cannot_move_into_another_catalog() -> None:
    from django.core.exceptions import ValidationError

    from atrium.core.orgs.models import Organization

    item = make_track("public-one").modules.get().items.first()
    private = make_track("private-one", org=Organization.objects.create(name="P")).modules.get()
    assert item is not None
    item.module = private
    with pytest.raises(ValidationError):
        item.full_clean()


def test_tags_typed_in_the_admin_are_stored_as_the_api_stores_them() -> None:
    from atrium.core.learning.admin import ItemForm

    item = make_track("tagged").modules.get().items.first()
    assert item is not None
    fields = {name: getattr(item, name) for name in ("slug", "kind", "title", "summary", "body")}
    data = {
        **fields,
        "module": item.module_id,
        "content": "{}",
        "difficulty": 1,
        "estimated_minutes": 5,
        "state": item.state,
        "position": 0,
    }
    typed = ItemForm({**data, "tags": '["  Python ", "TLS"]'}, instance=item)
    assert typed.is_valid(), typed.errors
    assert typed.cleaned_data["tags"] == ["python", "tls"]
    too_long = ItemForm({**data, "tags": f'["{"x" * 41}"]'}, instance=item)
    assert not too_long.is_valid()
    assert "tags" in too_long.errors
