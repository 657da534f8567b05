"""Writing content: which editor to run, and a new prompt file from the template."""

from __future__ import annotations

from pathlib import Path

from tui.library.authoring import create_prompt_file, editor_command, new_prompt_id


def test_editor_command_splits_editor_and_falls_back_to_vi() -> None:
    assert editor_command({"EDITOR": "code --wait"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": "nano", "EDITOR": "ed"}) == ["nano"]
    assert editor_command({}) == ["vi"]
    assert editor_command({"EDITOR": "'unbalanced"}) == ["vi"]


def test_new_prompt_ids_skip_taken_ids_and_files(tmp_path: Path) -> None:
    create_prompt_file(tmp_path, "new-prompt-2", "six-step")
    assert new_prompt_id({"new-prompt-1"}, tmp_path) == "new-prompt-3"
    text = (tmp_path / "new-prompt-2.md").read_text()
    assert "id: new-prompt-2" in text and "scaffold: six-step" in text
