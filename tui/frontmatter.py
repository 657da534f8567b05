"""Safe front-matter parsing: the bytes of one markdown file in, metadata and body out.

Content files are written by people (and sometimes by people who mean harm), and the app
reads them while it runs, so this parser never trusts its input:

- the file (1 MiB) and the front matter (64 KiB) are size-capped before anything is parsed;
- the text must be UTF-8 (a byte-order mark is dropped); C0/C1 control characters and
  terminal escape sequences are stripped from the whole text and from every YAML string;
- the YAML is read as a stream of libyaml *events* and the value is built here, so that
  anchors, aliases, every explicit tag and nesting deeper than `MAX_DEPTH` are rejected
  before anything is constructed (libyaml's own composer recurses and segfaults the
  process at ~25,000 levels; its event parser does not recurse);
- duplicate keys are problems, and every key and list item keeps its line number so the
  loader can point at the offending line.

YAML 1.1 implicit typing (`no` -> False, `25:00` -> 1500, `0123` -> 83) is left as PyYAML
does it; the loader's strict type checks catch the surprises, using `FrontMatter.raw` to
quote what was actually written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from tui.model import Problem

MAX_FILE_BYTES = 1 << 20
MAX_FRONT_MATTER_BYTES = 64 << 10
MAX_DEPTH = 20

#: libyaml's parser when PyYAML was built with it (about 3x faster), else the pure one.
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
# The only implicit types a front-matter value may have; anything else the resolver
# produces (`<<` merge keys, `=` value keys) is refused.
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

# Escape sequences first (so their parameters go too), then any lone control character.
# CSI `ESC [ ... final`, OSC/DCS/SOS/PM/APC strings up to BEL or ST, and two-byte escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FENCE = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSING_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

KeyPath = tuple[str | int, ...]
_GetEvent = Callable[[], yaml.Event]


def sanitize_text(text: str) -> str:
    """`text` without control characters (tab and newline kept) or terminal escapes.

    Nothing read from a content file may reach the terminal as an escape sequence.
    """
    if not _CONTROLS.search(text):  # the common case costs one scan and no copy
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


@dataclass(frozen=True)
class FrontMatter:
    """A parsed file: its front-matter mapping and the markdown body after it.

    `lines` maps the path of every key and list item (`("steps", 0, "title")`) to its
    1-based line in the file; `raw` maps the path of every unquoted scalar that YAML read
    as something other than text (a number, yes/no, a date, null) to the text written.
    """

    meta: dict[str, object]
    body: str
    body_line: int
    lines: dict[KeyPath, int] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)


def parse_front_matter(data: bytes, path: str) -> FrontMatter | list[Problem]:
    """Split and parse one content file; problems (with lines) instead of raising."""
    if len(data) > MAX_FILE_BYTES:
        return [Problem(path, 1, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")]
    text_or_problem = _decode(data, path)
    if isinstance(text_or_problem, Problem):
        return [text_or_problem]
    text = text_or_problem
    opening = _FENCE.match(text)
    if opening is None:
        return [
            Problem(
                path,
                1,
                "the file must start with front matter: a line ---, the settings "
                "(title: ... and so on), then another line ---",
            )
        ]
    start = opening.end()
    closing = _CLOSING_FENCE.search(text, start)
    if closing is None:
        return [
            Problem(
                path,
                1,
                "the front matter that starts on line 1 is never closed: "
                "add a line --- after the settings",
            )
        ]
    yaml_text = text[start : closing.start()]
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        return [
            Problem(
                path,
                2,
                f"the front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB",
            )
        ]
    closing_line = text.count("\n", 0, closing.start()) + 1
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    built = _EventBuilder(path, line_offset=1).build(yaml_text)
    if isinstance(built, list):
        return built
    return FrontMatter(
        meta=built.value,
        body=text[body_start:],
        body_line=closing_line + 1,
        lines=built.lines,
        raw=built.raw,
    )


def _decode(data: bytes, path: str) -> str | Problem:
    """UTF-8 text with one leading BOM dropped, newlines as `\\n`, controls stripped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Problem(
            path,
            line,
            "the file is not UTF-8 text (save it as UTF-8 in your editor); "
            f"the first bad byte is on line {line}",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return sanitize_text(text)


@dataclass
class _Built:
    value: dict[str, object]
    lines: dict[KeyPath, int]
    raw: dict[KeyPath, str]


class _Reject(Exception):
    """Stops the event walk at the first structural problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# libyaml's wording for the mistakes people actually make, said plainly.
_YAML_HINTS = (
    (
        "mapping values are not allowed",
        "a value contains ': ' — put the whole value in quotes",
    ),
    ("found character '\\t'", "a tab is used for indenting — use spaces"),
    ("could not find expected ':'", "a line is missing the ':' after its key"),
    (
        "did not find expected key",
        "the indenting is uneven, or a value needs quotes",
    ),
    (
        "found undefined alias",
        "aliases (*name) are not allowed",
    ),
)


class _EventBuilder:
    """Builds the front-matter value from libyaml events, refusing unsafe constructs."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.lines: dict[KeyPath, int] = {}
        self.raw: dict[KeyPath, str] = {}
        self.problems: list[Problem] = []

    def build(self, yaml_text: str) -> _Built | list[Problem]:
        loader = _Loader(yaml_text)
        try:
            value = self._document(loader)
        except _Reject as reject:
            return [Problem(self.path, reject.line, reject.message)]
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = 1 if mark is None else self.offset + mark.line + 1
            return [Problem(self.path, line, _plain_yaml_message(error))]
        except yaml.YAMLError as error:
            return [Problem(self.path, 1, f"the front matter is not valid YAML: {error}")]
        finally:
            loader.dispose()
        if self.problems:
            return self.problems
        return _Built(value, self.lines, self.raw)

    def _line(self, event: yaml.Event) -> int:
        mark = event.start_mark
        return 1 if mark is None else self.offset + mark.line + 1

    def _document(self, loader: yaml.SafeLoader | yaml.CSafeLoader) -> dict[str, object]:
        # Every call before StreamEndEvent returns an event; the stubs allow None.
        get = cast(_GetEvent, loader.get_event)
        get()  # StreamStartEvent
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return {}  # empty front matter, or comments only
        first = get()
        if isinstance(first, yaml.MappingStartEvent):
            self._check(first, depth=1)
            value = self._mapping(get, (), depth=1)
        elif isinstance(first, yaml.SequenceStartEvent):
            raise _Reject(
                self._line(first),
                "the front matter must be settings written as key: value lines, not a list",
            )
        else:
            raise _Reject(
                self._line(first),
                "the front matter must be settings written as key: value lines, not a single value",
            )
        get()  # DocumentEndEvent
        if not isinstance(get(), yaml.StreamEndEvent):
            raise _Reject(self.offset + 1, "the front matter must be a single YAML document")
        return value

    def _check(self, event: yaml.Event, depth: int) -> None:
        """Refuse anchors, tags and deep nesting before anything is built from `event`."""
        if isinstance(event, yaml.AliasEvent):
            raise _Reject(self._line(event), "aliases (*name) are not allowed in front matter")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Reject(self._line(event), "anchors (&name) are not allowed in front matter")
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Reject(self._line(event), f"YAML tags ({shown}) are not allowed in front matter")
        opens = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        if opens and depth > MAX_DEPTH:
            raise _Reject(
                self._line(event),
                f"the front matter is nested more than {MAX_DEPTH} levels deep",
            )

    def _node(self, get: _GetEvent, key_path: KeyPath, depth: int) -> object:
        event = get()
        self._check(event, depth)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, key_path)
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(get, key_path, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            return self._sequence(get, key_path, depth)
        raise _Reject(self._line(event), "the front matter has an unexpected structure")

    def _mapping(self, get: _GetEvent, key_path: KeyPath, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        while True:
            key_event = get()
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            self._check(key_event, depth + 1)
            line = self._line(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                raise _Reject(line, "a key must be a plain name, not a list or a mapping")
            # Keys are names from a fixed list: keep the text as written, so `no:` or `1:`
            # is reported as an unknown key rather than turned into False or 1.
            key = sanitize_text(key_event.value)
            if key_event.implicit[0] and _resolve(key_event.value) not in _SCALAR_TAGS:
                raise _Reject(line, f'"{key}" is not allowed as a key (YAML merge keys)')
            child: KeyPath = (*key_path, key)
            if key in result:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        f'"{key}" is set twice (first on line {self.lines[child]}); keep only one',
                    )
                )
                self._node(get, child, depth + 1)  # consume the duplicate value
                continue
            self.lines[child] = line
            result[key] = self._node(get, child, depth + 1)

    def _sequence(self, get: _GetEvent, key_path: KeyPath, depth: int) -> list[object]:
        result: list[object] = []
        while True:
            event = get()
            if isinstance(event, yaml.SequenceEndEvent):
                return result
            child: KeyPath = (*key_path, len(result))
            self.lines[child] = self._line(event)
            self._check(event, depth + 1)
            if isinstance(event, yaml.ScalarEvent):
                result.append(self._scalar(event, child))
            elif isinstance(event, yaml.MappingStartEvent):
                result.append(self._mapping(get, child, depth + 1))
            elif isinstance(event, yaml.SequenceStartEvent):
                result.append(self._sequence(get, child, depth + 1))
            else:
                raise _Reject(self._line(event), "the front matter has an unexpected structure")

    def _scalar(self, event: yaml.ScalarEvent, key_path: KeyPath) -> object:
        text = event.value
        if not event.implicit[0]:  # quoted or block scalar: always text
            return sanitize_text(text)
        tag = _resolve(text)
        if tag == _STR:
            return sanitize_text(text)
        if tag not in _SCALAR_TAGS:
            raise _Reject(self._line(event), f'"{text}" is not allowed as a value')
        self.raw[key_path] = text
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
        except (ConstructorError, ValueError, OverflowError):
            # e.g. `2024-13-45` looks like a date but is not one: keep the text, and let
            # the loader's type check say what it expected.
            return sanitize_text(text)


def _resolve(text: str) -> str:
    """The tag YAML 1.1 gives an unquoted scalar (str, int, bool, null, ...)."""
    return str(_RESOLVER.resolve(ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


def _plain_yaml_message(error: yaml.MarkedYAMLError) -> str:
    detail = str(error.problem or error.context or "").strip()
    for needle, hint in _YAML_HINTS:
        if needle in detail:
            return f"the front matter is not valid YAML: {hint}"
    return f"the front matter is not valid YAML: {detail}"
