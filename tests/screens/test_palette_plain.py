"""The command palette shows prompt titles as plain text (issue 11, item 4).

A title is text from a content file: markup in it must neither style nor act, and a stray
`[/]` must not drop it (or any other title) from the search.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.content import Content

from tests.conftest import APP_CONTENT
from tests.pilot_helpers import settle
from tests.screens.test_live import until

HOSTILE = "[bold red]Styled[/] [@click=app.quit]clickme[/]"
STRAY = "Pricing [/] tiers"


def library_with_titles(tmp_path: Path, titles: list[str]) -> Path:
    root = tmp_path / "content"
    shutil.copytree(APP_CONTENT, root)
    case = (root / "tracks" / "demo" / "demo-case.md").read_text(encoding="utf-8")
    for number, title in enumerate(titles):
        text = case.replace("id: demo-case", f"id: odd-{number}").replace(
            "title: Faster picks for busy parents", f"title: '{title}'"
        )
        (root / "tracks" / "demo" / f"odd-{number}.md").write_text(text, encoding="utf-8")
    return root


async def test_palette_titles_are_plain_text_and_all_found(make_app: Any, tmp_path: Path) -> None:
    from tui.app.commands import CaseroomCommands

    app = make_app([library_with_titles(tmp_path, [HOSTILE, STRAY])])
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        provider = CaseroomCommands(app.screen)
        hits = [hit async for hit in provider.search("i")]
        shown = {hit.text: hit.prompt for hit in hits}
        for title in (HOSTILE, STRAY, "Faster picks for busy parents"):
            prompt = shown[f"Practise: {title}"]
            assert isinstance(prompt, Content)
            assert prompt.plain == f"Practise: {title}"  # the brackets are shown as typed
            # Only the matched letters are marked (reverse); no colour, no click action.
            assert all(not span.style.meta for span in prompt.spans)


async def test_clicking_a_hostile_title_in_the_palette_does_not_quit(
    make_app: Any, tmp_path: Path
) -> None:
    app = make_app([library_with_titles(tmp_path, [HOSTILE])])
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"clickme")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        commands = palette.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0)
        prompt = commands.get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        assert "[@click=app.quit]clickme[/]" in prompt.plain
        # Where the live link would have been: on "clickme", past "Practise: Styled ".
        await pilot.click(CommandList, offset=(len("Practise: Styled ") + 4, 0))
        await settle(pilot)
        assert app.is_running and app.return_code is None
