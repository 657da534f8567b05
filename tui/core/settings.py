"""Settings: what `config.toml` may say, read strictly, with a line for every mistake.

A broken file never stops the app: every value that is wrong (or the whole file, if it is
not TOML) is reported as a `Problem` with its line, and the default stands in for it. This
module only parses text; reading and writing the file is tui.services.settings.

```toml
theme = "textual-dark"

[keymap]                      # binding id = key, or keys separated by commas
"practice.submit" = "ctrl+enter"

[practice]
words_per_minute = 150        # the speaking-time estimate in the review
daily_cap = 5                 # Next up's prompts a day (a plan may ask for more)
bell = false                  # ring when a step's or the prompt's time is up
hard_stop = false             # time up submits the answer
reading_minute = false        # the clock waits for the first key
autosave_quiet_s = 0.2        # save this long after typing pauses ...
autosave_max_s = 0.25         # ... and at least this often while it goes on

[clipboard]
method = "auto"               # auto (OSC 52, then a local tool) | osc52 | tool
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Literal, Protocol

from tui.core.model import Problem

ClipboardMethod = Literal["auto", "osc52", "tool"]
CLIPBOARD_METHODS: tuple[ClipboardMethod, ...] = ("auto", "osc52", "tool")

#: Keys a terminal sends as another key: ctrl+h is backspace, ctrl+i tab, ctrl+m enter,
#: ctrl+[ escape. A binding to one of them could never be pressed.
UNSENDABLE_KEYS = {
    "ctrl+h": "backspace",
    "ctrl+i": "tab",
    "ctrl+m": "enter",
    "ctrl+[": "escape",
}


@dataclass(frozen=True)
class PracticeSettings:
    words_per_minute: int = 150
    daily_cap: int = 5
    bell: bool = False
    hard_stop: bool = False
    reading_minute: bool = False
    # tui.core.autosave's QUIET_BEFORE_SAVE / MAX_UNSAVED: a kill loses at most ~0.3 s.
    autosave_quiet_s: float = 0.2
    autosave_max_s: float = 0.25


#: (lowest, highest) for each number in [practice].
PRACTICE_BOUNDS: dict[str, tuple[float, float]] = {
    "words_per_minute": (60, 300),
    "daily_cap": (1, 50),
    "autosave_quiet_s": (0.1, 2.0),
    "autosave_max_s": (0.2, 5.0),
}


@dataclass(frozen=True)
class Settings:
    theme: str | None = None
    keymap: Mapping[str, str] = field(default_factory=dict)
    practice: PracticeSettings = field(default_factory=PracticeSettings)
    clipboard: ClipboardMethod = "auto"
    #: (table, key) → the line of config.toml that set it, for problems found later (an
    #: unknown theme, a keymap clash). Not part of what the settings are.
    lines: Mapping[tuple[str, str], int] = field(default_factory=dict, compare=False)

    def line_of(self, table: str, key: str) -> int:
        """The line `key` of `table` ("" for the top level) is on, else its table's, else 1."""
        return self.lines.get((table, key)) or self.lines.get((table, "")) or 1


class _Report(Protocol):
    """The `problem(table, key, message)` callback the table readers share."""

    def __call__(self, table: str, key: str, message: str) -> None: ...


_TABLE_RE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_KEY_RE = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))\s*=""")
_TOML_LINE_RE = re.compile(r"at line (\d+)")


def key_lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) → the 1-based line it is set on ("" is the top-level table)."""
    table = ""
    found: dict[tuple[str, str], int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_RE.match(line)
        if header:
            table = header.group(1).strip().strip("\"'")
            found.setdefault((table, ""), number)
            continue
        key = _KEY_RE.match(line)
        if key:
            name = next(group for group in key.groups() if group)
            found.setdefault((table, name), number)
    return found


def parse_settings(text: str, source: str) -> tuple[Settings, list[Problem]]:
    """The settings `text` sets, and a Problem (at `source`:line) for each thing wrong."""
    import tomllib  # here, not above: without a config.toml the first frame needs no parser

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _TOML_LINE_RE.search(str(error))
        message = f"not valid TOML ({str(error).split(' (at ')[0]}); the defaults are used"
        return Settings(), [Problem(source, int(line.group(1)) if line else 1, message)]
    lines = key_lines(text)
    problems: list[Problem] = []

    def problem(table: str, key: str, message: str) -> None:
        line = lines.get((table, key)) or lines.get((table, "")) or 1
        problems.append(Problem(source, line, message))

    settings = Settings(lines=lines)
    for key, value in data.items():
        if key == "theme":
            if isinstance(value, str) and value.strip():
                settings = replace(settings, theme=value.strip())
            else:
                problem("", key, 'theme must be a theme name in quotes, like "textual-dark"')
        elif key == "keymap":
            settings = replace(settings, keymap=_keymap(value, problem))
        elif key == "practice":
            settings = replace(settings, practice=_practice(value, problem))
        elif key == "clipboard":
            settings = replace(settings, clipboard=_clipboard(value, problem))
        else:
            problem("", key, f"unknown setting {key!r} (known: theme, keymap, practice, clipboard)")
    return settings, problems


def _keymap(value: object, problem: _Report) -> dict[str, str]:
    if not isinstance(value, dict):
        problem("", "keymap", '[keymap] must be a table of binding id = "key"')
        return {}
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        if not isinstance(keys, str) or not keys.strip():
            problem("keymap", binding_id, f'{binding_id}: the key must be text, like "ctrl+s"')
            continue
        normal = ",".join(_normal_key(key) for key in keys.split(",") if key.strip())
        for key in normal.split(","):
            if key in UNSENDABLE_KEYS:
                problem(
                    "keymap",
                    binding_id,
                    f"{binding_id}: terminals send {key} as {UNSENDABLE_KEYS[key]}, "
                    "so it could never be pressed; the default key stays",
                )
                break
        else:
            keymap[binding_id] = normal
    return keymap


def _normal_key(key: str) -> str:
    """A key as Textual names it: "Ctrl+S" is "ctrl+s", "F5" is "f5"; a letter alone keeps
    its case ("X" is shift+x)."""
    key = "+".join(part.strip() for part in key.strip().split("+"))
    return key if len(key) == 1 else key.lower()


def _practice(value: object, problem: _Report) -> PracticeSettings:
    if not isinstance(value, dict):
        problem("", "practice", "[practice] must be a table")
        return PracticeSettings()
    defaults = PracticeSettings()
    known = {f.name: getattr(defaults, f.name) for f in fields(PracticeSettings)}
    chosen: dict[str, object] = {}
    for key, given in value.items():
        if key not in known:
            problem("practice", key, f"unknown practice setting {key!r}")
            continue
        default = known[key]
        if isinstance(default, bool):
            if isinstance(given, bool):
                chosen[key] = given
            else:
                problem("practice", key, f"{key} must be true or false")
            continue
        if isinstance(given, bool) or not isinstance(given, int | float):
            problem("practice", key, f"{key} must be a number, like {default}")
            continue
        low, high = PRACTICE_BOUNDS[key]
        if not low <= given <= high:
            problem("practice", key, f"{key} must be between {low:g} and {high:g}")
            continue
        if isinstance(default, int) and not float(given).is_integer():
            problem("practice", key, f"{key} must be a whole number, like {default}")
            continue
        chosen[key] = type(default)(given)
    practice = replace(defaults, **chosen)  # type: ignore[arg-type]
    if practice.autosave_max_s < practice.autosave_quiet_s:
        problem("practice", "autosave_max_s", "autosave_max_s must not be below autosave_quiet_s")
        practice = replace(
            practice,
            autosave_quiet_s=defaults.autosave_quiet_s,
            autosave_max_s=defaults.autosave_max_s,
        )
    return practice


def _clipboard(value: object, problem: _Report) -> ClipboardMethod:
    method = value.get("method", "auto") if isinstance(value, dict) else None
    for method_choice in CLIPBOARD_METHODS:
        if method == method_choice:
            return method_choice
    problem("clipboard", "method", 'clipboard method must be "auto", "osc52" or "tool"')
    return "auto"


def keymap_clashes(
    keymap: Mapping[str, str], screens: Mapping[str, Sequence[tuple[str, str]]]
) -> list[str]:
    """Bindings that would share a key on one screen once `keymap` applies, and keymap ids
    no screen has. `screens` maps a screen's name to its (binding id, keys) pairs, the
    App's own bindings included. Keys the defaults share on purpose (F5 is Pause or
    Resume) are not a clash: only one that a remapped binding takes part in."""
    return [message for _binding_id, message in _clashes(keymap, screens)]


def keymap_problems(
    settings: Settings,
    screens: Mapping[str, Sequence[tuple[str, str]]],
    source: str,
    own: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> list[Problem]:
    """`keymap_clashes` as Problems at the line of config.toml that remapped the binding;
    with `own` (each screen's bindings without the App's), also `keymap_unbinds`."""
    found = _clashes(settings.keymap, screens)
    found += keymap_unbinds(settings.keymap, own or {})
    return [
        Problem(source, settings.line_of("keymap", binding_id), message)
        for binding_id, message in found
    ]


def keymap_unbinds(
    keymap: Mapping[str, str], own: Mapping[str, Sequence[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """(remapped id, message) where remapping a binding also takes its old key from another
    binding of the same screen that shares it (Textual rebinds by key: F5 is Pause and
    Resume, and moving Pause alone leaves Resume with no key)."""
    found: list[tuple[str, str]] = []
    for screen, pairs in own.items():
        defaults = {binding_id: {k.strip() for k in keys.split(",")} for binding_id, keys in pairs}
        for moved, keys in defaults.items():
            if moved not in keymap:
                continue
            for other, other_keys in defaults.items():
                shared = sorted(keys & other_keys)
                if other != moved and other not in keymap and shared:
                    found.append(
                        (
                            moved,
                            f"keymap: {moved} and {other} share {', '.join(shared)} on {screen}: "
                            f"remapping {moved} alone leaves {other} with no key; give "
                            f"{other} a key too",
                        )
                    )
    return found


def _clashes(
    keymap: Mapping[str, str], screens: Mapping[str, Sequence[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """(the remapped binding id to point at, message) for each clash and unknown id."""
    found: list[tuple[str, str]] = []
    known = {binding_id for pairs in screens.values() for binding_id, _keys in pairs}
    for binding_id in sorted(set(keymap) - known):
        found.append((binding_id, f"keymap: no binding has the id {binding_id!r}"))
    # (key, first id, second id) → the screens they clash on, in order, said once.
    where: dict[tuple[str, str, str], list[str]] = {}
    for screen, pairs in screens.items():
        owner: dict[str, str] = {}
        # Bindings that share a key by default are made to (one of them applies at a time):
        # moved together they still may.
        defaults = {binding_id: {k.strip() for k in keys.split(",")} for binding_id, keys in pairs}
        for binding_id, default in pairs:
            for key in keymap.get(binding_id, default).split(","):
                key = key.strip()
                other = owner.get(key)
                remapped = binding_id in keymap or other in keymap
                paired = other is not None and bool(defaults[other] & defaults[binding_id])
                if other is not None and other != binding_id and remapped and not paired:
                    screens_of = where.setdefault((key, other, binding_id), [])
                    if screen not in screens_of:
                        screens_of.append(screen)
                owner.setdefault(key, binding_id)
    for (key, first, second), on in where.items():
        culprit = second if second in keymap else first
        message = f"keymap: {key} is bound to both {first} and {second} on {', '.join(on)}"
        found.append((culprit, message))
    return found


def render_settings(settings: Settings) -> str:
    """The settings in effect, as TOML a person could paste into config.toml."""
    lines = [f'theme = "{settings.theme}"' if settings.theme else "# theme = (the default)"]
    lines += ["", "[keymap]"]
    lines += [f'"{binding}" = "{keys}"' for binding, keys in sorted(settings.keymap.items())]
    lines += ["", "[practice]"]
    for item in fields(PracticeSettings):
        value = getattr(settings.practice, item.name)
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        lines.append(f"{item.name} = {shown}")
    lines += ["", "[clipboard]", f'method = "{settings.clipboard}"']
    return "\n".join(lines) + "\n"
