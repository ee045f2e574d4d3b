"""``python -m bench.support.progress_data``: one learner with progress on 50 items.

Prints the learner's id and an access token for it (signed with the run's dev keys).
"""

from __future__ import annotations

import json
import os
import sys

ROWS = 50


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    import django

    django.setup()
    from atrium.common.tokens import Role
    from atrium.core.accounts.models import User
    from atrium.core.accounts.tokens import sign_access_token
    from atrium.core.learning.models import Item, Module, Publication, Track
    from atrium.core.learning.schemas import ProgressUpdate
    from atrium.core.learning.services.progress import put_progress
    from atrium.core.orgs.models import Membership, Organization

    user = User.objects.create_user("bench@example.com", "a long bench password 42")
    org = Organization.objects.create(name="Bench")
    Membership.objects.create(user=user, organization=org, role=Role.MEMBER)
    track = Track.objects.create(slug="bench", title="Bench", state=Publication.PUBLISHED)
    module = Module.objects.create(track=track, slug="bench", title="Bench")
    for n in range(ROWS):
        item = Item.objects.create(
            module=module,
            slug=f"bench-{n}",
            kind="quiz",
            title=f"Bench item {n}",
            summary="A row of the benchmark.",
            tags=["bench"],
            state=Publication.PUBLISHED,
            position=n,
        )
        status = "completed" if n % 2 else "in_progress"
        update = ProgressUpdate(status=status, score=70 if n % 2 else None, time_spent_s=60 * n)
        put_progress(user_id=user.pk, item=item, update=update)
    token = sign_access_token(user.pk, org.pk, Role.MEMBER)
    sys.stdout.write(json.dumps({"user_id": user.pk, "token": token}) + "\n")


if __name__ == "__main__":
    main()
