"""Exporting attempts from inside the app to a folder the person can find.

Not a screen: the history, attempt and resume screens share it. Files go to
~/caseroom-exports (or the temp folder when home is not writable), named by what they
hold and when, written atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.records import AttemptDetail
from tui.paths import findable_dirs
from tui.services.export import attempt_markdown, attempts_json, write_atomically

if TYPE_CHECKING:
    from textual.app import App


def export_attempts(
    details: Sequence[AttemptDetail], stem: str, *, when: datetime | None = None
) -> tuple[Path, Path]:
    """Write `details` as `<stem>-<time>.md` and `.json`; return both paths.

    Raises OSError when no export folder is writable.
    """
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    markdown = "\n---\n\n".join(attempt_markdown(d) for d in details)
    document = attempts_json(details)
    last_error: OSError | None = None
    for folder in findable_dirs("caseroom-exports"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            md_path = folder / f"{stem}-{stamp}.md"
            json_path = folder / f"{stem}-{stamp}.json"
            write_atomically(md_path, markdown)
            write_atomically(json_path, document)
            return md_path, json_path
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error


def exported_message(md_path: Path | str) -> str:
    """Where an export went, for a toast: the folder (~ for home), then the file name.

    On separate lines, so a narrow toast never wraps in the middle of a file name.
    """
    path = Path(md_path)
    folder = str(path.parent)
    home = str(Path.home())
    if folder == home or folder.startswith(home + os.sep):
        folder = "~" + folder[len(home) :]
    return f"{folder}{os.sep}\n{path.name}"


def notify_exported(app: App[Any], md_path: Path | str) -> None:
    """Tell the person where an export (markdown and JSON) was written."""
    app.notify(
        exported_message(md_path), title="Exported as markdown and JSON", timeout=10, markup=False
    )
