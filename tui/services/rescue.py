"""Saving an answer somewhere other than the database, for when the database fails."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tui.core.model import Prompt
from tui.core.records import StepDraft
from tui.paths import findable_dirs


def answer_markdown(prompt: Prompt, steps: Sequence[StepDraft]) -> str:
    """The answer as readable markdown: the prompt, then each step and its text."""
    lines = [f"# {prompt.title}", "", prompt.question.strip(), ""]
    for step in steps:
        lines += [f"## {step.index + 1}. {step.title} ({step.seconds:.0f} s)", "", step.text, ""]
    return "\n".join(lines)


def save_answer_copy(
    prompt: Prompt, steps: Sequence[StepDraft], *, when: datetime | None = None
) -> Path:
    """Write the answer to the first writable rescue folder and return the file's path."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    text = answer_markdown(prompt, steps)
    last_error: OSError | None = None
    for folder in findable_dirs("caseroom-answers"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{prompt.id}-{stamp}.md"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error
