"""F1: the keys of the screen you came from, where your files live, content problems."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from screens.base import CaseroomModal
from screens.widgets.markdown import SafeMarkdown

GENERAL_KEYS = """\
| Key | Does |
| --- | --- |
| ctrl+p | command palette: screens, every prompt by title, theme (from an answer, asks first) |
| F1 | this help |
| F2 | content problems, live: fix a file and it drops off |
| escape | back (asks first if an answer would be left behind) |
| q | quit, from the tracks screen |
| ctrl+q | quit from anywhere (a draft in progress is saved first) |
"""


def screen_keys(screen: Screen[object]) -> str:
    """A table of the bindings the given screen shows in its footer, one row a key: a key
    with two words (F5's Pause and Resume, shown as the clock says) reads "Pause / Resume"."""
    rows: dict[str, list[str]] = {}
    for binding in getattr(screen, "BINDINGS", []):
        if isinstance(binding, Binding) and binding.description:
            words = rows.setdefault(binding.key, [])
            if binding.description not in words:
                words.append(binding.description)
    if not rows:
        return ""
    lines = [f"| {key} | {' / '.join(words)} |" for key, words in rows.items()]
    return "| Key | Does |\n| --- | --- |\n" + "\n".join(lines)


class HelpScreen(CaseroomModal[None]):
    """Keys for the current screen, folders, and the list of content problems."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static("caseroom help", classes="dialog-title")
            yield SafeMarkdown(self.help_markdown(), id="help-text")
        yield Footer()

    def help_markdown(self) -> str:
        app = self.caseroom
        # compose() runs after this modal is pushed: the screen it covers is one down.
        stack = [screen for screen in app.screen_stack if screen is not self]
        below = stack[-1] if stack else None
        parts = []
        if below is not None:
            keys = screen_keys(below)
            if keys:
                parts += ["## This screen", keys]
        parts += ["## Everywhere", GENERAL_KEYS]
        config = app.config
        folders = [f"- `{d}`" for d in config.content_dirs]
        parts += ["## Content folders", "\n".join(folders)]
        if config.user_content_dir is not None:
            parts.append(f"Your own prompts go in `{config.user_content_dir}`.")
        parts += ["## Database", f"`{config.db_url}`"]
        problems = app.library.problems
        parts.append(f"## Content problems ({len(problems)})")
        if problems:
            parts.append("\n".join(f"- `{p.path}:{p.line}` {p.message}" for p in problems))
        else:
            parts.append("None: every content file loaded.")
        return "\n\n".join(parts)

    def action_close(self) -> None:
        self.dismiss(None)
