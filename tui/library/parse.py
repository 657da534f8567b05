"""One content file in, one checked model object (or its problems) out.

Everything here depends on the file alone, so the result can be cached by the file's stat
and reused; checks that need other files (ids that must exist, duplicate ids) live in
`tui.library.loader`. Messages are for the person who wrote the file, not for programmers.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, cast

from tui.core.model import KINDS, Kind, Problem, Prompt, Round, Scaffold, Step, Track
from tui.library.frontmatter import FrontMatter, KeyPath, parse_front_matter, sanitize_text

FileKind = Literal["track", "prompt", "scaffold", "round"]
Item = Track | Prompt | Scaffold | Round

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 80
MAX_PROMPT_MINUTES = 240

TRACK_KEYS = ("id", "title", "summary", "order")
PROMPT_KEYS = ("id", "title", "kind", "scaffold", "minutes", "category", "level", "tags")
SCAFFOLD_KEYS = ("id", "title", "advance", "steps", "rubric")
STEP_KEYS = ("title", "guidance", "seconds", "share")
ROUND_KEYS = (
    "id",
    "title",
    "track",
    "minutes",
    "per_question",
    "prompts",
    "count",
    "categories",
    "kinds",
    "order",
)
#: The `## ` sections a prompt body may have, by their lower-case name.
PROMPT_SECTIONS = {
    "hints": "Hints",
    "strong answer outline": "Strong answer outline",
    "follow-ups": "Follow-ups",
}

# A plain decimal number as people write one; YAML 1.1 also reads 25:00, 0123, 0x1f, 1_000.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_LIST_ITEM = re.compile(r"( {0,3})(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_HEADING = re.compile(r"^## (.*)$", re.MULTILINE)
# em dash, en dash (written as an escape: it looks like a hyphen), hyphen, colon
_GLOSSARY_SEPARATORS = (" — ", " \u2013 ", " - ", ": ")


# Keys the cross-file checks may point at, so their lines are kept with the parse result.
_CROSS_FILE_KEYS = ("id", "scaffold", "track", "prompts")


@dataclass(frozen=True)
class Parsed:
    """What one file yields on its own.

    `item` is None when the file has problems. `folder` is the track folder a track or a
    prompt lives in (a prompt's `item.track` is that folder until the loader maps it to the
    track's id). `lines` holds the line of each key the cross-file checks may point at:
    `"id"`, `"scaffold"`, `"track"`, `"prompts.0"`, ...
    """

    kind: FileKind
    path: str
    item: Item | None
    problems: tuple[Problem, ...] = ()
    folder: str = ""
    lines: Mapping[str, int] = field(default_factory=dict)


def parse_content(kind: FileKind, data: bytes, path: str, name: str, folder: str = "") -> Parsed:
    """Parse and check the file `path` of `kind`; `name` is its file name without `.md`."""
    parsed = parse_front_matter(data, path)
    if isinstance(parsed, list):
        return Parsed(kind, path, None, tuple(parsed), folder)
    fields = _Fields(parsed, path)
    builder = _BUILDERS[kind]
    item = builder(fields, name, folder)
    lines = {key: parsed.lines[(key,)] for key in _CROSS_FILE_KEYS if (key,) in parsed.lines}
    if kind == "round":
        for key, line in parsed.lines.items():
            if len(key) == 2 and key[0] == "prompts":
                lines[f"prompts.{key[1]}"] = line
    if fields.problems:
        return Parsed(kind, path, None, tuple(fields.problems), folder, lines)
    return Parsed(kind, path, item, (), folder, lines)


class _Fields:
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
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close:
                self.suggested.add((*at, close[0]))
                hint = f' — did you mean "{close[0]}"?'
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
            if default and not _valid_id(default):
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
        if not _valid_id(value):
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
            close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
            hint = f' — did you mean "{close[0]}"?' if close else ""
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


def _valid_id(value: str) -> bool:
    return len(value) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(value) is not None


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --- the four kinds of file -------------------------------------------------------------


def _track(fields: _Fields, name: str, folder: str) -> Track:
    fields.unknown_keys(fields.meta, TRACK_KEYS, ())
    track_id = fields.identifier(("id",), default=folder)
    title = fields.text(("title",), required=True)
    summary = fields.text(("summary",))
    order = fields.number(("order",), required=False, whole=True, low=-1_000_000, high=1_000_000)
    body = fields.front.body.strip()
    sections = split_sections(fields.front.body)
    glossary: tuple[str, ...] = ()
    for section in sections.sections:
        if section.name.lower() == "glossary":
            glossary = tuple(_glossary_term(item) for item in list_items(section.text))
    return Track(
        id=track_id,
        title=title,
        summary=summary,
        order=int(order),
        body=body,
        glossary=tuple(term for term in glossary if term),
        path=fields.path,
    )


def _prompt(fields: _Fields, name: str, folder: str) -> Prompt:
    fields.unknown_keys(fields.meta, PROMPT_KEYS, ())
    prompt_id = fields.identifier(("id",), default=name)
    title = fields.text(("title",), required=True)
    kind = fields.choice(("kind",), KINDS, required=True)
    scaffold = fields.identifier(("scaffold",), what="scaffold id")
    minutes = fields.number(
        ("minutes",), required=True, whole=False, low=0, high=MAX_PROMPT_MINUTES
    )
    category = fields.text(("category",))
    level = fields.texts(("level",))
    tags = fields.texts(("tags",))
    sections = split_sections(fields.front.body)
    question = sections.intro.strip()
    if not question:
        fields.body_problem(0, "the question is empty: write it right after the closing --- line")
    found: dict[str, str] = {}
    for section in sections.sections:
        key = section.name.lower().rstrip(":").strip()
        if key not in PROMPT_SECTIONS:
            close = difflib.get_close_matches(key, list(PROMPT_SECTIONS), n=1, cutoff=0.6)
            hint = (
                f' — did you mean "## {PROMPT_SECTIONS[close[0]]}"?'
                if close
                else " (a prompt may have ## Hints, ## Strong answer outline and ## Follow-ups)"
            )
            fields.body_problem(section.offset, f'unknown section "## {section.name}"{hint}')
        elif key in found:
            fields.body_problem(section.offset, f'the section "## {section.name}" appears twice')
        else:
            found[key] = section.text
    followups = tuple(list_items(found.get("follow-ups", "")))
    return Prompt(
        id=prompt_id,
        title=title,
        track=folder,
        kind=cast(Kind, kind or "case"),
        scaffold=scaffold,
        minutes=minutes,
        question=question,
        category=category,
        level=level,
        tags=tags,
        hints=found.get("hints", "").strip(),
        outline=found.get("strong answer outline", "").strip(),
        followups=followups,
        path=fields.path,
    )


def _scaffold(fields: _Fields, name: str, folder: str) -> Scaffold:
    fields.unknown_keys(fields.meta, SCAFFOLD_KEYS, ())
    scaffold_id = fields.identifier(("id",), default=name)
    title = fields.text(("title",), required=True)
    advance = fields.choice(("advance",), ("manual", "timed")) or "manual"
    steps = _steps(fields)
    rubric = fields.texts(("rubric",))
    return Scaffold(
        id=scaffold_id,
        title=title,
        steps=steps,
        rubric=rubric,
        advance=cast(Literal["manual", "timed"], advance),
        description=fields.front.body.strip(),
        path=fields.path,
    )


def _steps(fields: _Fields) -> tuple[Step, ...]:
    raw_steps = fields.present(("steps",), required=True)
    if raw_steps is None:
        return ()
    if not isinstance(raw_steps, list):
        fields.problem(
            ("steps",),
            f'"steps" must be a list of steps, but {fields.describe(("steps",), raw_steps)}',
        )
        return ()
    steps: list[Step] = []
    for index, raw in enumerate(raw_steps):
        at: KeyPath = ("steps", index)
        if not isinstance(raw, dict):
            fields.problem(
                at, f"step {index + 1} must be a set of key: value lines (title: ..., seconds: ...)"
            )
            continue
        fields.unknown_keys(raw, STEP_KEYS, at)
        title = fields.text((*at, "title"), required=True)
        guidance = fields.text((*at, "guidance"))
        has_seconds = raw.get("seconds") is not None
        has_share = raw.get("share") is not None
        seconds: int | None = None
        share: float | None = None
        if has_seconds == has_share:
            fields.problem(
                at, f"step {index + 1} needs exactly one time budget: seconds: 30 or share: 0.25"
            )
        elif has_seconds:
            seconds = int(
                fields.number((*at, "seconds"), required=True, whole=True, low=0, high=3600)
            )
        else:
            share = float(fields.number((*at, "share"), required=True, whole=False, low=0, high=1))
        steps.append(Step(title=title, guidance=guidance, seconds=seconds, share=share))
    if not raw_steps:
        fields.problem(("steps",), '"steps" must list at least one step')
    shares = [step.share for step in steps if step.share is not None]
    if shares and len(shares) == len(steps) and not 0.95 <= sum(shares) <= 1.05:
        fields.problem(
            ("steps",), f"the step shares add up to {sum(shares):.2f}; they should add up to 1"
        )
    return tuple(steps)


def _round(fields: _Fields, name: str, folder: str) -> Round:
    fields.unknown_keys(fields.meta, ROUND_KEYS, ())
    round_id = fields.identifier(("id",), default=name)
    title = fields.text(("title",), required=True)
    track = fields.identifier(("track",), what="track id")
    minutes = int(fields.number(("minutes",), required=True, whole=True, low=0, high=600))
    per_question = int(fields.number(("per_question",), required=True, whole=True, low=0, high=240))
    prompt_ids = _id_list(fields, ("prompts",))
    count = int(fields.number(("count",), required=False, whole=True, low=0, high=100))
    categories = fields.texts(("categories",))
    kinds = tuple(cast(Kind, kind) for kind in _choices(fields, ("kinds",), KINDS))
    order = fields.choice(("order",), ("fixed", "random")) or "fixed"
    has_prompts = fields.meta.get("prompts") is not None
    has_count = fields.meta.get("count") is not None
    if has_prompts == has_count:
        fields.problem(
            ("title",), 'a round needs either "prompts" (a list of prompt ids) or "count", not both'
        )
    if has_prompts and (categories or kinds):
        fields.problem(
            ("prompts",),
            '"categories" and "kinds" only apply with "count", not with a fixed "prompts" list',
        )
    questions = len(prompt_ids) if has_prompts else count
    if minutes and per_question and questions and questions * per_question > minutes:
        fields.problem(
            ("minutes",),
            f"{questions} questions of {per_question} minutes do not fit in {minutes} minutes",
        )
    return Round(
        id=round_id,
        title=title,
        track=track,
        minutes=minutes,
        per_question=per_question,
        prompts=prompt_ids,
        categories=categories,
        kinds=kinds,
        count=count,
        order=cast(Literal["fixed", "random"], order),
        description=fields.front.body.strip(),
        path=fields.path,
    )


def _id_list(fields: _Fields, key: KeyPath) -> tuple[str, ...]:
    texts = fields.texts(key)
    value = fields.meta.get(str(key[0]))
    result: list[str] = []
    for index, text in enumerate(texts):
        if _valid_id(text):
            result.append(text)
        else:
            at = (*key, index) if isinstance(value, list) else key
            fields.problem(at, f'"{text}" is not a valid prompt id')
    if isinstance(value, list) and not value:
        fields.problem(key, f'"{key[-1]}" must list at least one prompt id')
    return tuple(result)


def _choices(fields: _Fields, key: KeyPath, options: tuple[str, ...]) -> tuple[str, ...]:
    result: list[str] = []
    for text in fields.texts(key):
        if text in options:
            result.append(text)
        else:
            fields.problem(key, f'"{key[-1]}" may only hold {", ".join(options)}, not "{text}"')
    return tuple(result)


_BUILDERS: dict[FileKind, Callable[[_Fields, str, str], Item]] = {
    "track": _track,
    "prompt": _prompt,
    "scaffold": _scaffold,
    "round": _round,
}


# --- markdown bodies --------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A `## ` section of a body: its heading, its line offset in the body, its text."""

    name: str
    offset: int
    text: str


@dataclass(frozen=True)
class Sections:
    """A body split at its `## ` headings (headings inside code fences do not count)."""

    intro: str
    sections: tuple[Section, ...]


def split_sections(body: str) -> Sections:
    """Split `body` at level-two headings."""
    if "## " not in body:  # rounds, scaffolds, most track bodies: nothing to split
        return Sections(body, ())
    if "```" not in body and "~~~" not in body:
        return _split_unfenced(body)
    return _split_lines(body)


def _split_lines(body: str) -> Sections:
    """`split_sections` line by line, skipping headings inside code fences."""
    intro: list[str] = []
    sections: list[Section] = []
    current: list[str] = intro
    name = ""
    offset = 0
    fence = ""
    for number, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if fence:
            if line.strip().startswith(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif line.startswith("## "):
            if current is not intro:
                sections.append(Section(name, offset, "\n".join(current)))
            name = line[3:].strip().rstrip("#").strip()
            offset = number
            current = []
            continue
        current.append(line)
    if current is not intro:
        sections.append(Section(name, offset, "\n".join(current)))
    return Sections("\n".join(intro), tuple(sections))


def _split_unfenced(body: str) -> Sections:
    """`split_sections` for a body without code fences: the same result, by regex."""
    headings = list(_HEADING.finditer(body))
    if not headings:
        return Sections(body, ())
    intro = body[: max(headings[0].start() - 1, 0)]
    sections: list[Section] = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() - 1 if index + 1 < len(headings) else len(body)
        name = heading.group(1).strip().rstrip("#").strip()
        offset = body.count("\n", 0, heading.start())
        sections.append(Section(name, offset, body[heading.end() + 1 : end]))
    return Sections(intro, tuple(sections))


def list_items(text: str) -> list[str]:
    """The top-level items of the markdown list in `text`, each joined onto one line.

    Lines under an item (lazy continuation, or indented after a blank line, including
    nested items) belong to it; other text between items is ignored.
    """
    items: list[list[str]] = []
    top_indent: int | None = None
    in_item = False
    after_blank = False
    for line in text.split("\n"):
        match = _LIST_ITEM.match(line)
        if match and (top_indent is None or len(match.group(1)) <= top_indent):
            top_indent = len(match.group(1))
            items.append([match.group(2) or ""])
            in_item, after_blank = True, False
        elif not line.strip():
            after_blank = True
        elif in_item and (not after_blank or line[:1].isspace()):
            items[-1].append(line.strip())
            after_blank = False
        else:
            in_item = False
    joined = (" ".join(" ".join(parts).split()) for parts in items)
    return [item for item in joined if item]


def _glossary_term(item: str) -> str:
    """The term of a glossary item: the text before ` — `, ` - ` or `: `."""
    cut = len(item)
    for separator in _GLOSSARY_SEPARATORS:
        position = item.find(separator)
        if 0 < position < cut:
            cut = position
    term = item[:cut].strip()
    return term.replace("**", "").replace("__", "").strip("*_` ")
