"""Where the person was in history's table: kept across a reload and a resize."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.widgets import DataTable

from tui.core.records import AttemptSummary


@dataclass(frozen=True)
class Place:
    """The attempt under the cursor, its row and the table's scroll."""

    attempt_id: int
    row: int
    scroll_y: float


def place_of(table: DataTable[object], selected: AttemptSummary | None) -> Place | None:
    """Where the cursor is (`selected`: the attempt under it), or None in an empty table."""
    if selected is None:
        return None
    return Place(selected.id, table.cursor_row, table.scroll_y)


def restore_place(
    table: DataTable[object], rows: Sequence[AttemptSummary], place: Place | None
) -> None:
    """Put the cursor back on the same attempt (or row) and the scroll where it was."""
    if place is None or not rows:
        return
    index = next((i for i, s in enumerate(rows) if s.id == place.attempt_id), None)
    table.move_cursor(row=min(place.row, len(rows) - 1) if index is None else index)
    # The table learns its new height on idle: scroll once it has.
    table.call_after_refresh(table.scroll_to, y=place.scroll_y, animate=False)
