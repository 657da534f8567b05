"""tui.library.loader: layout, per-file and cross-file checks, and messages people can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.model import Library, Problem, Prompt
from tui.library.loader import load_library

PROMPT = """---
title: A prompt
kind: case
scaffold: steps
minutes: 15
---
The question.
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(library: Library, path: Path) -> list[Problem]:
    return [p for p in library.problems if p.path == str(path)]


def the_problem(library: Library, path: Path) -> Problem:
    found = problems_of(library, path)
    assert len(found) == 1, library.problems
    return found[0]


# --- the happy path ----------------------------------------------------------------------


def test_fixture_library_loads_completely(root: Path) -> None:
    library = load_library([root])
    assert library.problems == ()
    assert set(library.tracks) == {"demo"}
    assert set(library.prompts) == {"demo-case", "demo-story"}
    assert set(library.scaffolds) == {"steps"}
    assert set(library.rounds) == {"demo-round"}


def test_prompt_fields_and_body_sections(root: Path) -> None:
    prompt = load_library([root]).prompts["demo-case"]
    assert prompt.track == "demo"
    assert prompt.kind == "case"
    assert prompt.minutes == 15
    assert prompt.question == (
        "A large share of members cancel after a hit series ends.\nWhat would you do?"
    )
    assert prompt.hints == "- Which members?"
    assert prompt.outline == "1. Narrow.\n2. Segment."
    assert prompt.followups == (
        "Your metric moved but watch time fell. Ship or not?",
        "What would you not build first, and why?",
    )
    assert prompt.level == ("mid", "senior")
    assert prompt.tags == ("churn",)  # a single text is a list of one
    assert prompt.path == str(root / "tracks" / "demo" / "cases" / "demo-case.md")


def test_ids_default_to_file_and_folder_names(root: Path) -> None:
    library = load_library([root])
    assert library.prompts["demo-case"].id == "demo-case"
    assert library.tracks["demo"].title == "Demo track"
    assert library.scaffolds["steps"].steps[0].seconds == 30
    assert library.scaffolds["steps"].steps[1].share == 0.5
    assert library.scaffolds["steps"].advance == "timed"


def test_track_glossary_terms(root: Path) -> None:
    track = load_library([root]).tracks["demo"]
    assert track.glossary == ("Guardrail metric", "Retention", "A/B test")
    assert track.order == 2


def test_round_fields(root: Path) -> None:
    round_ = load_library([root]).rounds["demo-round"]
    assert round_.prompts == ("demo-case", "demo-story")
    assert (round_.minutes, round_.per_question, round_.order) == (20, 10, "fixed")


def test_ignored_files_are_not_read(root: Path) -> None:
    broken = "not front matter at all"
    write(root / "tracks" / "demo" / ".hidden.md", broken)
    write(root / "tracks" / "demo" / "_draft.md", broken)
    write(root / "tracks" / "demo" / "_drafts" / "x.md", broken)
    write(root / "tracks" / "demo" / "notes.txt", broken)
    write(root / "tracks" / "demo" / "README.md", broken)
    write(root / "tracks" / "demo" / "x.md~", broken)
    write(root / "elsewhere" / "x.md", broken)
    library = load_library([root])
    assert library.problems == ()
    assert len(library.prompts) == 2


def test_track_id_from_front_matter_names_its_prompts_track(root: Path) -> None:
    track = root / "tracks" / "demo" / "track.md"
    track.write_text(track.read_text().replace("title: Demo track", "id: renamed\ntitle: T"))
    write(
        root / "rounds" / "demo-round.md",
        "---\ntitle: R\ntrack: renamed\nminutes: 20\nper_question: 10\nprompts: [demo-case]\n---\n",
    )
    library = load_library([root])
    assert library.problems == ()
    assert library.prompts["demo-case"].track == "renamed"


def test_a_later_root_adds_prompts_to_a_bundled_track(root: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user / "tracks" / "demo" / "mine.md", PROMPT)
    library = load_library([root, user])
    assert library.problems == ()
    assert library.prompts["mine"].track == "demo"


# --- per-file problems --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replace", "line", "words"),
    [
        ("minutes: 15", 5, 'unknown key "minuts" — did you mean "minutes"?'),
        ("title: A prompt", 2, '"title" must be text, but no was read as a yes/no value'),
        ("minutes: 15", 5, "must be written as a plain number like 15, not 25:00"),
        ("minutes: 15", 5, '"minutes" must be a number like 15, but it is the text "15"'),
        ("minutes: 15", 5, '"minutes" must be a number like 15, but true was read as a yes/no'),
        ("minutes: 15", 5, '"minutes" must be more than 0'),
        ("minutes: 15", 5, '"minutes" must be at most 240'),
        ("kind: case", 3, '"kind" must be one of case, behavioral, design, not "cse"'),
        ("title: A prompt", 1, 'missing "title"'),
        ("title: A prompt", 3, "is not a valid id"),
        ("title: A prompt", 3, '"id" must be id text, but 0123 was read as the number 83'),
        ("minutes: 15", 5, '"minutes" is empty'),
        ("minutes: 15", 5, "level"),
    ],
    ids=[
        "unknown-key",
        "title-no",
        "minutes-sexagesimal",
        "minutes-quoted",
        "minutes-bool",
        "minutes-zero",
        "minutes-huge",
        "kind-typo",
        "missing-title",
        "bad-id",
        "octal-id",
        "empty-minutes",
        "level-mapping",
    ],
)
def test_prompt_front_matter_problems(
    root: Path, replace: str, line: int, words: str, request: pytest.FixtureRequest
) -> None:
    new = {
        "unknown-key": "minuts: 15",
        "title-no": "title: no",
        "minutes-sexagesimal": "minutes: 25:00",
        "minutes-quoted": 'minutes: "15"',
        "minutes-bool": "minutes: true",
        "minutes-zero": "minutes: 0",
        "minutes-huge": "minutes: 500",
        "kind-typo": "kind: cse",
        "missing-title": "",
        "bad-id": "title: A prompt\nid: Bad_ID",
        "octal-id": "title: A prompt\nid: 0123",
        "empty-minutes": "minutes:",
        "level-mapping": "minutes: 15\nlevel: {a: 1}",
    }[request.node.callspec.id]
    path = write(root / "tracks" / "demo" / "p.md", PROMPT.replace(replace, new))
    library = load_library([root])
    found = problems_of(library, path)
    assert any(words in p.message for p in found), found
    assert any(p.line == line for p in found if words in p.message) or words == "level", found
    assert "p" not in library.prompts
    assert len(library.prompts) == 2  # every other file still loads


def test_a_title_of_blanks_is_empty(root: Path) -> None:
    """Found by the fuzz test: `title: "\\n"` loaded as a prompt with no title."""
    path = write(
        root / "tracks" / "demo" / "p.md", PROMPT.replace("title: A prompt", 'title: "\\n "')
    )
    problem = the_problem(load_library([root]), path)
    assert problem.message == '"title" is empty'
    assert problem.line == 2


def test_a_title_has_a_length_limit(root: Path) -> None:
    """A 60,000-character title loaded and filled every list: now a problem, path and line."""
    from tui.library.fields import TITLE_MAX_CHARS

    path = write(
        root / "tracks" / "demo" / "p.md",
        PROMPT.replace("title: A prompt", "title: " + "long " * 12_000),
    )
    library = load_library([root])
    problem = the_problem(library, path)
    assert problem.line == 2 and "59,999 characters" in problem.message
    assert f"at most {TITLE_MAX_CHARS}" in problem.message
    assert "p" not in library.prompts
    fits = PROMPT.replace("title: A prompt", "title: " + "x" * TITLE_MAX_CHARS)
    write(path, fits)
    assert problems_of(load_library([root]), path) == []


def test_empty_question(root: Path) -> None:
    path = write(root / "tracks" / "demo" / "p.md", PROMPT.replace("The question.", "\n## Hints\n"))
    problem = the_problem(load_library([root]), path)
    assert problem.message.startswith("the question is empty")
    assert problem.line == 7


def test_unknown_section_is_a_problem_with_a_suggestion(root: Path) -> None:
    path = write(root / "tracks" / "demo" / "p.md", PROMPT + "\n## Hint\n- a\n")
    problem = the_problem(load_library([root]), path)
    assert problem.message == 'unknown section "## Hint" — did you mean "## Hints"?'
    assert problem.line == 9


def test_headings_inside_code_fences_are_not_sections(root: Path) -> None:
    body = PROMPT + "\n```\n## Not a section\n```\n\n## Hints\n- a\n"
    write(root / "tracks" / "demo" / "p.md", body)
    library = load_library([root])
    assert library.problems == ()
    assert "## Not a section" in library.prompts["p"].question


def test_scaffold_step_problems_point_at_the_step(root: Path) -> None:
    text = "---\ntitle: S\nsteps:\n  - title: A\n    seconds: 30\n  - title: B\n    secs: 3\n---\n"
    path = write(root / "scaffolds" / "bad.md", text)
    found = problems_of(load_library([root]), path)
    messages = {p.line: p.message for p in found}
    assert 'unknown key "secs" — did you mean "seconds"?' in messages[7]
    assert "step 2 needs exactly one time budget" in messages[6]


def test_scaffold_shares_must_add_up(root: Path) -> None:
    text = (
        "---\ntitle: S\nsteps:\n  - title: A\n    share: 0.2\n  - title: B\n    share: 0.2\n---\n"
    )
    path = write(root / "scaffolds" / "bad.md", text)
    assert "add up to 0.40" in the_problem(load_library([root]), path).message


def test_a_share_that_is_not_a_number_gets_a_fraction_as_its_example(root: Path) -> None:
    text = '---\ntitle: S\nsteps:\n  - title: A\n    share: "half"\n---\n'
    path = write(root / "scaffolds" / "bad.md", text)
    messages = [p.message for p in problems_of(load_library([root]), path)]
    assert '"share" must be a number like 0.25, but it is the text "half"' in messages


def test_round_that_does_not_fit_its_minutes(root: Path) -> None:
    text = (
        "---\ntitle: R\ntrack: demo\nminutes: 15\nper_question: 10\n"
        "prompts: [demo-case, demo-story]\n---\n"
    )
    path = write(root / "rounds" / "r.md", text)
    assert "do not fit in 15 minutes" in the_problem(load_library([root]), path).message


def test_file_names_that_cannot_be_ids(root: Path) -> None:
    path = write(root / "tracks" / "demo" / "My Prompt.md", PROMPT)
    assert 'the file or folder name "My Prompt"' in the_problem(load_library([root]), path).message


# --- cross-file problems -----------------------------------------------------------------


def test_a_later_folder_overrides_an_id_of_an_earlier_one(root: Path, tmp_path: Path) -> None:
    """Issue 14: stacked folders, the usual rule. An override is information, not a problem."""
    user = tmp_path / "user"
    mine = write(user / "tracks" / "demo" / "demo-case.md", PROMPT)
    library = load_library([root, user])
    first = root / "tracks" / "demo" / "cases" / "demo-case.md"
    assert problems_of(library, mine) == []
    assert library.prompts["demo-case"].title == "A prompt"  # the later folder's
    assert [str(o) for o in library.overrides] == [
        f'{mine}:1: overrides the prompt "demo-case" of {first}'
    ]


def test_one_id_twice_in_one_folder_is_a_problem_naming_the_first(root: Path) -> None:
    clash = write(
        root / "tracks" / "demo" / "zz-again.md", PROMPT.replace("title:", "id: demo-case\ntitle:")
    )
    library = load_library([root])
    problem = the_problem(library, clash)
    first = root / "tracks" / "demo" / "cases" / "demo-case.md"
    assert problem.message == f'the id "demo-case" is already used by {first}'
    assert library.prompts["demo-case"].title.startswith("Members cancelling")
    assert library.overrides == ()


def test_missing_scaffold_suggests_the_close_one(root: Path) -> None:
    path = write(
        root / "tracks" / "demo" / "p.md", PROMPT.replace("scaffold: steps", "scaffold: step")
    )
    problem = the_problem(load_library([root]), path)
    assert problem.message == 'scaffold "step" does not exist — did you mean "steps"?'
    assert problem.line == 4


def test_round_with_unknown_track_and_prompt(root: Path) -> None:
    base = (
        "---\ntitle: R\ntrack: {track}\nminutes: 20\nper_question: 10\n"
        "prompts:\n  - demo-case\n  - {prompt}\n---\n"
    )
    bad_track = write(root / "rounds" / "a.md", base.format(track="dmo", prompt="demo-story"))
    bad_prompt = write(root / "rounds" / "b.md", base.format(track="demo", prompt="nope"))
    library = load_library([root])
    assert (
        the_problem(library, bad_track).message
        == 'track "dmo" does not exist — did you mean "demo"?'
    )
    problem = the_problem(library, bad_prompt)
    assert problem.message == 'prompt "nope" does not exist'
    assert problem.line == 8
    assert set(library.rounds) == {"demo-round"}


def test_count_round_needs_enough_matching_prompts(root: Path) -> None:
    text = (
        "---\ntitle: R\ntrack: demo\nminutes: 50\nper_question: 10\ncount: 5\nkinds: [case]\n---\n"
    )
    path = write(root / "rounds" / "r.md", text)
    assert "asks for 5 prompts but only 1" in the_problem(load_library([root]), path).message


def test_prompt_without_a_valid_track_md(root: Path) -> None:
    write(root / "tracks" / "demo" / "track.md", "---\ntitel: Demo\n---\n")
    library = load_library([root])
    assert library.tracks == {}
    prompt_problems = [p for p in library.problems if "has no valid track.md" in p.message]
    assert len(prompt_problems) == 2
    assert library.prompts == {}


def test_prompt_directly_under_tracks(root: Path) -> None:
    path = write(root / "tracks" / "loose.md", PROMPT)
    assert "must be inside a track folder" in the_problem(load_library([root]), path).message


# --- hostile files ------------------------------------------------------------------------


def test_symlink_loop_is_cut(root: Path) -> None:
    (root / "tracks" / "demo" / "loop").symlink_to(root / "tracks")
    library = load_library([root])
    assert len(library.prompts) == 2
    assert any("already read" in p.message for p in library.problems)


def test_self_referencing_file_link(root: Path) -> None:
    link = root / "tracks" / "demo" / "self.md"
    link.symlink_to(link)
    library = load_library([root])
    assert "loops" in the_problem(library, link).message
    assert len(library.prompts) == 2


def test_links_leaving_the_root_are_reported_and_not_followed(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.md", PROMPT)
    file_link = root / "tracks" / "demo" / "secret.md"
    file_link.symlink_to(outside / "secret.md")
    dir_link = root / "tracks" / "demo" / "more"
    dir_link.symlink_to(outside)
    library = load_library([root])
    assert "outside the content folder" in the_problem(library, file_link).message
    assert "outside the content folder" in the_problem(library, dir_link).message
    assert "secret" not in library.prompts


def test_link_inside_the_root_is_followed(root: Path) -> None:
    target = write(root / "tracks" / "demo" / "_shared" / "linked.md", PROMPT)
    (root / "tracks" / "demo" / "linked.md").symlink_to(target)
    assert "linked" in load_library([root]).prompts


def test_file_deleted_between_listing_and_reading(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.library.loader

    victim = root / "tracks" / "demo" / "story.md"
    real_read = tui.library.loader.read_source

    def delete_then_read(path: str, follow_link: bool) -> object:
        if path == str(victim):
            victim.unlink()
        return real_read(path, follow_link)

    monkeypatch.setattr(tui.library.loader, "read_source", delete_then_read)
    library = load_library([root])
    assert set(library.prompts) == {"demo-case"}
    assert all(p.path != str(victim) for p in library.problems)


def test_many_megabyte_file(root: Path) -> None:
    path = write(root / "tracks" / "demo" / "huge.md", PROMPT + "x" * (8 << 20))
    assert "larger than 1024 KiB" in the_problem(load_library([root]), path).message


def test_invalid_utf8(root: Path) -> None:
    path = write(root / "tracks" / "demo" / "bad.md", PROMPT.encode() + b"\n\xc3\x28 broken\n")
    problem = the_problem(load_library([root]), path)
    assert problem.line == 9  # the seven lines of PROMPT, a blank line, then the bad one
    assert "UTF-8" in problem.message


def test_fifo_is_refused_without_blocking(root: Path) -> None:
    import os

    fifo = root / "tracks" / "demo" / "pipe.md"
    os.mkfifo(fifo)
    assert "not a regular file" in the_problem(load_library([root]), fifo).message


def load_clean_prompt(root: Path, name: str, text: str) -> Prompt:
    """Write the prompt `name`, load the library, and return it (it loads without problems)."""
    write(root / "tracks" / "demo" / f"{name}.md", text)
    library = load_library([root])
    assert library.problems == ()
    return library.prompts[name]


def test_control_characters_and_escapes_never_reach_the_model(root: Path) -> None:
    text = (
        '---\ntitle: "Evil \\e]0;pwned\\a title\\x9b31m"\nkind: case\nscaffold: steps\nminutes: 5\n'
        "tags: [a\x1b[2Jb]\n---\nQuestion \x1b[31mred\x1b[0m\x07 here\n\n"
        "## Follow-ups\n- one\x1bc\n"
    )
    prompt = load_clean_prompt(root, "evil", text)
    assert prompt.title == "Evil title"
    assert prompt.question == "Question red here"
    assert prompt.tags == ("ab",)
    assert prompt.followups == ("one",)
    every_text = [prompt.title, prompt.question, *prompt.tags, *prompt.followups]
    assert not any("\x1b" in t or "\x07" in t or "\x9b" in t for t in every_text)


def test_invisible_and_direction_changing_characters_never_reach_the_model(root: Path) -> None:
    # "Trojan Source": shown as "Design a payment flow" by a bidi-aware terminal, with
    # hidden text in tag characters and zero-width characters splitting words.
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "secret")
    text = (
        '---\ntitle: "Design a \\u202ewolf tnemyap\\u202c"\nkind: case\nscaffold: steps\n'
        "minutes: 5\ncategory: pay\u200bments\ntags: [a\u2066b\u2069, c\u2060d]\n---\n"
        f"Question\u202e reversed\u202c here{hidden}\ufeff.\n\n"
        "## Follow-ups\n- one\u200b two\n- team \U0001f469\u200d\U0001f4bb \u2764\ufe0f\n"
    )
    prompt = load_clean_prompt(root, "trojan", text)
    assert prompt.title == "Design a wolf tnemyap"
    assert prompt.category == "payments"
    assert prompt.tags == ("ab", "cd")
    assert prompt.question == "Question reversed here."
    # Joiners inside emoji stay: the follow-up shows the emoji it was written with.
    assert prompt.followups == ("one two", "team \U0001f469\u200d\U0001f4bb \u2764\ufe0f")
    invisible = {"\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\u2060", "\ufeff"}
    every_text = [prompt.title, prompt.question, prompt.category, *prompt.tags, *prompt.followups]
    assert not any(set(t) & invisible or any(ord(c) >= 0xE0000 for c in t) for t in every_text)


def test_a_hostile_file_name_is_not_quoted_into_a_problem(root: Path) -> None:
    path = write(root / "tracks" / "demo" / "A\x1b[31m\u202eB.md", PROMPT)
    problem = the_problem(load_library([root]), path)
    assert 'the file or folder name "AB"' in problem.message


def test_a_hostile_folder_name_is_not_quoted_into_a_problem(root: Path) -> None:
    path = write(root / "tracks" / "x\u202e\x1b]0;t\x07y" / "p.md", PROMPT)
    problem = the_problem(load_library([root]), path)
    assert 'the track folder "xy" has no valid track.md' in problem.message


def test_source_and_competencies_are_read_as_lists(root: Path) -> None:
    text = PROMPT.replace("title: A prompt", "title: A prompt\nsource: [Guide one, Guide two]")
    text = text.replace("kind: case", "kind: case\ncompetencies: candor")
    path = write(root / "tracks" / "demo" / "p.md", text)
    # Competency ids must exist: competencies are content files too.
    write(root / "competencies" / "candor.md", "---\ntitle: Candor\n---\nSaying it.\n")
    library = load_library([root])
    assert problems_of(library, path) == []
    prompt = library.prompts["p"]
    assert prompt.sources == ("Guide one", "Guide two")
    assert prompt.competencies == ("candor",)
