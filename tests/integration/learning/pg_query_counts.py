"""``python -m tests.integration.learning.pg_query_counts``: the unit query counts, run on
whatever DATABASE_URL names (PostgreSQL in the integration tests), printed as JSON.

Everything it writes is rolled back.
"""

from __future__ import annotations

import json
import os
import sys


class Rollback(Exception):
    pass


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrium.core.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from tests.unit.learning.query_counts import measure

    counts = {}
    try:
        with transaction.atomic():
            counts = measure()
            raise Rollback
    except Rollback:
        pass
    sys.stdout.write(json.dumps({"vendor": connection.vendor, "counts": counts}) + "\n")


if __name__ == "__main__":
    main()
