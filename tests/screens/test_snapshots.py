"""Snapshots of each screen at a fixed size, with the clock frozen and test content.

Plain `def` tests: snap_compare runs the app itself. Update after a deliberate change with
`pytest tests/test_snapshots.py --snapshot-update`, then look at the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.conftest import FakeClock
from tests.pilot_helpers import steady_picture, submit_answer

SIZE = (110, 34)


def test_tracks_screen(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=steady_picture)


def test_prompts_screen_narrowed(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await steady_picture(pilot)
        await pilot.press("enter")
        await steady_picture(pilot)
        await pilot.press(*"busy")
        await steady_picture(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def practice_then(clock: FakeClock, seconds: float, keys: list[str]) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await steady_picture(pilot)
        await pilot.press("enter")
        await steady_picture(pilot)
        await pilot.press(*"busy", "enter")
        await steady_picture(pilot)
        practice = pilot.app.screen
        await pilot.press(*keys)
        clock.advance(seconds)
        practice.tick()
        await steady_picture(pilot)

    return run_before


def test_practice_screen_mid_step(snap_compare: Any, make_app: Any, clock: FakeClock) -> None:
    keys = [*"Speed to first play", "ctrl+n", *"Parents on the TV"]
    run_before = practice_then(clock, 100, keys)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_practice_screen_in_overtime(snap_compare: Any, make_app: Any, clock: FakeClock) -> None:
    run_before = practice_then(clock, 11 * 60, [*"Still going"])
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_leave_dialog(snap_compare: Any, make_app: Any, clock: FakeClock) -> None:
    run_before = practice_then(clock, 5, [*"Half", "escape"])
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_history_and_attempt_screens(snap_compare: Any, make_app: Any, clock: FakeClock) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await practice_then(clock, 30, [*"An answer"])(pilot)
        await submit_answer(pilot)
        await steady_picture(pilot)
        await pilot.press("escape")
        await steady_picture(pilot)
        await pilot.press("escape", "escape")
        await steady_picture(pilot)
        await pilot.press("h")
        await steady_picture(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await steady_picture(pilot)
        # Fixed paths: the real ones differ from one checkout and temp dir to the next.
        pilot.app.config.db_url = "sqlite:////home/you/.local/share/caseroom/caseroom.db"
        pilot.app.config.content_dirs = [Path("tests/fixtures/app")]
        await pilot.press("f1")
        await steady_picture(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
