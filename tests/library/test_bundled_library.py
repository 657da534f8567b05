"""The bundled library's own standard (issue 14), checked so a later edit cannot slip:
every prompt names its source guide and contrasts a weak answer with a strong one, every
case has at least four follow-ups, every question fits the rounds that ask it, and each
kind of case sits on a scaffold made for it."""

from __future__ import annotations

import pytest

from tui.core.model import Library
from tui.library.loader import load_library
from tui.paths import bundled_content_dir


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([bundled_content_dir()])


def test_it_loads_without_a_problem(library: Library) -> None:
    assert library.problems == ()
    assert len(library.prompts) > 100


def test_every_prompt_names_its_source_and_contrasts_weak_with_strong(library: Library) -> None:
    assert [p.id for p in library.prompts.values() if not p.sources] == []
    assert [
        p.id for p in library.prompts.values() if "weak vs strong" not in p.outline.lower()
    ] == []


def test_every_case_has_at_least_four_follow_ups(library: Library) -> None:
    thin = [
        p.id for p in library.prompts.values() if p.kind != "behavioral" and len(p.followups) < 4
    ]
    assert thin == []


def test_every_question_fits_the_rounds_that_ask_it(library: Library) -> None:
    too_long = [
        (r.id, pid)
        for r in library.rounds.values()
        for pid in r.prompts
        if library.prompts[pid].minutes > r.per_question
    ]
    assert too_long == []


@pytest.mark.parametrize(
    ("prefix", "scaffold"),
    [("pl-", "leadership-case"), ("el-sd-", "system-design"), ("pm-", "six-step")],
)
def test_cases_sit_on_a_scaffold_made_for_them(
    library: Library, prefix: str, scaffold: str
) -> None:
    cases = [
        p for p in library.prompts.values() if p.id.startswith(prefix) and p.kind != "behavioral"
    ]
    assert cases
    assert {p.scaffold for p in cases} == {scaffold}
