"""plan_columns: the prompts list's column widths from its width (no app needed)."""

from __future__ import annotations

import pytest

from screens.widgets.history_columns import clip
from screens.widgets.prompt_columns import (
    CATEGORY_MAX_W,
    CELL_PADDING,
    SCROLLBAR_W,
    TITLE_MIN_W,
    natural_widths,
    plan_columns,
)

# The Product Manager track's widest cells: a 69-character title, "behavioral",
# "content-operations"; Done and Min no wider than their labels.
PM = {"title": 69, "attempts": 4, "kind": 10, "minutes": 3, "category": 18}

# The list's width on a terminal of 80, 120 and 160 columns (two thirds below 140 columns,
# three fifths from 140: screens/styles/prompts.tcss).
LIST_W = {80: 53, 120: 80, 160: 96}


def used(plan: dict[str, int]) -> int:
    return sum(plan.values()) + 2 * CELL_PADDING * len(plan) + SCROLLBAR_W


@pytest.mark.parametrize("terminal", [80, 120, 160])
def test_the_title_takes_the_room_the_others_leave(terminal: int) -> None:
    width = LIST_W[terminal]
    plan = plan_columns(width, PM)
    assert used(plan) == width  # a cut title: no blank space left beside it
    assert plan["title"] >= TITLE_MIN_W
    for key in ("attempts", "kind", "minutes", "category"):
        if key in plan:
            assert plan[key] == PM[key]  # the short columns are never cut


def test_widths_at_80_120_and_160() -> None:
    assert plan_columns(LIST_W[160], PM) == {
        "title": 49,
        "attempts": 4,
        "kind": 10,
        "minutes": 3,
        "category": 18,
    }
    assert plan_columns(LIST_W[120], PM)["title"] == 33
    at_80 = plan_columns(LIST_W[80], PM)
    assert list(at_80) == ["title", "attempts", "kind", "minutes"]  # the category gives way
    assert at_80["title"] == 26


def test_nothing_is_cut_while_there_is_space() -> None:
    plan = plan_columns(200, PM)
    assert plan == PM
    assert used(plan) < 200


def test_min_gives_way_after_the_category_and_then_the_title_holds_its_minimum() -> None:
    assert list(plan_columns(44, PM)) == ["title", "attempts", "kind"]
    tiny = plan_columns(20, PM)
    assert list(tiny) == ["title", "attempts", "kind"] and tiny["title"] == TITLE_MIN_W


def test_short_titles_keep_a_narrow_column() -> None:
    short = dict(PM, title=12)
    assert plan_columns(40, short)["title"] == 12
    assert "category" in plan_columns(70, short)


def test_natural_widths_measure_labels_and_cells_and_cap_the_category() -> None:
    rows = [("A title", "2+draft", "case", "20", "x" * 40)]
    widths = natural_widths(rows)
    assert widths == {
        "title": len("A title"),
        "attempts": 7,
        "kind": 4,
        "minutes": 3,
        "category": CATEGORY_MAX_W,
    }


def test_a_cut_ends_with_an_ellipsis() -> None:
    assert clip("Aligning design, data science", 10).plain == "Aligning …"
    assert clip("Short", 10).plain == "Short"
