"""Issue 13, "keys where the hand expects them"."""

from __future__ import annotations

from typing import Any

import pytest

from screens.help import screen_keys
from screens.practice import PracticeScreen
from tui.cli import main


def test_help_lists_f5_once_with_both_words() -> None:
    table = screen_keys(PracticeScreen.__new__(PracticeScreen))
    f5 = [row for row in table.splitlines() if row.startswith("| f5 ")]
    assert f5 == ["| f5 | Pause / Resume | `practice.pause`, `practice.resume` |"]


def test_help_has_no_empty_positional_entry(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "positional arguments" not in out
    lines = out.splitlines()
    at = lines.index("other commands:")
    assert lines[at + 1].split()[0] == "check"
    assert all(line.strip() for line in lines[at + 1 : at + 4])


async def test_tab_into_next_up_highlights_a_row_and_enter_opens_it(make_app: Any) -> None:
    from textual.widgets import OptionList

    from screens.practice import PracticeScreen
    from tests.pilot_helpers import settle

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await pilot.pause()
        options = app.screen.query_one("#next-up", OptionList)
        assert app.focused is options
        assert options.highlighted is not None
        assert any(b.binding.description == "Open" for b in app.screen.active_bindings.values()), (
            "the footer shows Open"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PracticeScreen)


async def test_prompts_footer_shows_each_key_once(make_app: Any) -> None:
    from tests.pilot_helpers import settle

    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#prompts-table").focus()
        await pilot.pause()
        # One Binding with two keys ("f3,ctrl+y") is one footer entry: count actions.
        actions = {
            (b.binding.action, b.binding.description)
            for b in app.screen.active_bindings.values()
            if b.binding.show and b.binding.description
        }
        shown = [description for _, description in actions]
        assert len(shown) == len(set(shown)), shown


async def test_search_finds_a_prompt_by_its_question_text(make_app: Any) -> None:
    """'account' is only in demo-case's question, not its title, kind, category or tags."""
    from tests.pilot_helpers import settle
    from tui.app.commands import CaseroomCommands

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = CaseroomCommands(app.screen)
        hits = [hit.text async for hit in provider.search("share one account")]
        assert "Practise: Faster picks for busy parents" in hits
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"one account")
        await pilot.pause()
        assert [p.id for p in app.screen.shown] == ["demo-case"]
