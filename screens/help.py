"""F1: the keys of the screen you came from (as the keymap sets them), where your files
live, content problems."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from screens.base import CaseroomModal
from screens.widgets.footer import SteadyFooter
from screens.widgets.markdown import SafeMarkdown

#: The App's bindings (rows filled with the keys in effect) and two that have no id.
GENERAL_KEYS = (
    ("", "ctrl+p", "command palette: screens, every prompt by title, theme (asks first)"),
    ("help", "", "this help"),
    ("problems", "", "problems (config.toml's, and content files', live)"),
    ("", "escape", "back (asks first if an answer would be left behind)"),
    ("quit", "", "quit from anywhere (a draft in progress is saved first)"),
)
TABLE_HEAD = "| Key | Does | Id (for [keymap] in config.toml) |\n| --- | --- | --- |\n"


def screen_keys(
    screen: Screen[object], shown: Callable[[Binding], str] = lambda binding: binding.key
) -> str:
    """A table of the bindings the given screen shows in its footer, with the keys in
    effect (`shown`: the App's `key_in_effect`) and each binding's id, one row a key: a
    key with two words (F5's Pause and Resume, shown as the clock says) reads
    "Pause / Resume". A key the screen hides now (a coach's, for a person) is left out."""
    rows: dict[str, tuple[list[str], list[str], list[bool]]] = {}
    for binding in getattr(screen, "BINDINGS", []):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        words, ids, live = rows.setdefault(shown(binding), ([], [], []))
        if binding.description not in words:
            words.append(binding.description)
        ids.append(f"`{binding.id}`")
        live.append(_offered(screen, binding))
    lines = [
        f"| {key} | {' / '.join(words)} | {', '.join(ids)} |"
        for key, (words, ids, live) in rows.items()
        if any(live)
    ]
    if not lines:
        return ""
    return TABLE_HEAD + "\n".join(lines)


def _offered(screen: Screen[object], binding: Binding) -> bool:
    """Whether the screen offers `binding` now (its check_action); a screen not set up
    yet (no clock, no store) offers every key it has."""
    try:
        return screen.check_action(binding.action, ()) is not False
    except AttributeError:
        return True


class HelpScreen(CaseroomModal[None]):
    """Keys for the current screen, folders, and the list of content problems."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static("caseroom help", classes="dialog-title")
            yield SafeMarkdown(self.help_markdown(), id="help-text")
        yield SteadyFooter()

    def help_markdown(self) -> str:
        app = self.caseroom
        # compose() runs after this modal is pushed: the screen it covers is one down.
        stack = [screen for screen in app.screen_stack if screen is not self]
        below = stack[-1] if stack else None
        parts = []
        if below is not None:
            keys = screen_keys(below, app.key_in_effect)
            if keys:
                parts += ["## This screen", keys]
        rows = [
            f"| {app.key_for_id(binding_id) if binding_id else key} | {does} | "
            + (f"`{binding_id}` |" if binding_id else "|")
            for binding_id, key, does in GENERAL_KEYS
        ]
        parts += ["## Everywhere", TABLE_HEAD + "\n".join(rows)]
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
