"""Safe front-matter parsing: the bytes of one markdown file in, metadata and body out.

Content files are written by people (and sometimes by people who mean harm), and the app
reads them while it runs, so this parser never trusts its input:

- the file (1 MiB) and the front matter (64 KiB) are size-capped before anything is parsed;
- the text must be UTF-8 (a byte-order mark is dropped); C0/C1 control characters,
  terminal escape sequences and invisible or direction-changing characters (bidi
  overrides and isolates, zero-width spaces: `sanitize_text`) are stripped from the whole
  text and from every YAML string;
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
from typing import Any, cast

import yaml

from tui.core.model import Problem
from tui.library.parsed import MAX_FILE_BYTES
from tui.library.sanitize import sanitize_text
from tui.library.yaml_fast import fast_build
from tui.library.yaml_values import SCALAR_TAGS, Built, KeyPath, plain_value, resolve

MAX_FRONT_MATTER_BYTES = 64 << 10
MAX_DEPTH = 20

#: libyaml's parser when PyYAML was built with it (about 3x faster), else the pure one.
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_FENCE = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSING_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

_GetEvent = Callable[[], yaml.Event]


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
    built: Built | list[Problem] | None = fast_build(yaml_text, line_offset=1)
    if built is None:  # not in the plain subset: let libyaml read it, refusing what is unsafe
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

    def build(self, yaml_text: str) -> Built | list[Problem]:
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
        return Built(value, self.lines, self.raw)

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
        self._check(first)
        if isinstance(first, yaml.SequenceStartEvent):
            raise _Reject(
                self._line(first),
                "the front matter must be settings written as key: value lines, not a list",
            )
        if not isinstance(first, yaml.MappingStartEvent):
            raise _Reject(
                self._line(first),
                "the front matter must be settings written as key: value lines, not a single value",
            )
        value = self._walk(get)
        get()  # DocumentEndEvent
        if not isinstance(get(), yaml.StreamEndEvent):
            raise _Reject(self.offset + 1, "the front matter must be a single YAML document")
        return value

    def _check(self, event: yaml.Event) -> None:
        """Refuse aliases, anchors and tags before anything is built from `event`."""
        if isinstance(event, yaml.AliasEvent):
            raise _Reject(self._line(event), "aliases (*name) are not allowed in front matter")
        if getattr(event, "anchor", None) is not None:
            raise _Reject(self._line(event), "anchors (&name) are not allowed in front matter")
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Reject(self._line(event), f"YAML tags ({shown}) are not allowed in front matter")

    def _walk(self, get: _GetEvent) -> dict[str, object]:
        """Build the top-level mapping from the events after its MappingStartEvent.

        One flat loop with an explicit stack (no recursion): it is the hot path of a
        first load, and depth is checked as each collection opens.
        """
        lines = self.lines
        offset = self.offset + 1
        root: dict[str, object] = {}
        # A frame: [container, its key path, pending mapping key or None, skip duplicate]
        stack: list[list[Any]] = [[root, (), None, False]]
        while stack:
            event = get()
            cls = type(event)
            if cls is _MAP_END or cls is _SEQ_END:
                stack.pop()
                continue
            if cls is _ALIAS or event.anchor is not None or event.tag is not None:  # type: ignore[attr-defined]
                self._check(event)
            frame = stack[-1]
            container = frame[0]
            line = offset + event.start_mark.line  # type: ignore[union-attr]
            if type(container) is dict and frame[2] is None:  # a mapping key
                if cls is not _SCALAR:
                    raise _Reject(line, "a key must be a plain name, not a list or a mapping")
                # Keys are names from a fixed list: keep the text as written, so `no:` or
                # `1:` is reported as an unknown key rather than turned into False or 1.
                key = event.value  # type: ignore[attr-defined]
                if event.style == '"':  # type: ignore[attr-defined]
                    key = sanitize_text(key)
                elif event.implicit[0] and key in ("<<", "="):  # type: ignore[attr-defined]
                    raise _Reject(line, f'"{key}" is not allowed as a key')
                child: KeyPath = (*frame[1], key)
                if key in container:
                    self.problems.append(
                        Problem(
                            self.path,
                            line,
                            f'"{key}" is set twice (first on line {lines[child]}); keep only one',
                        )
                    )
                    frame[3] = True
                else:
                    lines[child] = line
                frame[2] = key
                continue
            if type(container) is dict:
                path: KeyPath = (*frame[1], frame[2])
            else:
                path = (*frame[1], len(container))
                lines[path] = line
            value: object
            if cls is _SCALAR:
                value = self._scalar(event, path, line)  # type: ignore[arg-type]
            elif cls is _MAP_START or cls is _SEQ_START:
                if len(stack) >= MAX_DEPTH:
                    raise _Reject(
                        line, f"the front matter is nested more than {MAX_DEPTH} levels deep"
                    )
                value = {} if cls is _MAP_START else []
            else:
                raise _Reject(line, "the front matter has an unexpected structure")
            if type(container) is dict:
                if not frame[3]:
                    container[frame[2]] = value
                frame[2], frame[3] = None, False
            else:
                container.append(value)
            if cls is not _SCALAR:
                stack.append([value, path, None, False])
        return root

    def _scalar(self, event: yaml.ScalarEvent, key_path: KeyPath, line: int) -> object:
        text = event.value
        if not event.implicit[0]:  # quoted or block scalar: always text
            # Only double quotes can spell a control character (`"\e"`); the rest of the
            # text was cleaned before parsing.
            return sanitize_text(text) if event.style == '"' else text
        if resolve(text) not in SCALAR_TAGS:
            raise _Reject(line, f'"{text}" is not allowed as a value')
        # e.g. `2024-13-45` looks like a date but is not one: plain_value keeps the text,
        # and the loader's type check says what it expected.
        return plain_value(text, key_path, self.raw)


_SCALAR = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_START = yaml.SequenceStartEvent
_SEQ_END = yaml.SequenceEndEvent
_ALIAS = yaml.AliasEvent
# PyYAML's implicit resolvers, by first character (Resolver.resolve without the overhead).


def _plain_yaml_message(error: yaml.MarkedYAMLError) -> str:
    detail = str(error.problem or error.context or "").strip()
    for needle, hint in _YAML_HINTS:
        if needle in detail:
            return f"the front matter is not valid YAML: {hint}"
    return f"the front matter is not valid YAML: {detail}"
