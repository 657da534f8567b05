"""History, compare and export as a person meets them in a terminal (Pilot, 80x24 and 120x36).

Column widths from the first paint, escape in the filters, the empty result, drafts, the
cursor kept across compare, the compare mark and deltas, and export's times and toast.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static, TextArea
from textual.widgets._toast import Toast

from screens.attempt import AttemptScreen
from screens.compare import CompareScreen, time_delta
from screens.exports import exported_message
from screens.practice import PracticeScreen
from screens.tracks import TracksScreen
from screens.widgets.history_columns import MARK, plan_columns
from tests.conftest import APP_CONTENT, FROZEN_NOW
from tests.pilot_helpers import settle, store_of
from tests.screens.test_history_screen import open_history, seed, submit, wait_settled
from tui.core.records import AnswerProgress, StepDraft
from tui.services.export import attempt_markdown


def lines(table: DataTable[object]) -> list[str]:
    """What the table draws, line by line (header first)."""
    return [table.render_line(y).text for y in range(table.size.height)]


def long_titled(app: Any, n: int, *, seconds: float = 45) -> list[int]:
    """`n` attempts of the fixture case, newest first once listed."""
    return [
        submit(app, "demo-case", [f"answer {i}"], FROZEN_NOW - timedelta(hours=i + 1), seconds)
        for i in range(n)
    ]


# -- 1. columns ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_every_column_fits_from_the_first_paint(make_app: Any, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        seed(app)
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        drawn = lines(table)
        header = drawn[0]
        for label in ("Date", "Track", "Prompt", "Kind", "Time", "Over", "Score"):
            assert f" {label} " in f"{header} ", (label, header)
        widths = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert widths <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0  # nothing off the right edge
        row = drawn[2]  # the newer case attempt: six steps of 45 s
        assert "19 Nov 09:30" in row and "4:30/10:00" in row
        assert "case" in row


async def test_long_prompt_titles_end_in_an_ellipsis_at_80(make_app: Any, tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(APP_CONTENT, root)
    prompt = root / "tracks" / "demo" / "demo-case.md"
    text = prompt.read_text(encoding="utf-8")
    prompt.write_text(
        text.replace("title:", "title: A very long title about households and", 1),
        encoding="utf-8",
    )
    app = make_app(content=[root])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.library.prompts["demo-case"].title.startswith("A very long title")
        long_titled(app, 3)
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        for line in lines(table)[1:4]:
            assert "A very long" in line and "…" in line
            assert "4:30/10:00" in line  # the columns after the prompt are still there


async def test_a_title_with_control_characters_keeps_the_row_in_its_columns(
    make_app: Any,
) -> None:
    """A title in the database holding escapes, a newline and a tab (written by an older
    caseroom, or by hand) is shown as one plain line: the columns after it stay put."""
    from dataclasses import replace

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        store = store_of(app)
        prompt = app.library.prompts["demo-case"]
        hostile = replace(prompt, title="Bad\x1b[2J\x1b]0;x\x07 title\nsecond\tline\x9b31m")
        scaffold = app.library.scaffold_for(prompt)
        attempt_id = store.start_attempt(hostile, scaffold, 600, now=FROZEN_NOW)
        steps = tuple(StepDraft(i, s.title, "text", 45) for i, s in enumerate(scaffold.steps))
        store.submit(attempt_id, AnswerProgress(steps, elapsed_s=270), now=FROZEN_NOW)
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        row = lines(table)[1]
        assert "Bad title second line" in row
        assert "\x1b" not in row and "\n" not in row and "\t" not in row
        assert "4:30/10:00" in row  # the columns after the prompt, where they belong
        header = lines(table)[0]
        assert row.index("4:30/10:00") == header.index("Time")


def test_column_plan_shortens_tracks_then_kinds() -> None:
    titles = ["Product Manager", "Content Producer", "People Leadership & Culture"]
    wide, medium, narrow = (plan_columns(w, titles) for w in (120, 100, 80))
    assert wide.track_style == "full" and not wide.short_kind and wide.prompt >= 32
    assert medium.track_style == "word" and medium.prompt >= 26
    assert narrow.track_style == "initials" and narrow.short_kind
    for width, plan in ((120, wide), (100, medium), (80, narrow)):
        assert sum(plan.widths()) + 2 * len(plan.widths()) + 2 == width
    # First words that do not tell tracks apart are skipped for initials.
    same_word = plan_columns(100, ["Product Manager", "Product Designer"])
    assert same_word.track_style != "word"


async def test_resizing_keeps_every_column_and_the_cursor(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ids = seed(app)
        screen = await open_history(pilot)
        await pilot.press("down")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        table = screen.query_one("#history-table", DataTable)
        assert "Score" in lines(table)[0]
        assert table.max_scroll_x == 0
        assert screen.selected() is not None and screen.selected().id == ids["case_new"]


# -- 2. escape in a filter ------------------------------------------------------------------


async def test_escape_in_the_text_filter_clears_it_then_leaves(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = seed(app)
        screen = await open_history(pilot)
        await pilot.press("slash", *"retention")
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [ids["case_new"]]

        await pilot.press("escape")
        await wait_settled(pilot, screen)
        assert app.screen is screen
        assert screen.query_one("#history-filter", Input).value == ""
        assert isinstance(screen.focused, DataTable)
        assert len(screen.rows) == 3

        await pilot.press("slash", "escape")  # an empty box: escape only leaves the box
        await settle(pilot)
        assert app.screen is screen and isinstance(screen.focused, DataTable)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TracksScreen)


# -- 3. an empty result ---------------------------------------------------------------------


async def test_no_match_says_so_and_how_to_clear(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seed(app)
        screen = await open_history(pilot)
        message = screen.query_one("#history-empty", Static)
        assert not message.display
        await pilot.press("slash", *"zeugma")
        await wait_settled(pilot, screen)
        assert screen.rows == []
        assert message.display and message.region.height > 0
        said = str(message.render())
        assert "No attempt matches these filters" in said and "escape" in said
        await pilot.press("escape")
        await wait_settled(pilot, screen)
        assert not message.display and len(screen.rows) == 3


async def test_an_empty_history_says_there_is_nothing_yet(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        message = screen.query_one("#history-empty", Static)
        assert message.display and "No attempts yet" in str(message.render())


# -- 4. drafts ------------------------------------------------------------------------------


def keep_draft(app: Any, text: str) -> int:
    store = store_of(app)
    prompt = app.library.prompts["demo-story"]
    scaffold = app.library.scaffold_for(prompt)
    attempt_id: int = store.start_attempt(prompt, scaffold, 240, now=FROZEN_NOW)
    steps = [
        StepDraft(index=i, title=s.title, text=text if i == 0 else "", seconds=12)
        for i, s in enumerate(scaffold.steps)
    ]
    store.save_draft(attempt_id, AnswerProgress(tuple(steps), elapsed_s=12), now=FROZEN_NOW)
    return attempt_id


async def test_drafts_can_be_listed_and_resumed_from_history(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = seed(app)
        draft = keep_draft(app, "half a story")
        screen = await open_history(pilot)
        assert draft not in [r.id for r in screen.rows]  # submitted only, as before

        # The status drop-down, by keys: from the text box back one, open, down, choose.
        await pilot.press("slash", "shift+tab")
        assert screen.focused is not None and screen.focused.id == "history-show"
        await pilot.press("enter", "down", "enter")
        await wait_settled(pilot, screen)
        assert [r.id for r in screen.rows] == [draft]
        table = screen.query_one("#history-table", DataTable)
        assert "draft" in lines(table)[1]
        assert "1 draft" in str(screen.query_one("#history-status", Static).render())

        await pilot.press("enter", "down", "enter")  # "Both"
        await wait_settled(pilot, screen)
        assert {r.id for r in screen.rows} == {draft, *ids.values()}

        await pilot.press("enter", "up", "enter")  # back to "Drafts"
        await wait_settled(pilot, screen)
        await pilot.press("escape")  # out of the drop-down, onto the table
        assert isinstance(screen.focused, DataTable)
        await pilot.press("enter")
        await settle(pilot)
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.attempt_id == draft
        assert practice.query(TextArea).first().text == "half a story"
        assert store_of(app).attempt(draft).summary.status == "draft"


# -- 5. compare -----------------------------------------------------------------------------


async def test_the_marked_row_shows_and_the_cursor_stays_after_compare(
    make_app: Any, private_dirs: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cases = long_titled(app, 30)
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        await pilot.press("c")  # the newest case attempt, row 0
        assert f"{MARK}Faster picks" in lines(table)[1]
        assert MARK.strip() not in lines(table)[2]
        await pilot.press(*["down"] * 25, "c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert table.cursor_row == 25
        before = screen.selected()
        assert before is not None and before.id == cases[25]
        assert table.scroll_y > 0  # still scrolled down to row 25
        assert MARK.strip() not in "".join(lines(table))  # the mark went with the compare

        await pilot.press("x")
        await settle(pilot)
        folder = private_dirs / "caseroom-exports"
        assert [p.name.split("-")[1] for p in folder.glob("attempt-*.json")] == [str(cases[25])]


async def test_the_place_is_kept_on_return_from_an_attempt(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        long_titled(app, 40)
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        await pilot.press(*["down"] * 30)
        await settle(pilot)
        scrolled = table.scroll_y
        assert scrolled > 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert table.cursor_row == 30 and table.scroll_y == scrolled


def test_a_zero_or_sub_second_change_reads_same() -> None:
    # Between the whole seconds shown (each rounded once, issue 13).
    assert time_delta(45.4, 45.1) == "same"
    assert time_delta(0.9, 0.6) == "same"
    assert time_delta(60.2, 45.4) == "+0:15"
    assert time_delta(30.0, 45.0) == "-0:15"


async def test_compare_never_shows_a_zero_delta(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        submit(app, "demo-case", ["one"], FROZEN_NOW - timedelta(days=2), 45.3)
        submit(app, "demo-case", ["two"], FROZEN_NOW - timedelta(days=1), 45.4)
        await open_history(pilot)
        await pilot.press("c", "down", "c")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        cells = " ".join(str(w.render()) for w in compare.query(".compare-cell"))
        assert "0:45 (same)" in cells
        assert "0:00)" not in cells


# -- 6. export ------------------------------------------------------------------------------


async def test_export_shows_the_time_history_shows(make_app: Any, private_dirs: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        attempt_id = submit(
            app, "demo-story", ["short"], FROZEN_NOW, 0.98
        )  # 4.9 s in all: 0:05 everywhere (rounded once)
        screen = await open_history(pilot)
        row = lines(screen.query_one("#history-table", DataTable))[1]
        assert "0:05/10:00" in row
        markdown = attempt_markdown(store_of(app).attempt(attempt_id))
        assert "Time used: 0:05 of 10:00" in markdown

        await pilot.press("x")
        await settle(pilot)
        written = next((private_dirs / "caseroom-exports").glob("attempt-*.md"))
        assert "Time used: 0:05 of 10:00" in written.read_text(encoding="utf-8")
        json.loads(written.with_suffix(".json").read_text(encoding="utf-8"))
        # The toast: the folder on one line, the whole file name on the next.
        toast = app.screen.query(Toast).last()
        await pilot.pause()
        shown = [toast.render_line(y).text.strip() for y in range(toast.size.height)]
        assert written.name in shown
        assert any(line.endswith("caseroom-exports/") for line in shown)


def test_the_export_message_puts_home_as_tilde(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/you")
    message = exported_message("/home/you/caseroom-exports/attempt-3-20261121-194519.md")
    assert message == "~/caseroom-exports/\nattempt-3-20261121-194519.md"
    elsewhere = exported_message("/tmp/caseroom-exports/history-20261121-194519.md")
    assert elsewhere == "/tmp/caseroom-exports/\nhistory-20261121-194519.md"


async def test_export_from_the_attempt_screen_uses_the_same_toast(
    make_app: Any, private_dirs: Path
) -> None:
    from screens.attempt import AttemptScreen

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        submit(app, "demo-story", ["short"], FROZEN_NOW, 0.98)
        await open_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        await pilot.press("x")
        await settle(pilot)
        written = next((private_dirs / "caseroom-exports").glob("attempt-*.md"))
        toast = app.screen.query(Toast).last()
        await pilot.pause()
        shown = [toast.render_line(y).text.strip() for y in range(toast.size.height)]
        assert written.name in shown
