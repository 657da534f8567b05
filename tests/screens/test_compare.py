"""The compare screen: two attempts of a timed story opened from history, the review,
insight figures and each part's time against its budget read side by side, at 80x24 and
160x45, with content shown as typed (never as markup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from screens.compare import CompareScreen
from tests.conftest import FROZEN_NOW
from tests.pilot_helpers import settle, steady_picture, store_of
from tests.screens.test_history_screen import open_history
from tui.core.records import AnswerProgress, StepDraft

#: Seven hedges (maybe, I think, kind of, perhaps, I guess, probably, hopefully).
HEDGY = "Maybe I think we kind of did it. Perhaps I guess it probably worked, hopefully."
PLAIN = "I chose the rollback [bold]myself[/bold] and cut errors by 40% in two days."


def told(app: Any, text: str, seconds: Sequence[int], days_ago: int, score: int, ticks: int) -> int:
    """One submitted, reviewed attempt of the fixture's timed story (budgets 30/60/90/30/30)."""
    store = store_of(app)
    prompt = app.library.prompts["demo-story"]
    scaffold = app.library.scaffold_for(prompt)
    when = FROZEN_NOW - timedelta(days=days_ago)
    attempt_id: int = store.start_attempt(prompt, scaffold, 240, now=when)
    steps = tuple(
        StepDraft(i, step.title, text if i == 0 else "", float(seconds[i]))
        for i, step in enumerate(scaffold.steps)
    )
    store.submit(attempt_id, AnswerProgress(steps, elapsed_s=float(sum(seconds))), now=when)
    checks = {q: i < ticks for i, q in enumerate(scaffold.rubric)}
    store.save_review(attempt_id, checks, score, "", now=when)
    return attempt_id


def seed_two(app: Any) -> tuple[int, int]:
    return (
        told(app, HEDGY, [42, 75, 80, 25, 30], days_ago=7, score=2, ticks=1),
        told(app, PLAIN, [28, 58, 88, 30, 26], days_ago=1, score=4, ticks=4),
    )


def drawn(widget: Widget) -> list[str]:
    """What a widget draws, line by line."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def row(lines: list[str], label: str) -> list[str]:
    """The cells of the table row starting with `label`, split on runs of spaces."""
    line = next(line for line in lines if line.strip().startswith(label))
    return [cell.strip() for cell in line.split("  ") if cell.strip()]


async def open_compare(pilot: Pilot[Any]) -> CompareScreen:
    await open_history(pilot)
    await pilot.press("c", "down", "c")  # newest first: mark the newer, then the older
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    for _ in range(50):
        if screen.comparison is not None:
            break
        await pilot.pause(0.02)
    await settle(pilot)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_compare_reads_review_figures_and_times_side_by_side(
    make_app: Any, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        older_id, newer_id = seed_two(app)
        screen = await open_compare(pilot)
        assert screen.attempt_ids == (older_id, newer_id)

        review = drawn(screen.query_one("#compare-review"))
        assert row(review, "Overall score") == ["Overall score", "2/5", "4/5", "▲ better"]
        assert row(review, "Checks ticked") == ["Checks ticked", "1 of 5", "4 of 5", "▲ better"]
        assert row(review, "Was the decision")[-3:] == ["✗ no", "✓ yes", "▲ better"]
        assert row(review, "Was the challenge")[-3:] == ["✓ yes", "✓ yes", "= same"]

        figures = drawn(screen.query_one("#compare-figures"))
        assert row(figures, "Hedges") == ["Hedges", "7", "0", "▲ better"]
        assert row(figures, "Fillers") == ["Fillers", "0", "0", "= same"]

        times = drawn(screen.query_one("#compare-times"))
        assert row(times, "Time per part")[1:] == ["Before", "After", "Change"]
        # "0:42/0:30 +0:12" stays on one line even at 80 columns.
        assert row(times, "Challenge") == [
            "Challenge",
            "0:42/0:30 +0:12",
            "0:28/0:30",
            "▲ better",
        ]
        assert row(times, "Execution") == ["Execution", "1:20/1:30", "1:28/1:30", "~ changed"]
        assert row(times, "Total") == ["Total", "4:12/4:00 +0:12", "3:50/4:00", "▲ better"]
        # Nothing of the answer is read as markup: the brackets stay as typed.
        cells = " ".join(str(w.render()) for w in screen.query(".compare-cell"))
        assert "[bold]myself[/bold]" in cells
        for table in (review, figures, times):
            assert all(len(line) <= size[0] for line in table)

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)


def test_compare_snapshot(snap_compare: Any, make_app: Any) -> None:
    app = make_app()

    async def run_before(pilot: Pilot[Any]) -> None:
        await steady_picture(pilot)
        seed_two(pilot.app)
        await open_compare(pilot)
        await steady_picture(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
