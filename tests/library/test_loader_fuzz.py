"""Property tests: whatever bytes a content file holds, loading ends in a Library."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.model import Library
from tui.library.loader import ContentIndex, load_library

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "content_basic"


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    # One library for all examples (hypothesis and function-scoped tmp_path do not mix).
    folder = Path(tempfile.mkdtemp(prefix="caseroom-fuzz-"))
    shutil.copytree(FIXTURE, folder / "content")
    yield folder / "content"
    shutil.rmtree(folder, ignore_errors=True)


def check_invariants(library: Library, path: Path) -> None:
    """A fuzzed prompt either loaded with well-typed fields or is reported as a problem."""
    loaded = [p for p in library.prompts.values() if p.path == str(path)]
    reported = [p for p in library.problems if p.path == str(path)]
    assert bool(loaded) != bool(reported), (loaded, reported)
    for problem in reported:
        assert problem.line >= 1
        assert problem.message
    for prompt in loaded:
        assert isinstance(prompt.title, str) and prompt.title
        assert type(prompt.minutes) in (int, float) and 0 < prompt.minutes <= 240
        assert prompt.kind in ("case", "behavioral", "design")
        assert prompt.question
        for text in (prompt.title, prompt.question, *prompt.tags, *prompt.followups):
            assert "\x1b" not in text
            assert not set(text) & _INVISIBLE, text  # nothing can reorder or hide text
    # The fixture's own files are untouched by one bad neighbour.
    assert {"demo-case", "demo-story"} <= set(library.prompts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_prompt_file(root: Path, data: bytes) -> None:
    path = root / "tracks" / "demo" / "fuzz.md"
    path.write_bytes(data)
    check_invariants(load_library([root]), path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_after_a_fence(root: Path, data: bytes) -> None:
    path = root / "tracks" / "demo" / "fuzz.md"
    path.write_bytes(b"---\n" + data + b"\n---\nQuestion?\n")
    check_invariants(load_library([root]), path)


#: Direction overrides, isolates and zero-width characters: a loaded prompt holds none.
_INVISIBLE = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
_INVISIBLE |= {"\u200b", "\u2060", "\ufeff", "\u00ad", "\U000e0041"}
# Text as people write it, with those characters and the ones that must survive mixed in.
_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=6),
        st.sampled_from(sorted(_INVISIBLE | {"\u200c", "\u200d"})),
    ),
    max_size=8,
).map("".join)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXT,
    st.sampled_from(["case", "steps", "15", "no", "25:00", "0123", "2024-01-01", "~", ""]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(
    ["id", "title", "kind", "scaffold", "minutes", "category", "level", "tags", "minuts", "x"]
)
_BASE: dict[str, object] = {"title": "T", "kind": "case", "scaffold": "steps", "minutes": 5}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _VALUES, max_size=6), _TEXT | st.text(max_size=200))
def test_structured_front_matter(root: Path, changes: dict[str, object], body: str) -> None:
    meta = {**_BASE, **changes}
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    path = root / "tracks" / "demo" / "fuzz.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check_invariants(load_library([root]), path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(["write", "break", "delete"]), st.integers(0, 2)), max_size=8
    )
)
def test_any_edit_sequence_matches_a_fresh_load(root: Path, edits: list[tuple[str, int]]) -> None:
    """After any series of edits and reloads, the live index shows what a fresh load shows,
    except that broken files keep a last good version."""
    folder = root / "tracks" / "demo" / "seq"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    index = ContentIndex([root])
    index.load()
    for action, n in edits:
        path = folder / f"s{n}.md"
        if action == "write":
            path.write_text(f"---\ntitle: S{n}\nkind: case\nscaffold: steps\nminutes: 5\n---\nQ\n")
        elif action == "break":
            path.write_text("---\ntitle: [\n")
        else:
            path.unlink(missing_ok=True)
        live = index.apply_changes([path])
    fresh = load_library([root])
    if edits:
        assert {p.path for p in live.problems} == {p.path for p in fresh.problems}
        assert set(fresh.prompts) <= set(live.prompts)
        for extra in set(live.prompts) - set(fresh.prompts):  # only last good versions
            assert any(p.path == live.prompts[extra].path for p in live.problems)
    shutil.rmtree(folder)
