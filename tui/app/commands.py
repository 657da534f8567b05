"""The command palette (ctrl+p): screens by name and every prompt by title.

Names follow "area: verb/thing" so they sort and match predictably. A command that goes
somewhere else leaves the current screen the way escape does: a screen with an answer in
progress asks first (`CaseroomScreen.request_leave`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from screens.base import CaseroomScreen

if TYPE_CHECKING:
    from tui.app import CaseroomApp


class CaseroomCommands(Provider):
    """Screens and prompts for the command palette."""

    @property
    def caseroom(self) -> CaseroomApp:
        return cast("CaseroomApp", self.app)

    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.caseroom
        go = self._leave_then
        found: list[tuple[str, Callable[[], object], str]] = [
            ("Go: tracks", partial(go, app.action_go_tracks), "The role tracks (first screen)"),
            ("Go: history", partial(go, app.action_go_history), "Every submitted attempt"),
            # Help and problems open over the screen: nothing is left. Their keys are the
            # ones in effect (config.toml's [keymap]).
            ("Go: help", app.action_help, f"Keys, folders, problems · {app.key_for_id('help')}"),
            (
                "Go: problems",
                app.action_problems,
                f"config.toml's and content files' problems · {app.key_for_id('problems')}",
            ),
            ("Go: stats", partial(go, self._open_stats), "Attempts per week, scores, streak"),
            ("Go: stories", partial(go, self._open_stories), "Your story bank and its coverage"),
        ]
        if app.is_coach:
            found.append(("Go: cohort", partial(go, self._open_cohort), "The people you coach"))
        library = app.library
        for prompt in sorted(library.prompts.values(), key=lambda p: p.title.lower()):
            track = library.tracks.get(prompt.track)
            found.append(
                (
                    f"Practise: {prompt.title}",
                    partial(go, partial(app.action_practise, prompt.id)),
                    f"{track.title if track else prompt.track} · {prompt.kind}"
                    f" · {prompt.minutes:g} min",
                )
            )
        for round_ in sorted(library.rounds.values(), key=lambda r: r.title.lower()):
            found.append(
                (
                    f"Round: {round_.title}",
                    partial(go, partial(self._open_round, round_.track, round_.id)),
                    f"{round_.minutes} min mock round · {round_.per_question} min a question",
                )
            )
        return found

    def _leave_then(self, then: Callable[[], object]) -> None:
        """Go somewhere else as escape would: the screen asks first if it must."""
        screen = self.app.screen
        if isinstance(screen, CaseroomScreen):
            screen.request_leave(then)
        else:
            then()

    def _open_round(self, track_id: str, round_id: str) -> None:
        """The track's rounds with this one highlighted: enter starts it."""
        from screens.rounds import RoundsScreen

        self.app.push_screen(RoundsScreen(track_id, round_id=round_id))

    def _open_stories(self) -> None:
        from screens.stories import StoriesScreen

        self.app.push_screen(StoriesScreen())

    def _open_stats(self) -> None:
        # Imported here: the stats screen pulls in plotext, needed only when it opens.
        from screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def _open_cohort(self) -> None:
        from screens.cohort import CohortScreen

        self.app.push_screen(CohortScreen())

    async def discover(self) -> Hits:
        for name, action, help_text in self.commands()[:3]:
            yield DiscoveryHit(Content(name), action, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = query.lower().split()
        questions = {
            f"Practise: {p.title}": p.question.lower()
            for p in self.caseroom.library.prompts.values()
        }
        for name, action, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, plain_highlight(matcher, name), action, text=name, help=escape(help_text)
                )
            elif words and all(w in questions.get(name, "") for w in words):
                # Found in the question's text, not the title: below every title match.
                yield Hit(
                    0.1,
                    Content(name),
                    action,
                    text=name,
                    help=escape(help_text + " · in the question"),
                )


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """`text` as plain content with the matched letters marked.

    Textual's `Matcher.highlight` parses its argument as markup: a prompt title with
    `[@click=app.quit]` in it would become a live action, and a stray `[/]` raises and ends
    the search (hiding every later match). Titles come from content files: never markup.
    The palette parses `help` as markup too, so it is escaped.
    """
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
