"""tui.library.frontmatter: the safe parser, one requirement per test, plus the fast path's twin."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.model import Problem
from tui.library import frontmatter
from tui.library.frontmatter import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_FRONT_MATTER_BYTES,
    FrontMatter,
    parse_front_matter,
)
from tui.library.sanitize import sanitize_text
from tui.library.yaml_fast import fast_build


def parse(text: str | bytes) -> FrontMatter:
    data = text.encode() if isinstance(text, str) else text
    result = parse_front_matter(data, "x.md")
    assert isinstance(result, FrontMatter), result
    return result


def problems(text: str | bytes) -> list[Problem]:
    data = text.encode() if isinstance(text, str) else text
    result = parse_front_matter(data, "x.md")
    assert isinstance(result, list), result
    assert result and all(p.path == "x.md" for p in result)
    return result


def only(text: str | bytes) -> Problem:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_splits_metadata_body_and_body_line() -> None:
    parsed = parse("---\ntitle: Hello\nminutes: 15\n---\nThe question.\n")
    assert parsed.meta == {"title": "Hello", "minutes": 15}
    assert parsed.body == "The question.\n"
    assert parsed.body_line == 5
    assert parsed.lines[("title",)] == 2
    assert parsed.lines[("minutes",)] == 3


def test_file_over_the_size_cap_is_refused_before_parsing() -> None:
    data = b"---\ntitle: x\n---\n" + b"a" * MAX_FILE_BYTES
    assert "larger than" in only(data).message


def test_front_matter_over_its_cap_is_refused() -> None:
    big = (
        "---\n"
        + "".join(f"k{i}: {'v' * 60}\n" for i in range(MAX_FRONT_MATTER_BYTES // 60))
        + "---\n"
    )
    problem = only(big)
    assert "front matter is larger than" in problem.message


def test_invalid_utf8_names_the_line() -> None:
    problem = only(b"---\ntitle: ok\n---\nfine\nbad \xff byte\n")
    assert problem.line == 5
    assert "UTF-8" in problem.message


def test_byte_order_mark_is_stripped_and_the_file_loads() -> None:
    parsed = parse(b"\xef\xbb\xbf---\ntitle: Hello\n---\nBody\n")
    assert parsed.meta == {"title": "Hello"}


def test_crlf_line_endings_load() -> None:
    parsed = parse(b"---\r\ntitle: Hello\r\n---\r\nBody\r\n")
    assert parsed.meta == {"title": "Hello"}
    assert parsed.body == "Body\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("---\n- a\n- b\n---\nbody\n", "not a list"),
        ("---\njust a value\n---\nbody\n", "not a single value"),
        ("---\n42\n---\nbody\n", "not a single value"),
    ],
)
def test_front_matter_must_be_a_mapping(text: str, words: str) -> None:
    assert words in only(text).message


def test_unclosed_fence_is_a_problem() -> None:
    assert "never closed" in only("---\ntitle: x\nbody without a fence\n").message


def test_missing_front_matter_is_a_problem() -> None:
    assert "must start with front matter" in only("Just a body.\n").message


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert parse("---\n---\nbody\n").meta == {}


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/object:collections.OrderedDict {}",
        "!!str tagged",
        "!custom thing",
        "!!binary aGVsbG8=",
    ],
)
def test_every_tag_is_refused(value: str) -> None:
    problem = only(f"---\ntitle: {value}\n---\nbody\n")
    assert "tags" in problem.message
    assert problem.line == 2


def test_anchors_and_aliases_are_refused() -> None:
    assert "anchors" in only("---\na: &x [1, 2]\nb: *x\n---\n").message
    # An alias with no anchor is still refused (libyaml reports it first).
    assert "alias" in only("---\nb: *x\n---\n").message


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    problem = only("---\n" + "\n".join(lines) + "\n---\n")
    assert problem.line == 2


def test_nesting_at_the_bound_loads_and_beyond_it_is_refused() -> None:
    # The top-level mapping is level 1, so MAX_DEPTH - 1 brackets reach the bound.
    ok = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert parse(f"---\na: {ok}\n---\n").meta["a"] is not None
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert "nested more than" in only(f"---\na: {deep}\n---\n").message


def test_libyaml_crashing_depth_is_refused_in_a_subprocess() -> None:
    # libyaml's composer segfaults around 25,000 levels; run in a child so a crash shows
    # as a failed test rather than killing the test run.
    code = textwrap.dedent(
        """
        from tui.library.frontmatter import parse_front_matter
        for opener in (b"[", b"{a: ", b"- "):
            closer = {b"[": b"]", b"{a: ": b"}", b"- ": b""}[opener]
            data = b"---\\nk: " + opener * 30000 + b"x" + closer * 30000 + b"\\n---\\n"
            result = parse_front_matter(data, "deep.md")
            assert isinstance(result, list), result
        print("refused")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "refused" in run.stdout


def test_duplicate_keys_name_both_lines() -> None:
    problem = only("---\ntitle: a\nminutes: 3\ntitle: b\n---\n")
    assert problem.line == 4
    assert '"title" is set twice (first on line 2)' in problem.message


def test_duplicate_nested_keys_are_found() -> None:
    problem = only("---\nsteps:\n  - title: a\n    title: b\n---\n")
    assert problem.line == 4


@pytest.mark.parametrize(
    ("written", "value"),
    [("25:00", 1500), ("no", False), ("0123", 83), ("1.10", 1.1), ("2024-01-01", None)],
)
def test_yaml_11_typing_is_kept_with_the_raw_text(written: str, value: object) -> None:
    # The parser does what YAML does; `raw` lets the loader quote what was written.
    parsed = parse(f"---\nvalue: {written}\n---\n")
    if value is not None:
        assert parsed.meta["value"] == value
    assert parsed.raw[("value",)] == written


def test_keys_stay_text_as_written() -> None:
    parsed = parse("---\nno: 1\n1: 2\n---\n")
    assert set(parsed.meta) == {"no", "1"}


def test_merge_keys_are_refused() -> None:
    assert "not allowed as a key" in only("---\n<<: {a: 1}\n---\n").message


def test_line_of_a_yaml_syntax_error() -> None:
    problem = only("---\ntitle: fine\nsummary: Why: this\n---\n")
    assert problem.line == 3
    assert "quotes" in problem.message


def test_lines_of_nested_items() -> None:
    parsed = parse("---\nsteps:\n  - title: a\n    seconds: 3\n  - title: b\n---\n")
    assert parsed.lines[("steps", 0, "seconds")] == 4
    assert parsed.lines[("steps", 1, "title")] == 5


def test_control_characters_and_escapes_are_stripped_everywhere() -> None:
    data = b'---\ntitle: "red \\e[31mtext\\x07"\nplain: a\x1b]0;evil\x07b\n---\nbo\x1b[2Jdy\x00\n'
    parsed = parse(data)
    assert parsed.meta == {"title": "red text", "plain": "ab"}
    assert parsed.body == "body\n"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a\x1b[1;31mb", "ab"),
        ("a\x9b2Jb", "ab"),
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("a\x1bPqpayload\x1b\\b", "ab"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("a\x00\x7f\x85b", "ab"),
        ("lone escape at end\x1b", "lone escape at end"),
    ],
)
def test_sanitize_text(dirty: str, clean: str) -> None:
    assert sanitize_text(dirty) == clean


@given(st.text())
def test_sanitize_leaves_no_control_characters(text: str) -> None:
    cleaned = sanitize_text(text)
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in cleaned)


# --- invisible and direction-changing characters ("Trojan Source") ------------------------

#: Every character sanitize_text must remove wherever it appears.
REMOVED = [
    *map(chr, range(0x202A, 0x202F)),  # LRE RLE PDF LRO RLO: embeddings and overrides
    *map(chr, range(0x2066, 0x206A)),  # LRI RLI FSI PDI: isolates
    *map(chr, range(0x206A, 0x2070)),  # deprecated format characters
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    *map(chr, range(0x2061, 0x2065)),  # invisible math operators
    "\ufeff",  # zero-width no-break space (a BOM inside the text)
    "\u00ad",  # soft hyphen
    "\u180e",  # Mongolian vowel separator
    "\ufff9",
    "\ufffa",
    "\ufffb",  # interlinear annotation
    *map(chr, range(0x1D173, 0x1D17B)),  # musical format characters
    "\U000e0001",  # language tag
    *map(chr, range(0xE0020, 0xE0080)),  # tag characters outside a flag
]
#: Invisible characters that stay: they join or separate letters and emoji, or mark
#: direction in right-to-left text, and cannot reorder or hide text.
KEPT = ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufe0f", "\ufe0e"]


def test_exactly_the_listed_characters_are_removed() -> None:
    controls = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\ufffe", "\uffff"}
    unsafe = (controls - {"\t", "\n"}) | set(REMOVED)
    for code in [*range(0x30000), *range(0xE0000, 0xE0200)]:
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert sanitize_text(char) == ("" if char in unsafe else char), f"U+{code:04X}"


def test_trojan_source_title_reads_as_it_is_stored() -> None:
    # Shown as "admin user" in a bidi-aware terminal; stored as "resu nimda".
    hostile = "\u202eresu nimda\u202c"
    assert sanitize_text(hostile) == "resu nimda"
    isolate = "access \u2067level\u2069 \u2066granted\u2069"
    assert sanitize_text(isolate) == "access level granted"


@pytest.mark.parametrize("char", REMOVED, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_and_direction_changing_characters_are_removed(char: str) -> None:
    assert sanitize_text(f"pay{char}pal") == "paypal"
    assert sanitize_text(f"{char}start and end{char}") == "start and end"


@pytest.mark.parametrize("char", KEPT, ids=lambda c: f"U+{ord(c):04X}")
def test_joiners_marks_and_variation_selectors_are_kept(char: str) -> None:
    assert sanitize_text(f"a{char}b") == f"a{char}b"


def test_emoji_sequences_survive() -> None:
    for emoji in (
        "\U0001f469\u200d\U0001f4bb",  # woman technologist: ZWJ sequence
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family
        "\u2764\ufe0f",  # red heart with emoji presentation
        "\U0001f44d\U0001f3fd",  # skin tone modifier
        "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # England
    ):
        assert sanitize_text(f"Great work {emoji}!") == f"Great work {emoji}!"


def test_scripts_that_need_joiners_survive() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a word
    malayalam = "\u0d28\u0d4d\u200d"  # chillu written with ZWJ
    hebrew = "\u05e9\u05dc\u05d5\u05dd, world\u200e!"
    for text in (persian, malayalam, hebrew):
        assert sanitize_text(text) == text


def test_tag_characters_cannot_smuggle_hidden_text() -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore all previous")
    assert sanitize_text(f"Nice title{hidden}") == "Nice title"
    # A flag's tag sequence stays; tags after anything else do not.
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert sanitize_text(f"{flag}{hidden}") == flag


def test_invisible_characters_are_removed_from_quoted_yaml_too() -> None:
    data = '---\ntitle: "a\\u202eb\\u200bc"\nplain: d\u2066e\n---\nbo\u202edy\n'
    parsed = parse(data)
    assert parsed.meta == {"title": "abc", "plain": "de"}
    assert parsed.body == "body\n"


_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


def _unsafe_left(cleaned: str) -> list[str]:
    """The characters of `cleaned` that sanitize_text should have removed."""
    outside_flags = _FLAG.sub("", cleaned)
    return [
        c
        for c in outside_flags
        if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F or c in REMOVED
    ]


@given(st.text())
def test_sanitize_leaves_nothing_invisible_or_direction_changing(text: str) -> None:
    cleaned = sanitize_text(text)
    assert _unsafe_left(cleaned) == []
    assert sanitize_text(cleaned) == cleaned  # cleaning twice changes nothing


@given(
    st.lists(
        st.one_of(
            st.text(max_size=4),
            st.sampled_from([*REMOVED, *KEPT, "\U0001f3f4", "\U000e0067", "\U000e007f", "\x1b"]),
        ),
        max_size=12,
    ).map("".join)
)
def test_sanitize_on_mixes_of_hostile_characters(text: str) -> None:
    cleaned = sanitize_text(text)
    assert _unsafe_left(cleaned) == []
    assert sanitize_text(cleaned) == cleaned
    # Joiners, marks and variation selectors are never what gets removed.
    if "\x1b" not in text:
        assert [c for c in cleaned if c in KEPT] == [c for c in text if c in KEPT]


# --- the fast path and libyaml agree ---------------------------------------------------

_ALPHABET = st.sampled_from(
    [*"abcXYZ019 -:#,'\"[]{}&*!|>%@`?.~+_/\t()", "é", "—", "\u2028", "\ufeff"]
)
_VALUES = st.one_of(
    st.text(_ALPHABET, min_size=0, max_size=12),
    st.sampled_from(["no", "yes", "25:00", "0123", "1.10", "2024-01-01", "null", "~", "0x1f"]),
)


def _list_lines(items: list[str], flow: bool, indent: int) -> str:
    if flow:
        return "[" + ", ".join(items) + "]"
    return "\n" + "\n".join(" " * indent + "- " + item for item in items)


_LINES = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["title", "kind", "minutes", "tags", "no", "a-b"]), _VALUES).map(
            lambda kv: f"{kv[0]}: {kv[1]}"
        ),
        st.tuples(
            st.sampled_from(["tags", "level"]),
            st.lists(_VALUES, max_size=3),
            st.booleans(),
            st.integers(0, 2),
        ).map(lambda t: f"{t[0]}:" + (" " if t[2] else "") + _list_lines(t[1], t[2], t[3])),
        st.sampled_from(["# a comment", "", "  ", "key:", "nested:\n  a: 1"]),
    ),
    max_size=6,
)


@settings(max_examples=400)
@given(_LINES)
def test_fast_path_matches_libyaml(lines: list[str]) -> None:
    """Whatever the fast path accepts, libyaml must read the same way (or the fast path
    must decline). This is the guarantee that makes the fast path safe to use."""
    text = sanitize_text("\n".join(lines))
    fast = fast_build(text, line_offset=1)
    if fast is None:
        return
    slow = frontmatter._EventBuilder("x.md", line_offset=1).build(text)
    assert not isinstance(slow, list), (text, slow)
    assert fast.value == slow.value
    assert fast.lines == slow.lines
    assert fast.raw == slow.raw


def test_fast_path_is_taken_for_plain_front_matter() -> None:
    text = "title: A plain title, with commas\nminutes: 15\ntags: [a, b]\nlevel:\n  - mid\n"
    assert fast_build(text, 1) is not None


@pytest.mark.parametrize(
    "text",
    [
        'title: "quoted"',
        "title: a # comment",
        "steps:\n  - title: a",
        "title: multi\n  line",
        "title: a\ntitle: b",
        "title: -5",
    ],
)
def test_fast_path_declines_what_it_does_not_know(text: str) -> None:
    assert fast_build(text, 1) is None
