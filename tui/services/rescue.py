"""Saving an answer somewhere other than the database, for when the database fails."""

from __future__ import annotations

import os
import tempfile
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
    prompt: Prompt,
    steps: Sequence[StepDraft],
    *,
    when: datetime | None = None,
    path: Path | None = None,
) -> Path:
    """Write the answer to the first writable rescue folder and return the file's path.

    Given the `path` of an earlier copy, rewrite that file (atomically: a crash mid-write
    keeps the earlier copy whole), so an answer rescued again and again stays one file.
    """
    text = answer_markdown(prompt, steps)
    if path is not None:
        try:
            _write_whole(path, text)
            return path
        except OSError:
            pass  # its folder went too: a new copy in the first folder that takes one
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    last_error: OSError | None = None
    for folder in findable_dirs("caseroom-answers"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{prompt.id}-{stamp}.md"
            _write_whole(target, text)
            return target
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error


def _write_whole(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file, so `path` is never half-written."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
