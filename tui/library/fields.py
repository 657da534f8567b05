"""Typed, checked access to the values of one front matter: the shared field validation
of every kind of content file.

Each check turns a failure into a `Problem` that names the line and says, for the person
who wrote the file, what to write instead.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping

from tui.core.model import Problem
from tui.library.frontmatter import FrontMatter
from tui.library.hints import closest, did_you_mean
from tui.library.sanitize import sanitize_text
from tui.library.yaml_values import KeyPath

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 80

# A plain decimal number as people write one; YAML 1.1 also reads 25:00, 0123, 0x1f, 1_000.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


#: The longest title a track, prompt, scaffold, step or round may have.
TITLE_MAX_CHARS = 200


class Fields:
    """Typed, checked access to front-matter values; every failure becomes a Problem."""

    def __init__(self, front: FrontMatter, path: str) -> None:
        self.front = front
        self.meta = front.meta
        self.path = path
        self.problems: list[Problem] = []
        # Keys an unknown key was taken for ("minuts" -> "minutes"): saying that one is
        # missing as well would only repeat the same mistake.
        self.suggested: set[KeyPath] = set()

    def line(self, key: KeyPath) -> int:
        return self.front.lines.get(key, 1)

    def problem(self, key: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key), message))

    def body_problem(self, offset: int, message: str) -> None:
        self.problems.append(Problem(self.path, self.front.body_line + offset, message))

    def unknown_keys(
        self, mapping: Mapping[str, object], allowed: tuple[str, ...], at: KeyPath
    ) -> None:
        for key in mapping:
            if key in allowed:
                continue
            close = closest(key, allowed)
            if close:
                self.suggested.add((*at, close))
                hint = did_you_mean(close)
            else:
                hint = f" (allowed: {', '.join(allowed)})"
            self.problem((*at, key), f'unknown key "{key}"{hint}')

    def present(self, key: KeyPath, required: bool) -> object | None:
        """The value at `key`, or None (and a problem if required) when absent or empty."""
        value = _get(self.meta, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and key not in self.suggested:
                name = str(key[-1])
                where = "" if len(key) == 1 else f" in item {_item_number(key)} of {key[0]}"
                if value is None and not _has(self.meta, key):
                    self.problem(
                        key[:-1] or key, f'missing "{name}"{where} — add a line  {name}: ...'
                    )
                else:
                    self.problem(key, f'"{name}"{where} is empty')
            return None
        return value

    def text(self, key: KeyPath, required: bool = False, one_line: bool = True) -> str:
        value = self.present(key, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(key, f'"{key[-1]}" must be text, but {self.describe(key, value)}')
            return ""
        return " ".join(value.split()) if one_line else value.strip()

    def title(self, key: KeyPath = ("title",)) -> str:
        """A required one-line title of at most TITLE_MAX_CHARS characters: a longer one is
        a problem (a 60,000-character title loaded, and every list showed it)."""
        value = self.text(key, required=True)
        if len(value) > TITLE_MAX_CHARS:
            self.problem(
                key,
                f'"{key[-1]}" is {len(value):,} characters long; a title may have at most '
                f"{TITLE_MAX_CHARS} (put the rest in the text below the front matter)",
            )
            return ""
        return value

    def texts(self, key: KeyPath) -> tuple[str, ...]:
        """A list of one-line texts; a single text is accepted as a list of one."""
        value = self.present(key, required=False)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            self.problem(
                key, f'"{key[-1]}" must be a list like [a, b], but {self.describe(key, value)}'
            )
            return ()
        result: list[str] = []
        for index, item in enumerate(items):
            item_key = (*key, index) if isinstance(value, list) else key
            if not isinstance(item, str) or not item.strip():
                what = "empty" if item is None or item == "" else self.describe(item_key, item)
                self.problem(item_key, f'item {index + 1} of "{key[-1]}" must be text, but {what}')
                continue
            result.append(" ".join(item.split()))
        return tuple(result)

    def identifier(self, key: KeyPath, default: str = "", what: str = "id") -> str:
        """An id: lower-case letters, digits and dashes (from `default` when absent)."""
        value = self.present(key, required=not default)
        if value is None:
            if default and not valid_id(default):
                self.problem(
                    ("id",),
                    f'the file or folder name "{sanitize_text(default)}" cannot be used as an '
                    "id (use lower-case letters, digits and dashes): rename it or add a line  "
                    "id: ...",
                )
                return ""
            return default
        if not isinstance(value, str):
            self.problem(key, f'"{key[-1]}" must be {what} text, but {self.describe(key, value)}')
            return ""
        if not valid_id(value):
            self.problem(
                key,
                f'"{value}" is not a valid {what}: use lower-case letters, digits and dashes '
                f"(like pm-retention-cancel-flow), at most {MAX_ID_LENGTH} characters",
            )
            return ""
        return value

    def number(
        self,
        key: KeyPath,
        required: bool,
        whole: bool,
        low: float,
        high: float | None = None,
        low_inclusive: bool = False,
    ) -> float:
        """A number written plainly (`15`, `0.25`), checked against its range."""
        value = self.present(key, required)
        if value is None:
            return 0
        name = key[-1]
        # The example fits the field: a share (at most 1) is a fraction, minutes are not.
        example = "0.25" if not whole and high is not None and high <= 1 else "15"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(
                key, f'"{name}" must be a number like {example}, but {self.describe(key, value)}'
            )
            return 0
        raw = self.front.raw.get(key, "")
        if not _PLAIN_NUMBER.fullmatch(raw):
            self.problem(
                key,
                f'"{name}" must be written as a plain number like {example}, not {raw} '
                f"(YAML reads that as {value})",
            )
            return 0
        if whole and not isinstance(value, int):
            self.problem(key, f'"{name}" must be a whole number, not {raw}')
            return 0
        too_low = value < low if low_inclusive else value <= low
        if too_low:
            bound = f"at least {_num(low)}" if low_inclusive else f"more than {_num(low)}"
            self.problem(key, f'"{name}" must be {bound}, not {raw}')
            return 0
        if high is not None and value > high:
            self.problem(key, f'"{name}" must be at most {_num(high)}, not {raw}')
            return 0
        return value

    def choice(self, key: KeyPath, options: tuple[str, ...], required: bool = False) -> str:
        value = self.text(key, required)
        if value and value not in options:
            hint = did_you_mean(closest(value, options))
            self.problem(
                key, f'"{key[-1]}" must be one of {", ".join(options)}, not "{value}"{hint}'
            )
            return ""
        return value

    def describe(self, key: KeyPath, value: object) -> str:
        """What YAML made of a value, in words, with a hint when quotes would fix it."""
        raw = self.front.raw.get(key)
        if isinstance(value, bool):
            return f'{raw} was read as a yes/no value — put it in quotes: "{raw}"'
        if isinstance(value, int | float):
            if raw is not None and raw != str(value):
                return f'{raw} was read as the number {value} — put it in quotes: "{raw}"'
            return f'it is the number {raw} — put it in quotes: "{raw}"'
        if isinstance(value, _dt.date):
            return f'{raw} was read as a date — put it in quotes: "{raw}"'
        if isinstance(value, list):
            return "it is a list"
        if isinstance(value, dict):
            return "it is a set of key: value lines"
        if value is None:
            return "it is empty"
        return f'it is the text "{value}"'


def _get(meta: Mapping[str, object], key: KeyPath) -> object | None:
    if len(key) == 1:  # the common case, kept cheap: it runs for every key of every file
        return meta.get(str(key[0]))
    value: object = meta
    for part in key:
        if isinstance(part, int) and isinstance(value, list) and part < len(value):
            value = value[part]
        elif isinstance(part, str) and isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _has(meta: Mapping[str, object], key: KeyPath) -> bool:
    parent = _get(meta, key[:-1]) if len(key) > 1 else meta
    return isinstance(parent, dict) and key[-1] in parent


def _item_number(key: KeyPath) -> int:
    return int(key[1]) + 1 if len(key) > 2 and isinstance(key[1], int) else 1


def valid_id(value: str) -> bool:
    return len(value) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(value) is not None


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
