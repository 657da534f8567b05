"""Issue 13: the prompts list plans its columns from its width, at 80x24, 120x36 and 160x45,
and again on a resize: the title gets the room, nothing is cut while there is space, and a
cut title ends with "…"."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from screens.prompts import PromptsScreen
from tests.pilot_helpers import settle
from tests.screens.test_prompt_drafts import open_prompts
from tui.paths import bundled_content_dir


def column_width(table: DataTable[Any], key: str) -> int:
    return table.columns[ColumnKey(key)].width


def spare(table: DataTable[Any]) -> int:
    """Columns of the table right of its last column (its scrollbar's room aside)."""
    used = sum(column.get_render_width(table) for column in table.columns.values())
    return table.scrollable_content_region.width - used


def row_texts(table: DataTable[Any]) -> list[str]:
    """The rows as drawn (the header line left out)."""
    return [table.render_line(y).text for y in range(1, min(table.row_count + 1, 10))]


def check_columns(screen: PromptsScreen) -> None:
    """Every column in sight; the title cut only when no space is left, and then with "…"."""
    table = screen.query_one("#prompts-table", DataTable)
    assert table.max_scroll_x == 0 and table.virtual_size.width <= table.size.width
    prompts = screen.shown
    longest_title = max(cell_len(p.title) for p in prompts)
    title_w = column_width(table, "title")
    if title_w < longest_title:
        assert spare(table) == 0, "a title is cut while blank space is left"
        cut = next(p for p in prompts if cell_len(p.title) > title_w)
        drawn = row_texts(table)[prompts.index(cut)] if prompts.index(cut) < 9 else None
        if drawn is not None:
            assert drawn.lstrip().startswith(cut.title[: title_w - 1] + "…")
    else:
        assert title_w == longest_title


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (160, 45)])
async def test_prompt_columns_fit_each_terminal_size(make_app: Any, size: tuple[int, int]) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=size) as pilot:
        screen = await open_prompts(pilot)
        table = screen.query_one("#prompts-table", DataTable)
        check_columns(screen)
        keys = [str(key.value) for key in table.columns]
        if size[0] >= 120:  # the category shows whole beside a title of 30 columns or more
            assert keys == ["title", "attempts", "kind", "minutes", "category"]
            longest = max(cell_len(p.category) for p in screen.shown)
            assert column_width(table, "category") >= longest
            assert column_width(table, "title") >= 30
        else:  # at 80 the category (in the preview too) gives way to the title
            assert keys[:4] == ["title", "attempts", "kind", "minutes"]
            assert column_width(table, "title") >= 24
        if size[0] == 160:
            assert column_width(table, "title") > 35  # it was held at 35 with room to spare


async def test_a_resize_plans_the_columns_again(make_app: Any) -> None:
    app = make_app([bundled_content_dir()])
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_prompts(pilot)
        table = screen.query_one("#prompts-table", DataTable)
        wide = column_width(table, "title")
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        check_columns(screen)
        assert ColumnKey("category") in table.columns
        assert column_width(table, "title") < wide
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        check_columns(screen)
        assert ColumnKey("category") not in table.columns
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        check_columns(screen)
        assert column_width(table, "title") == wide
