"""Small helpers shared by several screens: text and a table (cheap to import: no Markdown here)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.widgets import DataTable

if TYPE_CHECKING:
    from rich.console import ConsoleOptions
    from textual.app import App

SAFE_LINK_SCHEMES = frozenset({"http", "https"})


def plain(value: object) -> Text:
    """Content or user text as a cell or label that is never parsed as markup."""
    return Text(str(value))


def content_options(app: App[Any], width: int) -> ConsoleOptions:
    """The options Textual draws a widget's content with (textual.visual.RichVisual), at
    `width`: a text drawn ahead with them is what the widget itself would draw."""
    return app.console_options.update(highlight=False).update_width(width)


def plural(count: int, noun: str) -> str:
    """`1 prompt`, `2 prompts`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def is_safe_link(href: str) -> bool:
    """Only web links may be opened; file:, javascript:, ssh: and the rest never are."""
    return urlparse(href.strip()).scheme.lower() in SAFE_LINK_SCHEMES


#: The id of every ActionTable's enter binding (for [keymap] in config.toml).
TABLE_SELECT_ID = "table.select"

#: The narrowest a flex column gets (see `ActionTable.fill`).
MIN_FLEX_WIDTH = 12


class FollowedTable(DataTable[object]):
    """A row table that a pane beside it (an overview, a preview) follows as the cursor
    moves: set `follow_cursor`."""

    #: Called with the row number as the cursor reaches a row, while the key that moved it
    #: is handled: a pane beside the table filled from here is drawn in the same frame as
    #: the cursor. (DataTable's RowHighlighted reaches the screen a screen update later,
    #: and the pane followed the cursor a frame, 17-30 ms, behind.)
    follow_cursor: Callable[[int], object] | None = None

    def watch_cursor_coordinate(self, old_coordinate: Any, new_coordinate: Any) -> None:
        super().watch_cursor_coordinate(old_coordinate, new_coordinate)
        row = new_coordinate.row
        moved = old_coordinate != new_coordinate and 0 <= row < self.row_count
        if moved and self.follow_cursor is not None:
            self.follow_cursor(row)


class ActionTable(FollowedTable):
    """A row table whose enter key shows in the footer, named for what it does here.

    DataTable's own enter (select_cursor, not shown) sits closer to the focus than the
    screen's enter binding, so the footer showed neither. Here enter still selects the row
    (posting RowSelected, as a click does), and the footer shows it with the screen's word:
    `ActionTable("Open")` → "⏎ Open". Change it later with `enter_description`.

    A screen that lists long text (a title) beside short columns may pass `flex` (a column
    key) and fill the table with `fill`: that column then takes the width the others leave,
    its text cut with "…", so no column is pushed out of sight on a narrow terminal.
    """

    def __init__(
        self,
        enter: str,
        *,
        tooltip: str = "",
        flex: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row")
        self._enter_tooltip = tooltip
        self.enter_description = enter
        self.flex = flex
        self._columns: list[tuple[str, str]] = []
        self._rows: list[tuple[str, Sequence[object]]] = []
        self._fitted_width = -1

    @property
    def enter_description(self) -> str:
        """What enter does on this table, as the footer shows it."""
        return self._enter_description

    @enter_description.setter
    def enter_description(self, description: str) -> None:
        self._enter_description = description
        # Per table: the class bindings are shared, this copy is the table's own.
        self._bindings.key_to_bindings["enter"] = [
            Binding(
                "enter",
                "select_cursor",
                description,
                id=TABLE_SELECT_ID,
                tooltip=self._enter_tooltip,
            )
        ]
        if self.is_mounted:
            self.refresh_bindings()

    def action_select_cursor(self) -> None:
        # An empty table (its rows not loaded yet) would swallow enter and do nothing: skip
        # to the screen's own enter, which can keep the key until there is a row to open.
        if self.row_count == 0:
            raise SkipAction()
        super().action_select_cursor()

    def fill(
        self, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[str, Sequence[object]]]
    ) -> None:
        """Replace every column (label, key) and row (key, cells), keeping the cursor's row
        number. Cells of the flex column should be plain text (`plain`)."""
        self._columns = list(columns)
        self._rows = list(rows)
        self._rebuild()

    def _flex_width(self, naturals: Sequence[int]) -> int | None:
        """The flex column's width: its widest text, or what the table's width leaves if
        that is less (room kept for a scrollbar, so it never depends on the row count);
        None before the first layout. `naturals`: each column's natural width."""
        if self.flex is None or self.size.width == 0:
            return None
        others = 0
        widest = 0
        for (_label, key), width in zip(self._columns, naturals, strict=True):
            if key == self.flex:
                widest = width
            else:
                others += width + 2 * self.cell_padding
        room = self.size.width - self.styles.scrollbar_size_vertical - 2 * self.cell_padding
        return min(widest, max(MIN_FLEX_WIDTH, room - others))

    def _natural_width(self, index: int) -> int:
        """The widest of a column's label and cells."""
        label = self._columns[index][0]
        return max([cell_len(label), *(cell_len(str(cells[index])) for _, cells in self._rows)])

    def _rebuild(self) -> None:
        cursor = self.cursor_row
        naturals = [self._natural_width(index) for index in range(len(self._columns))]
        width = self._flex_width(naturals)
        self._fitted_width = self.size.width
        self.clear(columns=True)
        for (label, key), natural in zip(self._columns, naturals, strict=True):
            # Explicit widths: DataTable's auto width catches up with new rows lazily, and a
            # rebuild racing it once left "submitted" cut to its label's width ("submit").
            self.add_column(label, key=key, width=width if key == self.flex and width else natural)
        keys = [key for _, key in self._columns]
        flex_at = keys.index(self.flex) if self.flex is not None and width else -1
        for key, cells in self._rows:
            shown = list(cells)
            if flex_at >= 0:
                shown[flex_at] = Text(str(shown[flex_at]), no_wrap=True, overflow="ellipsis")
            self.add_row(*shown, key=key)
        if self._rows:
            self.move_cursor(row=min(max(cursor, 0), len(self._rows) - 1))

    def on_resize(self, _event: events.Resize) -> None:
        if self.flex is not None and self._columns and self.size.width != self._fitted_width:
            self._rebuild()
