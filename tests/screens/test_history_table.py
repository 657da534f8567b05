"""HistoryTable.add_rows leaves the table as DataTable's own add_rows does."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from screens.widgets.history_columns import HistoryTable

ROWS = [(f"r{n}", str(n), "x" * n) for n in range(12)]


class Tables(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: dict[str, list[int]] = {"plain": [], "history": []}

    def compose(self) -> ComposeResult:
        for table in (
            DataTable(id="plain", cursor_type="row"),
            HistoryTable(id="history", cursor_type="row"),
        ):
            for label in ("A", "B", "C"):
                table.add_column(label, key=label.lower(), width=12)
            yield table

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlighted[str(event.data_table.id)].append(event.cursor_row)


async def test_a_page_added_at_once_is_the_same_table() -> None:
    app = Tables()
    async with app.run_test() as pilot:
        plain, history = app.query_one("#plain", DataTable), app.query_one("#history", DataTable)
        for table in (plain, history):
            table.add_rows(ROWS[:5])
            table.add_rows([])
            table.add_rows(ROWS[5:])
            table.move_cursor(row=7)
        await pilot.pause()
        for table in (plain, history):
            table.clear()
            table.add_rows(ROWS[:3])  # a shorter page: the cursor comes back inside it
        await pilot.pause()
        assert history.row_count == plain.row_count == 3
        assert [history.get_row_at(i) for i in range(3)] == [plain.get_row_at(i) for i in range(3)]
        assert history.cursor_coordinate == plain.cursor_coordinate
        assert history.virtual_size == plain.virtual_size
        assert app.highlighted["plain"] and app.highlighted["history"] == app.highlighted["plain"]
