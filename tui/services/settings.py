"""Settings on disk: `config.toml` (written by the person) and `state.json` (by the app).

The config file is read, never rewritten: a broken one is reported line by line and the
defaults stand in. What the app remembers by itself, the theme last picked in the palette,
goes to `state.json` beside it.

Which theme applies: `--theme` on the command line; else the theme last picked in the
palette, unless `theme` in config.toml was changed since that pick (the newer choice wins
either way); else config.toml's `theme`; else Textual's default.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from tui.core.model import Problem
from tui.core.settings import Settings, parse_settings

#: The file `caseroom config --edit` starts from when there is none yet.
TEMPLATE = """\
# caseroom settings: every key is listed in the README ("Settings").
# theme = "textual-dark"

[keymap]
# "practice.submit" = "ctrl+enter"

[practice]
# words_per_minute = 150
# daily_cap = 5
# bell = false
# hard_stop = false
# reading_minute = false
# autosave_quiet_s = 0.2
# autosave_max_s = 0.25

[clipboard]
# method = "auto"
"""


def load_settings(path: Path) -> tuple[Settings, list[Problem]]:
    """The settings in `path`; no file means the defaults, an unreadable one a Problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        reason = error.strerror or str(error)
        return Settings(), [Problem(str(path), 1, f"cannot read it ({reason}); defaults used")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Settings(), [Problem(str(path), 1, "not UTF-8 text; the defaults are used")]
    return parse_settings(text, str(path))


def read_state(path: Path) -> dict[str, object]:
    """What the app remembered; an unreadable state file is simply forgotten."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember_theme(path: Path, theme: str, config_theme: str | None) -> None:
    """Remember the theme picked in the palette (and config.toml's theme at that moment).
    Written atomically; a failure to write is not worth interrupting anyone for."""
    state = read_state(path)
    state.update(theme=theme, config_theme=config_theme)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".state-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(state, out, indent=2)
        os.replace(temp, path)
    except OSError:
        return


def theme_to_use(settings: Settings, state: dict[str, object], cli_theme: str | None) -> str | None:
    """The theme to start with (see the module docstring for the order)."""
    if cli_theme:
        return cli_theme
    picked = state.get("theme")
    if isinstance(picked, str) and state.get("config_theme") == settings.theme:
        return picked
    return settings.theme


def ensure_config_file(path: Path) -> Path:
    """Create `path` from TEMPLATE if it does not exist (for `caseroom config --edit`)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE, encoding="utf-8")
    return path
