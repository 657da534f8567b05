"""Setting and clearing the interview date from the tracks screen changes Next up (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, Static

from screens.plan_date import PlanDateScreen
from screens.tracks import TracksScreen
from tests.conftest import APP_CONTENT, FROZEN_NOW
from tests.pilot_helpers import settle
from tests.screens.test_live import until


def library_of_many_categories(tmp_path: Path) -> Path:
    """The demo library plus eight prompts, each in a category of its own (ten in all)."""
    root = tmp_path / "content"
    shutil.copytree(APP_CONTENT, root)
    case = (root / "tracks" / "demo" / "demo-case.md").read_text(encoding="utf-8")
    for n in range(8):
        text = case.replace("id: demo-case", f"id: extra-{n}").replace(
            "category: discovery", f"category: area-{n}"
        )
        text = text.replace("title: Faster picks for busy parents", f"title: Extra case {n}")
        (root / "tracks" / "demo" / f"extra-{n}.md").write_text(text, encoding="utf-8")
    return root


async def test_an_interview_date_plans_next_up_and_clearing_it_goes_back(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app([library_of_many_categories(tmp_path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tracks = app.screen
        assert isinstance(tracks, TracksScreen)
        plan_line = tracks.query_one("#plan-line", Static)
        assert not plan_line.display
        assert len(tracks.next_up) == 5  # the usual daily share
        await pilot.press("d")
        await until(
            pilot,
            lambda: isinstance(app.screen, PlanDateScreen) and bool(app.screen.query("#plan-day")),
        )
        day = FROZEN_NOW.date().replace(day=FROZEN_NOW.day + 2).isoformat()
        app.screen.query_one("#plan-day", Input).value = "not a day"
        await pilot.press("enter")
        assert "is not a date" in str(app.screen.query_one("#plan-error", Static).content)
        app.screen.query_one("#plan-day", Input).value = day
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is tracks and len(tracks.next_up) == 10)
        await settle(pilot)
        # Ten categories never practised, two days left: all of them come up today.
        assert len(tracks.next_up) == 10
        assert plan_line.display
        assert str(plan_line.content) == (
            "Interview · Demo Track · 2 days left · 0 of 10 categories practised"
        )
        assert tracks.query_one("#next-up", OptionList).option_count == 10
        await pilot.press("d")
        await until(
            pilot,
            lambda: isinstance(app.screen, PlanDateScreen) and bool(app.screen.query("#plan-day")),
        )
        await pilot.press("ctrl+d")
        await until(pilot, lambda: app.screen is tracks and len(tracks.next_up) == 5)
        assert not plan_line.display
