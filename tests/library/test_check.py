"""tui.library.check.run_check: the core of `caseroom check [DIR ...]`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tui.library.check import run_check
from tui.library.loader import load_library
from tui.paths import bundled_content_dir

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "content_basic"


def check(*dirs: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_check(list(dirs), out)
    return code, out.getvalue().splitlines()


def test_bundled_content_has_no_problems() -> None:
    code, lines = check()
    assert lines[-1].endswith(": 0 problems"), "\n".join(lines)
    assert code == 0
    count = int(lines[-1].split()[1])
    assert count == sum(1 for _ in bundled_content_dir().rglob("*.md") if _.name != "README.md")


def test_clean_folder(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "mine")
    code, lines = check(str(tmp_path / "mine"))
    assert lines == ["checked 5 files: 0 problems"]
    assert code == 0


def test_problems_are_printed_as_path_line_message(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    shutil.copytree(FIXTURE, root)
    story = root / "tracks" / "demo" / "story.md"
    story.write_text(story.read_text().replace("minutes: 4", "minuts: 4"))
    code, lines = check(str(root))
    round_ = root / "rounds" / "demo-round.md"
    assert lines == [
        # The round names the broken prompt, so it is left out too, and says why.
        f'{round_}:6: prompt "demo-story" does not exist — did you mean "demo-case"?',
        f'{story}:6: unknown key "minuts" — did you mean "minutes"?',
        "checked 5 files: 2 problems",
    ]
    assert code == 1


def test_user_folder_may_use_bundled_scaffolds(tmp_path: Path) -> None:
    scaffold = next(iter(sorted((bundled_content_dir() / "scaffolds").glob("*.md")))).stem
    prompt = tmp_path / "mine" / "tracks" / "own" / "p.md"
    prompt.parent.mkdir(parents=True)
    (prompt.parent / "track.md").write_text("---\ntitle: Own\n---\n")
    prompt.write_text(
        f"---\ntitle: T\nkind: case\nscaffold: {scaffold}\nminutes: 5\n---\nQuestion?\n"
    )
    code, lines = check(str(tmp_path / "mine"))
    assert (code, lines) == (0, ["checked 2 files: 0 problems"])


def test_a_folder_inside_a_root_checks_only_that_folder(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    shutil.copytree(FIXTURE, root)
    (root / "rounds" / "demo-round.md").write_text("broken")
    code, lines = check(str(root / "tracks" / "demo" / "cases"))
    assert (code, lines) == (0, ["checked 1 file: 0 problems"])


@pytest.mark.parametrize("name", ["missing", "plain"])
def test_bad_arguments(tmp_path: Path, name: str) -> None:
    (tmp_path / "plain").mkdir()
    # Markdown, but no tracks/, scaffolds/ or rounds/: not a content folder. (An empty
    # folder is a valid, empty content folder: tests/library/test_content_folders.py.)
    (tmp_path / "plain" / "notes.md").write_text("# notes")
    code, lines = check(str(tmp_path / name))
    assert code == 1
    assert lines[0].startswith(f"{tmp_path / name}:1: ")
    assert lines[-1] == "checked 0 files: 1 problem"


def test_the_format_examples_in_content_readme_are_valid(tmp_path: Path) -> None:
    """Every example in content/README.md loads without a problem."""
    readme = (Path(__file__).resolve().parents[2] / "content" / "README.md").read_text()
    blocks = readme.split("```markdown\n")[1:]
    track, prompt, scaffold, round_, competency, story = (
        block.split("\n```")[0] + "\n" for block in blocks
    )
    root = tmp_path / "examples"
    files = {
        "tracks/product-manager/track.md": track,
        "tracks/product-manager/retention/cancel.md": prompt,
        "scaffolds/six-step.md": scaffold,
        "rounds/hiring.md": round_,
    }
    # The round example picks 3 cases from these categories: give it enough of them.
    for n, category in enumerate(["discovery", "monetization"]):
        files[f"tracks/product-manager/extra-{n}.md"] = prompt.replace(
            "id: pm-retention-cancel-flow", f"id: extra-{n}"
        ).replace("category: retention", f"category: {category}")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    library = load_library([root])
    assert library.problems == ()
    assert len(library.prompts) == 3
    assert library.tracks["product-manager"].glossary == ("Guardrail metric", "Retention")
    # The story bank's examples, on the bundled library (its scaffolds and competencies).
    bank = tmp_path / "bank"
    for name, text in {"competencies/candor.md": competency, "stories/outage.md": story}.items():
        (bank / name).parent.mkdir(parents=True, exist_ok=True)
        (bank / name).write_text(text)
    stacked = load_library([bundled_content_dir(), bank])
    assert [p for p in stacked.problems if p.path.startswith(str(bank))] == []
    assert stacked.stories["outage"].competencies == ("candor", "technical-leadership")
    assert [o.id for o in stacked.overrides] == ["candor"]


def test_a_hostile_file_name_never_reaches_the_terminal(tmp_path: Path) -> None:
    from screens.problems import problem_line

    root = tmp_path / "mine"
    shutil.copytree(FIXTURE, root)
    hostile = "bad\x1b]0;pwned\x07\u202e\u2066name"
    (root / "tracks" / "demo" / f"{hostile}.md").write_text("no front matter\n")
    code, lines = check(str(root))
    assert code == 1
    assert lines[0].startswith(str(root / "tracks" / "demo" / "badname.md:1: "))
    library = load_library([root])
    (problem,) = library.problems
    assert hostile in problem.path  # the real path, for opening the file
    assert problem_line(problem).startswith(str(root / "tracks" / "demo" / "badname.md:1: "))


def test_a_copy_of_the_bundled_library_checks_as_overrides(tmp_path: Path) -> None:
    """Issue 14: a coach who forks the library sees overrides, not 118 problems."""
    import shutil

    from tui.paths import bundled_content_dir

    fork = tmp_path / "fork"
    shutil.copytree(bundled_content_dir(), fork)
    code, lines = check(str(fork))
    assert code == 0
    summary = lines[-1]
    assert summary.startswith("checked ") and ": 0 problems, " in summary
    count = int(summary.split(", ")[-1].split()[0])
    assert count == len(lines) - 1 > 100
    assert all(" overrides the " in line for line in lines[:-1])


def test_the_bundled_library_has_no_problems() -> None:
    code, lines = check()
    assert code == 0
    assert lines[-1].endswith(": 0 problems")
