"""Widgets of one screen found by id once and kept: a DOM query walks every widget.

History asks for its drop-downs, table and status line several times per filter change;
each `query("#id")` matched the selector against every widget of the screen (~40, with
the drop-downs' lists and the footer's keys): about 30 ms of a filter's 80 ms budget on a
loaded machine (bench/history_screen.py). A kept widget is used while it is still attached
to the app; once the screen closes (or the widget is removed) it is looked up again, and a
missing one (not mounted yet, or gone) is None.
"""

from __future__ import annotations

from typing import TypeVar

from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


class WidgetLookup:
    """`find(id, kind)`: the widget under `root` with that id, or None; asked once."""

    def __init__(self, root: DOMNode) -> None:
        self._root = root
        self._kept: dict[str, Widget] = {}

    def find(self, widget_id: str, kind: type[W]) -> W | None:
        """The attached widget with `widget_id` (of type `kind`), or None."""
        kept = self._kept.get(widget_id)
        if kept is not None and kept.is_attached and isinstance(kept, kind):
            return kept
        found = list(self._root.query(f"#{widget_id}").results(kind))
        if not found:
            self._kept.pop(widget_id, None)
            return None
        self._kept[widget_id] = found[0]
        return found[0]

    def one(self, widget_id: str, kind: type[W]) -> W:
        """As `find`, raising NoMatches when there is none (as `query_one` does)."""
        found = self.find(widget_id, kind)
        if found is None:
            raise NoMatches(f"No {kind.__name__} with id {widget_id!r}")
        return found
