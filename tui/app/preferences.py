"""config.toml in the running app: the keymap and its check, the theme (and remembering the
one picked in the palette), copying to the clipboard.

The file itself is read before the first frame (AppConfig.default); what is wrong in it is
a Problem at its line, shown in F2 and announced once, and the default stands in. The app
never writes config.toml: the theme picked in the palette goes to state.json beside it.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from tui.core.model import Problem
from tui.core.settings import Settings, keymap_problems

if TYPE_CHECKING:
    from tui.app.app import CaseroomApp

#: What the App's own bindings are filed under in `bindings_by_screen`.
APP_BINDINGS = "app"

_theme_lock = threading.Lock()


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The Bindings caseroom's classes in `cls`'s MRO declare (Textual's own left out) that
    `cls` keeps once Textual merges them (a class may not inherit its parent's)."""
    merged = cls._merged_bindings or cls._merge_bindings()
    kept = {(b.action, b.id) for bs in merged.key_to_bindings.values() for b in bs}
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("screens.") and "BINDINGS" in vars(klass):
            found += [
                b
                for b in vars(klass)["BINDINGS"]
                if isinstance(b, Binding) and (b.action, b.id) in kept
            ]
    return found


def bindings_by_screen() -> dict[str, list[Binding]]:
    """Every Binding caseroom declares, by the screen it is pressed on: each screen class's
    BINDINGS with those of the widgets defined beside it (the prompts table's, on the
    prompts screen), plus the App's own under "app". Imports every screen module."""
    import importlib
    import pkgutil

    import screens
    from tui.app.app import CaseroomApp

    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(info.name)
    nodes: list[type[DOMNode]] = [
        cls for cls in _subclasses(DOMNode) if cls.__module__.startswith("screens.")
    ]
    widgets_by_module: dict[str, list[Binding]] = {}
    for cls in nodes:
        if not issubclass(cls, Screen):
            widgets_by_module.setdefault(cls.__module__, []).extend(_own_bindings(cls))
    from screens.widgets import TABLE_SELECT_ID

    table: dict[str, list[Binding]] = {APP_BINDINGS: list(CaseroomApp.BINDINGS)}  # type: ignore[arg-type]
    # Every row table's enter, made per table (it names what enter does there).
    table["ActionTable"] = [Binding("enter", "select_cursor", id=TABLE_SELECT_ID)]
    for cls in sorted(nodes, key=lambda c: (c.__module__, c.__name__)):
        if issubclass(cls, Screen) and _own_bindings(cls):
            table[cls.__name__] = _own_bindings(cls) + widgets_by_module.get(cls.__module__, [])
    return table


def keymap_report(settings: Settings, source: str) -> list[Problem]:
    """config.toml's [keymap] checked against every screen: two bindings on one key, ids
    no binding has, a key taken from a binding that shared it. The App's bindings count
    on every screen. In the app, run on a thread: it imports every screen module."""
    if not settings.keymap:
        return []
    table = bindings_by_screen()
    everywhere = [(b.id, b.key) for b in table.pop(APP_BINDINGS) if b.id]
    own = {name: [(b.id, b.key) for b in bindings if b.id] for name, bindings in table.items()}
    pairs = {name: [*screen_pairs, *everywhere] for name, screen_pairs in own.items()}
    return keymap_problems(settings, pairs, source, own)


def key_in_effect(app: CaseroomApp, binding: Binding) -> str:
    """`binding`'s keys once the keymap applies, named as [keymap] names them ("ctrl+g",
    not the footer's "^g"), for F1 help and the palette."""
    keys = app.config.settings.keymap.get(binding.id or "", binding.key)
    return ", ".join(key.strip() for key in keys.split(","))


def key_for_id(app: CaseroomApp, binding_id: str) -> str | None:
    """The key in effect for the App's binding `binding_id`, or None if there is none."""
    for binding in app.BINDINGS:
        if isinstance(binding, Binding) and binding.id == binding_id:
            return key_in_effect(app, binding)
    return None


# -- theme --------------------------------------------------------------------------------


def start_theme(app: CaseroomApp) -> list[Problem]:
    """Set the theme to start with (tui.services.settings.theme_to_use); an unknown name
    is a problem and Textual's default stands in."""
    from tui.services.settings import read_state, theme_to_use

    config = app.config
    state = read_state(config.state_file) if config.state_file is not None else {}
    wanted = theme_to_use(config.settings, state, config.cli_theme)
    if not wanted:
        return []
    if wanted in app.available_themes:
        app.theme = wanted
        return []
    known = ", ".join(sorted(app.available_themes))
    if wanted == config.cli_theme:
        return [Problem("--theme", 1, f"no theme is called {wanted!r} (known: {known})")]
    if wanted == config.settings.theme:
        where = str(config.config_file or "config.toml")
        line = config.settings.line_of("", "theme")
        message = f"theme: no theme is called {wanted!r}; the default is used (known: {known})"
        return [Problem(where, line, message)]
    return []  # a remembered theme that is gone: simply forgotten


def remember_theme_now(app: CaseroomApp) -> None:
    """Write the theme in use to state.json (on a thread worker: one small file). The lock
    makes the last change win when two picks come quickly."""
    from tui.services.settings import remember_theme

    state_file = app.config.state_file
    if state_file is None:
        return
    with _theme_lock:
        remember_theme(state_file, app.theme, app.config.settings.theme)


# -- clipboard ----------------------------------------------------------------------------


def copy_text(app: CaseroomApp, text: str, what: str) -> None:
    """Copy `text` (`what` names it in the notice): OSC 52 through the terminal, and for
    method "auto" or "tool" a local clipboard tool too (on a thread: it is a process)."""
    if not text.strip():
        app.notify(f"Nothing to copy: {what} is empty.", severity="warning", markup=False)
        return
    method = app.config.settings.clipboard
    if method in ("auto", "osc52"):
        app.copy_to_clipboard(text)
    if method == "osc52":
        app.notify(f"Copied {what} (OSC 52, through the terminal).", markup=False)
        return
    app.run_worker(lambda: _copy_with_tool(app, text, what, method == "auto"), thread=True)


def _copy_with_tool(app: CaseroomApp, text: str, what: str, osc52_sent: bool) -> None:
    from tui.services.clipboard import copy_with_tool, find_tool

    tool = find_tool(os.environ)
    copied = tool is not None and copy_with_tool(text, tool)
    if copied and tool is not None:
        how = f"OSC 52 and {tool[0]}" if osc52_sent else tool[0]
        app.call_from_thread(app.notify, f"Copied {what} ({how}).", markup=False)
    elif osc52_sent:
        reason = f"{tool[0]} failed" if tool else "no clipboard tool found"
        message = f"Copied {what} (OSC 52, through the terminal; {reason})."
        app.call_from_thread(app.notify, message, markup=False)
    else:
        reason = f"{tool[0]} failed" if tool else "no clipboard tool (wl-copy, xclip, xsel)"
        message = f'Not copied: {reason}. Try method = "auto" in config.toml.'
        app.call_from_thread(app.notify, message, severity="warning", markup=False)
