"""The story bank's content files: `stories/<id>.md` and `competencies/<id>.md`, parsed,
checked against the other files (structure, parts, competency ids) with problems at
path:line, cached, and safe against whatever bytes a story file holds."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.model import Library
from tui.library.check import run_check
from tui.library.loader import ContentIndex, load_library
from tui.paths import bundled_content_dir

BUNDLED = bundled_content_dir()

STORY = """\
---
title: The Friday outage
where: Streamline, payments team
when: 2023
competencies: [candor, technical-leadership]
structure: timed-story
---
Notes for me: keep the pager detail short.

## Challenge
Payments were failing for one member in five on a Friday evening.

## Decision
I rolled back the release myself instead of waiting for the owner.

## Impact
Failures were back under 0.1% within twenty minutes.
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(root: Path) -> Library:
    return load_library([BUNDLED, root])


def problems_of(library: Library, path: Path) -> list[str]:
    return [f"{p.line}: {p.message}" for p in library.problems if p.path == str(path)]


def test_a_story_loads_with_its_parts(tmp_path: Path) -> None:
    path = write(tmp_path, "stories/friday-outage.md", STORY)
    library = load(tmp_path)
    assert problems_of(library, path) == []
    story = library.stories["friday-outage"]
    assert story.title == "The Friday outage"
    assert (story.where, story.when) == ("Streamline, payments team", "2023")
    assert story.competencies == ("candor", "technical-leadership")
    assert [p.title for p in story.parts] == ["Challenge", "Decision", "Impact"]
    assert story.part("decision").startswith("I rolled back")
    assert story.summary.startswith("Notes for me")
    assert story.path == str(path)


def test_star_structure_and_default(tmp_path: Path) -> None:
    write(
        tmp_path,
        "stories/star-one.md",
        "---\ntitle: S\ncompetencies: [learning]\nstructure: star\n---\n## Situation\nx\n"
        "## Result\ny\n",
    )
    write(tmp_path, "stories/plain.md", "---\ntitle: Plain\ncompetencies: candor\n---\n")
    library = load(tmp_path)
    assert library.stories["star-one"].structure == "star"
    assert library.stories["plain"].structure == "timed-story"
    assert library.stories["plain"].competencies == ("candor",)


def test_bundled_competencies_are_content() -> None:
    library = load_library([BUNDLED])
    assert {
        "freedom-responsibility",
        "high-performance",
        "candor",
        "technical-leadership",
        "innovation-member-focus",
        "team-leadership",
        "autonomy",
        "feedback",
        "keeper-test",
        "trust",
        "learning",
    } <= set(library.competencies)
    for competency in library.competencies.values():
        assert competency.title and competency.description and competency.tracks
        assert set(competency.tracks) <= set(library.tracks)


def test_every_bundled_behavioral_prompt_names_its_competencies() -> None:
    library = load_library([BUNDLED])
    behavioral = [p for p in library.prompts.values() if p.kind == "behavioral"]
    assert len(behavioral) >= 55
    for prompt in behavioral:
        assert prompt.competencies, prompt.id
        assert set(prompt.competencies) <= set(library.competencies), prompt.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\ntitle: T\ncompetencies: [candor]\nwhere: x\nwhen: y\nmood: z\n---\n",
            '6: unknown key "mood" (allowed: id, title, where, when, competencies, structure)',
        ),
        (
            "---\ntitle: T\ncompetencies: [candor]\nstructuer: star\n---\n",
            '4: unknown key "structuer" — did you mean "structure"?',
        ),
        (
            "---\ntitle: T\ncompetencies: [candor]\nstructure: haiku\n---\n",
            '4: "structure" must be one of timed-story, star, not "haiku"',
        ),
        (
            "---\ntitle: T\ncompetencies: [candour, trust]\n---\n",
            '3: competency "candour" does not exist — did you mean "candor"?',
        ),
        (
            "---\ntitle: T\ncompetencies:\n  - trust\n  - nonsense-thing\n---\n",
            '5: competency "nonsense-thing" does not exist',
        ),
        (
            "---\ntitle: T\ncompetencies: [trust]\n---\n## Challenge\na\n\n## Situation\nb\n",
            '8: "## Situation" is not a part of the Five-part timed story (timed-story) '
            "(its parts: ## Challenge, ## Decision, ## Execution, ## Communication, ## Impact)",
        ),
        (
            "---\ntitle: T\ncompetencies: [trust]\n---\n## Chalenge\na\n",
            '5: "## Chalenge" is not a part of the Five-part timed story (timed-story) '
            '— did you mean "## Challenge"?',
        ),
        (
            "---\ntitle: T\ncompetencies: [trust]\n---\n## Challenge\na\n## challenge\nb\n",
            '7: the part "## challenge" appears twice',
        ),
        ("---\ncompetencies: [trust]\n---\n", '1: missing "title" — add a line  title: ...'),
    ],
)
def test_problems_at_path_and_line(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, "stories/bad.md", text)
    found = problems_of(load(tmp_path), path)
    assert any(line.startswith(expected) for line in found), found


def test_an_unknown_competency_does_not_hide_the_story(tmp_path: Path) -> None:
    write(tmp_path, "stories/s.md", "---\ntitle: T\ncompetencies: [candour, trust]\n---\n")
    library = load(tmp_path)
    assert library.stories["s"].competencies == ("trust",)


def test_a_competency_file_and_a_prompt_naming_it(tmp_path: Path) -> None:
    write(
        tmp_path, "competencies/grit.md", "---\ntitle: Grit\ntracks: [people-leadership]\n---\nX\n"
    )
    bad = write(tmp_path, "competencies/bad.md", "---\ntitle: B\ntrack: [x]\n---\n")
    library = load(tmp_path)
    assert library.competencies["grit"].description == "X"
    assert problems_of(library, bad) == ['3: unknown key "track" — did you mean "tracks"?']


def test_check_counts_story_problems(tmp_path: Path) -> None:
    write(tmp_path, "stories/good.md", STORY)
    write(tmp_path, "stories/bad.md", "---\ntitle: T\ncompetencies: [candour]\n---\n")
    out = io.StringIO()
    assert run_check([str(tmp_path)], out) == 1
    lines = out.getvalue().splitlines()
    assert lines[-1] == "checked 2 files: 1 problem"
    assert lines[0].endswith(
        'bad.md:3: competency "candour" does not exist — did you mean "candor"?'
    )


def test_stories_survive_the_disk_cache(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    write(root, "stories/friday-outage.md", STORY)
    cache = tmp_path / "cache.json"
    first = ContentIndex([BUNDLED, root], cache).load()
    second = ContentIndex([BUNDLED, root], cache).load()
    assert second.stories == first.stories
    assert second.competencies == first.competencies
    assert second.stories["friday-outage"].parts[0].title == "Challenge"


def test_a_story_hot_reloads(tmp_path: Path) -> None:
    index = ContentIndex([BUNDLED, tmp_path])
    index.load()
    path = write(tmp_path, "stories/new.md", STORY)
    assert "new" in index.apply_changes([path]).stories
    path.write_text(STORY.replace("The Friday outage", "Renamed"), encoding="utf-8")
    assert index.apply_changes([path]).stories["new"].title == "Renamed"
    path.unlink()
    assert "new" not in index.apply_changes([path]).stories


# --- hostile input, as for prompts ---------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_root() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="caseroom-story-fuzz-"))
    shutil.copytree(BUNDLED / "scaffolds", folder / "content" / "scaffolds")
    shutil.copytree(BUNDLED / "competencies", folder / "content" / "competencies")
    yield folder / "content"
    shutil.rmtree(folder, ignore_errors=True)


def story_invariants(library: Library, path: Path) -> None:
    loaded = [s for s in library.stories.values() if s.path == str(path)]
    reported = [p for p in library.problems if p.path == str(path)]
    assert loaded or reported
    for problem in reported:
        assert problem.line >= 1 and problem.message
    for story in loaded:
        assert story.title and story.structure in ("timed-story", "star")
        assert set(story.competencies) <= set(library.competencies)
        for text in (story.title, story.where, story.when, *(p.text for p in story.parts)):
            assert "\x1b" not in text and "\u202e" not in text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1500))
def test_any_bytes_as_a_story_file(fuzz_root: Path, data: bytes) -> None:
    path = fuzz_root / "stories" / "fuzz.md"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    story_invariants(load_library([fuzz_root]), path)


_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=10),
        st.sampled_from(["candor", "star", "timed-story", "\x1b[31m", "\u202e"]),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "where", "when", "competencies", "structure", "x"]),
        _VALUES,
        max_size=5,
    ),
    st.lists(st.sampled_from(["Challenge", "Decision", "Situation", "", "\x1b]0;x"]), max_size=4),
)
def test_structured_story_files(fuzz_root: Path, meta: dict[str, object], parts: list[str]) -> None:
    body = "".join(f"## {title}\ntext \x1b[2J\n" for title in parts)
    text = "---\n" + yaml.safe_dump({"title": "T", **meta}, allow_unicode=True) + "---\n" + body
    path = fuzz_root / "stories" / "fuzz.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    story_invariants(load_library([fuzz_root]), path)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=800))
def test_any_bytes_as_a_competency_file(fuzz_root: Path, data: bytes) -> None:
    path = fuzz_root / "competencies" / "zz-fuzz.md"
    path.write_bytes(data)
    library = load_library([fuzz_root])
    loaded = [c for c in library.competencies.values() if c.path == str(path)]
    reported = [p for p in library.problems if p.path == str(path)]
    assert bool(loaded) != bool(reported)
    for competency in loaded:
        assert competency.title and "\x1b" not in competency.title + competency.description
    assert "candor" in library.competencies  # one bad neighbour leaves the rest alone
