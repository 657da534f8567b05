"""History's status line: how many rows are shown of how many match, and the compare mark."""

from __future__ import annotations

from screens.widgets.history_columns import MARK


def status_text(
    shown: int,
    total: int | None,
    *,
    page_rows: int,
    drafts: bool = False,
    marked_title: str | None = None,
) -> str:
    """ "60+ shown, counting…" until the count (`total`) is known, then "showing 60 of 500"
    or "3 attempts"; with the title of the attempt marked for compare after it."""
    if total is None:
        more = "+" if shown >= page_rows else ""
        status = f"{shown}{more} shown, counting…"
    elif total > shown:
        status = f"showing {shown} of {total}"
    else:
        noun = "draft" if drafts else "attempt"
        status = f"{total} {noun}{'' if total == 1 else 's'}"
    if marked_title is not None:
        status += f" · {MARK}marked {marked_title!r} for compare: press c on another attempt of it"
    return status
