"""`caseroom export` end to end: argument parsing in tui.cli.main down to the bytes written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import APP_CONTENT, FROZEN_NOW
from tui.cli import main
from tui.core.records import AnswerProgress, StepDraft


def seed(url: str) -> list[int]:
    """Two submitted attempts and one draft, stored through the real Store."""
    from tui.library.loader import ContentIndex
    from tui.store import Store

    library = ContentIndex([APP_CONTENT]).load()
    ids = []
    with Store.open(url) as store:
        for prompt_id, text in (("demo-case", "case answer"), ("demo-story", "story answer")):
            prompt = library.prompts[prompt_id]
            scaffold = library.scaffold_for(prompt)
            assert scaffold is not None
            attempt_id = store.start_attempt(prompt, scaffold, 600, now=FROZEN_NOW)
            steps = [StepDraft(index=0, title=scaffold.steps[0].title, text=text, seconds=12)]
            store.submit(attempt_id, AnswerProgress(tuple(steps), elapsed_s=12), now=FROZEN_NOW)
            ids.append(attempt_id)
        prompt = library.prompts["demo-case"]
        scaffold = library.scaffold_for(prompt)
        assert scaffold is not None
        store.start_attempt(prompt, scaffold, 600, now=FROZEN_NOW)  # a draft: not exported
    return ids


def test_export_all_as_json_to_stdout(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    ids = seed(db_url)
    assert main(["--db", db_url, "export", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [a["id"] for a in document["attempts"]] == ids
    texts = [a["steps"][0]["text"] for a in document["attempts"]]
    assert texts == ["case answer", "story answer"]


def test_export_one_attempt_as_markdown_to_a_file(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = seed(db_url)
    out = tmp_path / "one.md"
    code = main(["--db", db_url, "export", "--attempt", str(ids[1]), "--output", str(out)])
    assert code == 0
    assert capsys.readouterr().out == ""
    text = out.read_text()
    assert "story answer" in text and "case answer" not in text


def test_export_refuses_to_write_over_the_database(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(db_url)
    database = db_url.removeprefix("sqlite:///")
    before = Path(database).read_bytes()
    assert main(["--db", db_url, "export", "--output", database]) == 2
    assert "refusing" in capsys.readouterr().err
    assert Path(database).read_bytes() == before


def test_export_without_a_database_says_so_and_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.db"
    assert main(["--db", str(missing), "export"]) == 1
    assert "no history yet" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("garbage://x", "does not support the database scheme garbage://"),
        ("mysql+pymysql://u@localhost/d", "pip install PyMySQL"),
        ("postgresql+psycopg://u@127.0.0.1:9/d", "cannot reach the database server"),
    ],
)
def test_export_from_a_database_it_cannot_use_is_one_sentence(
    url: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--db", url]) == 1
    captured = capsys.readouterr()
    assert said in captured.err
    assert "Traceback" not in captured.err
    assert captured.err.count("\n") == 1


def test_export_names_the_story_told_by_its_title_even_after_the_file_is_gone(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI does not load the library: the title comes from the attempt itself, kept
    when the story was chosen (the story's file may be renamed or deleted since)."""
    from tui.library.loader import ContentIndex
    from tui.store import Store

    library = ContentIndex([APP_CONTENT]).load()
    prompt = library.prompts["demo-story"]
    scaffold = library.scaffold_for(prompt)
    assert scaffold is not None
    with Store.open(db_url) as store:
        attempt_id = store.start_attempt(
            prompt,
            scaffold,
            600,
            now=FROZEN_NOW,
            story_id="friday-outage",
            story_title="The Friday outage",
        )
        steps = (StepDraft(index=0, title=scaffold.steps[0].title, text="told", seconds=5),)
        store.submit(attempt_id, AnswerProgress(steps, elapsed_s=5), now=FROZEN_NOW)
    assert main(["--db", db_url, "export", "--attempt", str(attempt_id)]) == 0
    text = capsys.readouterr().out
    assert "- Story: The Friday outage\n" in text
    assert main(["--db", db_url, "export", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)["attempts"][0]
    assert (exported["story_id"], exported["story_title"]) == ("friday-outage", "The Friday outage")
