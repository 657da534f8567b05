"""MarkdownText draws the lines in sight only, and draws them as Rich would the whole."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from screens.widgets.markdown import MarkdownText

TEXT = "# Numbered\n\n" + "\n\n".join(f"Paragraph {n} of the overview." for n in range(60))


class Pane(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pane"):
            yield MarkdownText(TEXT, id="text")


def row_text(app: App[None], y: int) -> str:
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[y])


async def test_only_the_lines_in_sight_are_drawn_and_each_is_the_whole_texts_line() -> None:
    app = Pane()
    async with app.run_test(size=(40, 8)) as pilot:
        text = app.query_one(MarkdownText)
        pane = app.query_one(VerticalScroll)
        await pilot.pause()
        drawn = [
            "".join(segment.text for segment in line)
            for line in text._drawn[TEXT].draw(*text._drawn[TEXT].drawn_with)  # type: ignore[misc]
        ]
        assert text.size.height == len(drawn) > 100  # as tall as the whole text
        assert row_text(app, 0).startswith(drawn[0].rstrip())
        pane.scroll_to(y=50, animate=False)
        await pilot.pause()
        await pilot.pause()
        for row in range(8):
            assert row_text(app, row).rstrip() == drawn[50 + row].rstrip()
        # Turned into strips: the first screenful and this one, not the ~120 lines.
        assert set(text._strips) <= set(range(8)) | set(range(50, 58))
