"""Property test: a reload that reuses and patches the last cross-file checks
(`tui.library.stages`) publishes exactly the Library a full run of the checks would.

Random edits (ids used twice, overrides from a second folder, unknown scaffolds and
competencies, broken files that fall back to their last good version, count rounds,
deleted files) go to two indexes over the same folders: one as the app runs it, one that
forgets every stage before each assemble. Their Libraries must be equal, in the same
order, problem for problem.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.library.loader
from tui.core.model import Library
from tui.library.loader import ContentIndex
from tui.library.stages import AssemblyMemo

TRACK = "---\ntitle: Track {n}\norder: {n}\n---\nAbout it.\n"
PROMPT = (
    "---\nid: {id}\ntitle: Prompt {n}\nkind: behavioral\nscaffold: {scaffold}\nminutes: 5\n"
    "category: {category}\ncompetencies: {competencies}\n---\nQuestion {n}?\n"
)
SCAFFOLD = (
    "---\ntitle: Steps {n}\nsteps:\n  - title: Frame\n    share: 0.5\n"
    "  - title: {second}\n    share: 0.5\n---\nHow.\n"
)
COUNT_ROUND = (
    "---\ntitle: Round\ntrack: t\nminutes: 45\nper_question: 10\ncount: {count}\n"
    "categories: [{category}]\n---\nA round.\n"
)
FIXED_ROUND = (
    "---\ntitle: Round\ntrack: t\nminutes: 45\nper_question: 10\nprompts: [{id}]\n---\nOne.\n"
)
COMPETENCY = "---\ntitle: Candor {n}\n---\nSaying it.\n"
STORY = (
    "---\ntitle: A story\nstructure: star\ncompetencies: [c]\n---\n"
    "## Frame\nFirst.\n## {part}\nThen.\n"
)
BROKEN = "---\ntitle: [unclosed\n"

#: Prompt files, each with the id it usually keeps (most edits change a file in place).
PROMPT_SLOTS = {
    (0, "tracks/t/p1.md"): "a",
    (0, "tracks/t/p2.md"): "b",
    (0, "tracks/t/p3.md"): "e",
    (0, "tracks/u/q1.md"): "c",
    (1, "tracks/t/p1.md"): "d",
    (1, "tracks/t/extra.md"): "f",
}


@st.composite
def prompt_edit(draw: st.DrawFn) -> tuple[tuple[int, str], str | None]:
    slot = draw(st.sampled_from(sorted(PROMPT_SLOTS)))
    if draw(st.integers(0, 9)) == 0:
        return slot, draw(st.sampled_from([BROKEN, None]))  # None: delete the file
    home = PROMPT_SLOTS[slot]
    text = PROMPT.format(
        id=draw(st.sampled_from([home, home, home, "a", "b"])),
        n=draw(st.integers(0, 3)),
        scaffold=draw(st.sampled_from(["star", "star", "star", "star", "missing"])),
        category=draw(st.sampled_from(["x", "x", "y"])),
        competencies=draw(st.sampled_from(["[]", "[]", "[c]", "[zz]"])),
    )
    return slot, text


maybe = st.sampled_from([BROKEN, None])
edit = st.one_of(
    prompt_edit(),
    prompt_edit(),
    prompt_edit(),
    prompt_edit(),
    st.tuples(
        st.sampled_from([(0, "tracks/t/track.md"), (0, "tracks/u/track.md")]),
        st.one_of(st.builds(TRACK.format, n=st.integers(0, 2)), maybe),
    ),
    st.tuples(
        st.sampled_from([(0, "scaffolds/star.md"), (1, "scaffolds/star.md")]),
        st.one_of(
            st.builds(
                SCAFFOLD.format, n=st.integers(0, 2), second=st.sampled_from(["Decide", "Act"])
            ),
            maybe,
        ),
    ),
    st.tuples(
        st.just((0, "rounds/r.md")),
        st.one_of(
            st.builds(COUNT_ROUND.format, count=st.integers(1, 3), category=st.sampled_from("xy")),
            st.builds(FIXED_ROUND.format, id=st.sampled_from(["a", "b", "zz"])),
            maybe,
        ),
    ),
    st.tuples(
        st.just((0, "competencies/c.md")),
        st.one_of(st.builds(COMPETENCY.format, n=st.integers(0, 2)), maybe),
    ),
    st.tuples(
        st.just((1, "stories/st.md")),
        st.one_of(st.builds(STORY.format, part=st.sampled_from(["Decide", "Act"])), maybe),
    ),
)


class FullIndex(ContentIndex):
    """Runs every stage of the checks afresh on each assemble."""

    def _assemble(self) -> Library:
        self._memo = AssemblyMemo()
        return super()._assemble()


def picture(library: Library) -> tuple[object, ...]:
    """Everything a Library holds, in order (Mapping equality alone ignores order)."""
    maps = (
        library.tracks,
        library.prompts,
        library.scaffolds,
        library.rounds,
        library.stories,
        library.competencies,
    )
    return (*(tuple(m.items()) for m in maps), library.problems, library.overrides)


def start(base: Path) -> list[Path]:
    roots = [base / "bank", base / "mine"]
    files = {
        (0, "tracks/t/track.md"): TRACK.format(n=0),
        (0, "tracks/u/track.md"): TRACK.format(n=1),
        (0, "scaffolds/star.md"): SCAFFOLD.format(n=0, second="Decide"),
        (0, "competencies/c.md"): COMPETENCY.format(n=0),
        (0, "rounds/r.md"): COUNT_ROUND.format(count=3, category="x"),  # just enough
        (0, "tracks/t/p1.md"): PROMPT.format(
            id="a", n=0, scaffold="star", category="x", competencies="[]"
        ),
        (0, "tracks/t/p2.md"): PROMPT.format(
            id="b", n=1, scaffold="star", category="x", competencies="[c]"
        ),
        (0, "tracks/u/q1.md"): PROMPT.format(
            id="c", n=2, scaffold="star", category="y", competencies="[]"
        ),
        (1, "tracks/t/p1.md"): PROMPT.format(
            id="d", n=3, scaffold="star", category="x", competencies="[]"
        ),
        (1, "stories/st.md"): STORY.format(part="Decide"),
        (1, "tracks/t/extra.md"): PROMPT.format(
            id="f", n=3, scaffold="star", category="y", competencies="[zz]"
        ),
    }
    for (root, rel), text in files.items():
        path = roots[root] / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (roots[1] / "tracks" / "t").mkdir(parents=True, exist_ok=True)
    return roots


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(edit, min_size=1, max_size=3), min_size=1, max_size=10))
def test_reused_and_patched_checks_equal_a_full_run(batches: list[list[tuple]]) -> None:
    base = Path(tempfile.mkdtemp(prefix="caseroom-stages-"))
    try:
        roots = start(base)
        cache = base / "cache" / "index"
        live, full = ContentIndex(roots, cache), FullIndex(roots)
        assert picture(live.load()) == picture(full.load())
        for batch in batches:
            paths = []
            for (root, rel), text in batch:
                path = roots[root] / rel
                if text is None:
                    path.unlink(missing_ok=True)
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text)
                paths.append(path)
            assert picture(live.apply_changes(paths)) == picture(full.apply_changes(paths))
            goods = [(e.source.path, e.good) for e in live._sorted_entries()]
            assert goods == [(e.source.path, e.good) for e in full._sorted_entries()]
            # A later start from the cache this wrote (the checks' outcome in it, unless a
            # broken file stood in with its last good version) is a fresh full load.
            live.save_cache()
            later = ContentIndex(roots, cache)
            assert picture(later.load()) == picture(FullIndex(roots).load())
            assert picture(later.apply_changes(paths)) == picture(FullIndex(roots).load())
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_one_prompt_edit_is_patched_not_rerun(tmp_path: Path) -> None:
    roots = start(tmp_path)
    index = ContentIndex(roots)
    index.load()
    before = index._memo.stages["prompt"]
    path = roots[0] / "tracks" / "t" / "p1.md"
    path.write_text(PROMPT.format(id="a", n=9, scaffold="star", category="x", competencies="[]"))
    library = index.apply_changes([path])
    after = index._memo.stages["prompt"]
    assert library.prompts["a"].title == "Prompt 9"
    assert after is not before and after.problems is before.problems  # patched
    assert index._memo.stages["track"] is not None
    assert list(library.prompts) == list(FullIndex(roots).load().prompts)


def test_a_later_start_takes_the_checks_outcome_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roots = start(tmp_path)
    override = roots[1] / "scaffolds" / "star.md"
    override.parent.mkdir(parents=True)
    override.write_text(SCAFFOLD.format(n=5, second="Decide"))  # an override
    loose = roots[0] / "tracks" / "loose.md"  # a problem the scan finds
    loose.write_text(PROMPT.format(id="z", n=1, scaffold="star", category="x", competencies="[]"))
    cache = tmp_path / "cache" / "index"
    ContentIndex(roots, cache).load()
    expected = FullIndex(roots).load()
    assert expected.overrides
    assert {p.path for p in expected.problems} == {str(loose), str(roots[1] / "tracks/t/extra.md")}
    assert expected.prompts["f"].competencies == ()  # an item the checks changed
    runs: list[int] = []
    real = tui.library.loader.assemble

    def counting(*args: Any) -> Any:
        runs.append(1)
        return real(*args)

    monkeypatch.setattr(tui.library.loader, "assemble", counting)
    later = ContentIndex(roots, cache)
    assert picture(later.load()) == picture(expected)
    assert runs == []  # every file as cached: the checks did not run
    path = roots[0] / "tracks" / "t" / "p2.md"
    path.write_text(PROMPT.format(id="b", n=7, scaffold="star", category="x", competencies="[]"))
    reloaded = later.apply_changes([path])
    assert runs == [1]  # a reload runs them
    assert picture(reloaded) == picture(FullIndex(roots).load())


def test_a_file_changed_since_the_cache_runs_the_checks(tmp_path: Path) -> None:
    roots = start(tmp_path)
    cache = tmp_path / "cache" / "index"
    ContentIndex(roots, cache).load()
    path = roots[0] / "tracks" / "t" / "p2.md"  # now a problem: its scaffold does not exist
    path.write_text(PROMPT.format(id="b", n=1, scaffold="nope", category="x", competencies="[]"))
    library = ContentIndex(roots, cache).load()
    assert "b" not in library.prompts
    assert picture(library) == picture(FullIndex(roots).load())
