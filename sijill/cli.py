"""The ``sijill`` command: a thin front to Django management commands, which call the services.

sijill migrate | demo | serve | createuser | audit verify | audit export | ...
"""

from __future__ import annotations

import os
import sys

# A national load from the command line drops and rebuilds the name index, which only the owner may.
OWNER_COMMANDS = frozenset({"migrate", "import"})


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in OWNER_COMMANDS:
        # Migrations (and command-line imports) run as the database role that owns the tables
        # (SIJILL_DATABASE_OWNER_URL); everything else as the application's role, which owns none.
        os.environ["SIJILL_DB_AS_OWNER"] = "1"
    execute_from_command_line(["sijill", *args])


if __name__ == "__main__":
    main()
