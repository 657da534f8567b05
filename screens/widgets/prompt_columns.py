"""The prompts list's columns, planned from the list's width (issue 13).

The title gets the room: nothing is cut while there is space, the category shows whole or
not at all (the preview names it too), and a title cut short ends with "…". Done sits next
to the title so that a draft still shows at 80 columns; Min and Category give way first.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len

#: Every column, in the order shown: (label, key).
COLUMNS = (
    ("Prompt", "title"),
    ("Done", "attempts"),
    ("Kind", "kind"),
    ("Min", "minutes"),
    ("Category", "category"),
)
#: The narrowest title worth keeping a column for: below it, Category (then Min) gives way.
TITLE_MIN_W = 24
#: A longer category (user content may have one) is cut with "…".
CATEGORY_MAX_W = 24
CELL_PADDING = 1  # DataTable's default, on each side of every column
SCROLLBAR_W = 2  # the list keeps room for its scrollbar (scrollbar-gutter: stable)

# From the most to the least complete: the first that leaves the title its minimum wins.
_LAYOUTS = (
    ("title", "attempts", "kind", "minutes", "category"),
    ("title", "attempts", "kind", "minutes"),
    ("title", "attempts", "kind"),
)


def natural_widths(rows: list[tuple[str, ...]]) -> dict[str, int]:
    """Each column's widest text, its label included; `rows` hold cells in COLUMNS order."""
    widths = {key: cell_len(label) for label, key in COLUMNS}
    for cells in rows:
        for (_label, key), cell in zip(COLUMNS, cells, strict=True):
            widths[key] = max(widths[key], cell_len(cell))
    widths["category"] = min(widths["category"], CATEGORY_MAX_W)
    return widths


def plan_columns(width: int, natural: Mapping[str, int]) -> dict[str, int]:
    """The shown columns' widths (without padding), in order, for a list `width` wide.

    A title is as wide as the widest title when there is room for it, else as wide as the
    room left beside the other columns, which keep their natural widths. Below the
    narrowest layout the title keeps its minimum and the list scrolls sideways.
    """
    for layout in _LAYOUTS:
        room = width - SCROLLBAR_W - 2 * CELL_PADDING * len(layout)
        others = sum(natural[key] for key in layout if key != "title")
        title_room = room - others
        if title_room >= min(TITLE_MIN_W, natural["title"]):
            break
    title = max(min(natural["title"], title_room), min(TITLE_MIN_W, natural["title"]))
    return {key: title if key == "title" else natural[key] for key in layout}
