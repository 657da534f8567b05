"""`caseroom cohort init|add-person NAME|add-coach NAME`: set up a shared PostgreSQL
server for a cohort (tui.store.cohort does the work; this turns it into a command).

Run by the server's owner. The store is imported only when the command runs.
"""

from __future__ import annotations

import sys
from typing import Literal, TextIO

Action = Literal["init", "add-person", "add-coach"]


def run_cohort(
    db_url: str,
    action: Action,
    *,
    name: str = "",
    password: str | None = None,
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    """Run one cohort action; 0 done, 1 the server refused or could not be reached
    (one plain sentence on `err`)."""
    from tui.store import StoreError
    from tui.store.cohort import add_member, init_cohort

    errors = err if err is not None else sys.stderr
    try:
        if action == "init":
            lines = init_cohort(db_url)
        else:
            role: Literal["person", "coach"] = "person" if action == "add-person" else "coach"
            lines = [add_member(db_url, name, role, password=password)]
    except StoreError as exc:
        print(f"caseroom cohort: {exc.user_message}", file=errors)
        return 1
    for line in lines:
        out.write(f"{line}\n")
    return 0
