"""``python -m tests.integration.learning.on_database module:function``: a unit check, run on
whatever DATABASE_URL names (PostgreSQL in the integration tests); prints the database's
vendor and what the function returned, as JSON.

Everything it writes is rolled back.
"""

from __future__ import annotations

import importlib
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

    module, _, name = sys.argv[1].partition(":")
    check = getattr(importlib.import_module(module), name)
    result = None
    try:
        with transaction.atomic():
            result = check()
            raise Rollback
    except Rollback:
        pass
    sys.stdout.write(json.dumps({"vendor": connection.vendor, "result": result}) + "\n")


if __name__ == "__main__":
    main()
