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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from tui.core.model import Problem

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
# C0 and C1 controls (not tab, not newline), and the two noncharacters libyaml refuses.
_CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xFFFE, 0xFFFF))
# Characters that change the order text is shown in, or are invisible and can hide,
# split or disguise text ("Trojan Source": a title shown as one thing, stored as another).
# They are removed without a problem being reported: see content/README.md.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen (shown or not depending on the terminal)
    (0x180E, 0x180E),  # Mongolian vowel separator (invisible since Unicode 6.3)
    (0x200B, 0x200B),  # zero-width space
    (0x202A, 0x202E),  # bidi embeddings and overrides: LRE RLE PDF LRO RLO
    (0x2060, 0x2064),  # word joiner, invisible math operators
    (0x2066, 0x206F),  # bidi isolates LRI RLI FSI PDI; deprecated format characters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (a byte-order mark inside the text)
    (0xFFF9, 0xFFFB),  # interlinear annotation (hides or reveals a stretch of text)
    (0x1D173, 0x1D17A),  # musical format characters
    (0xE0001, 0xE0001),  # language tag
    # Tag characters can spell whole hidden sentences. Their one legitimate use, a
    # subdivision flag (U+1F3F4, tags, U+E007F: England's flag), is kept by _INVISIBLE.
    (0xE0020, 0xE007F),
)
# Kept, on purpose, though invisible: U+200D ZERO WIDTH JOINER builds emoji sequences
# (family, woman technologist) and Indic conjuncts; U+200C ZERO WIDTH NON-JOINER is part
# of correct spelling in Persian, Urdu, Hindi and others; U+200E/U+200F/U+061C (LRM, RLM,
# ALM) are how right-to-left text is written correctly and act as one letter of their
# direction (they cannot reverse a stretch of text as an override or an isolate does);
# variation selectors (U+FE0E/U+FE0F: text or emoji style) pick a glyph. None of them
# makes text read as something other than it is, and ids (the only text used as a key)
# are plain ASCII anyway.


def _class_body(ranges: Iterable[tuple[int, int]]) -> str:
    """The inside of a regex character class holding `ranges` of code points."""
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)


def _complement(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every code point outside `ranges` (sorted, not overlapping), as ranges."""
    rest: list[tuple[int, int]] = []
    start = 0
    for low, high in ranges:
        if low > start:
            rest.append((start, low - 1))
        start = high + 1
    rest.append((start, 0x10FFFF))
    return rest


#: Any character sanitize_text removes, written as "none of the safe characters": a clean
#: character leaves the class at its first test, so a scan of clean text (nearly every
#: file) costs what it did before the invisible characters joined the list (listing the
#: unsafe ranges instead made it 3x slower).
_UNSAFE = re.compile(f"[^{_class_body(_complement(sorted(_CONTROL_RANGES + _INVISIBLE_RANGES)))}]")
_CONTROLS = re.compile(f"[{_class_body(_CONTROL_RANGES)}]")
# A subdivision flag (kept whole: group 1), else any invisible character (removed).
_INVISIBLE = re.compile(
    f"(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)|[{_class_body(_INVISIBLE_RANGES)}]"
)
_FENCE = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSING_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

KeyPath = tuple[str | int, ...]
_GetEvent = Callable[[], yaml.Event]


def sanitize_text(text: str) -> str:
    """`text` without control characters (tab and newline kept), terminal escapes, or
    invisible and direction-changing characters (`_INVISIBLE_RANGES`).

    Nothing read from a content file may reach the terminal as an escape sequence, and
    what is shown reads in the order it is stored.
    """
    if not _UNSAFE.search(text):  # the common case costs one scan and no copy
        return text
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return _INVISIBLE.sub(_keep_flag, text)


def _keep_flag(match: re.Match[str]) -> str:
    return match.group(1) or ""


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
    built: _Built | list[Problem] | None = _fast_build(yaml_text, line_offset=1)
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
        if _resolve(text) not in _SCALAR_TAGS:
            raise _Reject(line, f'"{text}" is not allowed as a value')
        # e.g. `2024-13-45` looks like a date but is not one: _plain_value keeps the text,
        # and the loader's type check says what it expected.
        return _plain_value(text, key_path, self.raw)


_SCALAR = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_START = yaml.SequenceStartEvent
_SEQ_END = yaml.SequenceEndEvent
_ALIAS = yaml.AliasEvent
# PyYAML's implicit resolvers, by first character (Resolver.resolve without the overhead).
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers


# --- the fast path --------------------------------------------------------------------
#
# Almost every front matter is flat `key: value` lines, `[a, b]` lists and `- item` lists.
# For exactly that subset, parsing line by line gives the same result as libyaml at a
# fraction of the cost (libyaml's event stream alone is ~100 µs a file, most of a first
# load). Anything outside the subset -- quotes, comments after values, nesting, multi-line
# values, duplicate keys -- returns None and goes through libyaml. tests/test_frontmatter
# checks the two paths agree on generated input.

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*?))? *")
_ITEM_LINE = re.compile(r"( *)- +(.*?) *")
# A plain scalar that means the same in YAML as it reads: starts with a letter or digit,
# no tab, no `#` (comments), no `: ` and no trailing `:` (mapping indicators).
_PLAIN = re.compile(r"[^\W_][^\t#]*")
# Inside `[...]`, also none of the flow indicators and no colon at all.
_FLOW_ITEM = re.compile(r"[^\W_][^\t#:,\[\]{}]*")
# Line breaks to YAML besides \n (NEL is stripped as a C1 control) and the byte-order
# mark, which libyaml refuses inside a document: leave such text to libyaml.
_NOT_FAST = re.compile("[\u2028\u2029\ufeff]")


def _plain_ok(text: str) -> bool:
    return _PLAIN.fullmatch(text) is not None and ": " not in text and text[-1] != ":"


def _fast_build(yaml_text: str, line_offset: int) -> _Built | None:
    """The front matter read line by line, or None when it is not in the plain subset."""
    if _NOT_FAST.search(yaml_text):
        return None
    meta: dict[str, object] = {}
    lines: dict[KeyPath, int] = {}
    raw: dict[KeyPath, str] = {}
    open_list: list[object] | None = None  # the `- item` list being filled
    open_key = ""
    item_indent = -1
    for number, line in enumerate(yaml_text.split("\n"), start=line_offset + 1):
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue
        if open_list is not None:
            item = _ITEM_LINE.fullmatch(line)
            if item is not None:
                indent = len(item.group(1))
                if item_indent not in (-1, indent) or not _plain_ok(item.group(2)):
                    return None
                item_indent = indent
                path: KeyPath = (open_key, len(open_list))
                lines[path] = number
                open_list.append(_plain_value(item.group(2), path, raw))
                continue
            if not open_list:
                meta[open_key] = None  # `key:` with nothing under it
                raw[(open_key,)] = ""
            open_list = None
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2)
        if key in meta:
            return None  # libyaml's path reports the duplicate with both lines
        lines[(key,)] = number
        if not value:
            open_list, open_key, item_indent = [], key, -1
            meta[key] = open_list
        elif value[0] == "[":
            flow = _flow_list(value, key, number, lines, raw)
            if flow is None:
                return None
            meta[key] = flow
        elif _plain_ok(value):
            meta[key] = _plain_value(value, (key,), raw)
        else:
            return None
    if open_list is not None and not open_list:
        meta[open_key] = None
        raw[(open_key,)] = ""
    return _Built(meta, lines, raw)


def _flow_list(
    value: str, key: str, number: int, lines: dict[KeyPath, int], raw: dict[KeyPath, str]
) -> list[object] | None:
    if value[-1] != "]":
        return None
    inner = value[1:-1].strip()
    if not inner:
        return []
    result: list[object] = []
    for index, part in enumerate(inner.split(",")):
        text = part.strip()
        if _FLOW_ITEM.fullmatch(text) is None:
            return None
        path: KeyPath = (key, index)
        lines[path] = number
        result.append(_plain_value(text, path, raw))
    return result


def _plain_value(text: str, path: KeyPath, raw: dict[KeyPath, str]) -> object:
    """An unquoted scalar typed the YAML 1.1 way (as SafeLoader would), noting `raw`."""
    if text and text[0] not in _IMPLICIT:  # most words: no implicit type starts this way
        return text
    if text.isdigit() and text.isascii() and (text[0] != "0" or text == "0"):
        raw[path] = text  # a plain decimal int, the commonest non-text value
        return int(text)
    tag = _resolve(text)
    if tag == _STR:
        return text
    raw[path] = text
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
    except (ConstructorError, ValueError, OverflowError, KeyError):
        return text


def _resolve(text: str) -> str:
    """The tag YAML 1.1 gives an unquoted scalar (str, int, bool, null, ...)."""
    for tag, pattern in _IMPLICIT.get(text[0] if text else "", ()):
        if pattern.match(text):
            return tag
    for tag, pattern in _IMPLICIT.get(None, ()):
        if pattern.match(text):
            return tag
    return _STR


def _plain_yaml_message(error: yaml.MarkedYAMLError) -> str:
    detail = str(error.problem or error.context or "").strip()
    for needle, hint in _YAML_HINTS:
        if needle in detail:
            return f"the front matter is not valid YAML: {hint}"
    return f"the front matter is not valid YAML: {detail}"
