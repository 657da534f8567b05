"""Telling the person where an export went (the history, attempt and resume screens share it),
and copying one to the clipboard (history's `y`).

Not a screen. The files are written by tui.services.export (`export_attempts`,
`export_attempt`, `export_matching`); this module only words the toast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from tui.app import CaseroomApp
    from tui.core.records import HistoryQuery


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


def export_one(app: CaseroomApp, attempt_id: int) -> None:
    """Write one attempt as markdown and JSON to ~/caseroom-exports, off the UI thread, and
    say where (the history's and the attempt's `x`). Stories are named by their titles."""
    from functools import partial

    from tui.services import export

    titles = app.library.story_titles()
    job = partial(export.export_attempt, attempt_id=attempt_id, story_titles=titles)
    app.db(job, lambda path: notify_exported(app, path))


def export_all_matching(app: CaseroomApp, query: HistoryQuery) -> None:
    """Write every attempt `query` matches (all pages) as one markdown and JSON export
    (history's `X`), off the UI thread, and say where."""
    from functools import partial

    from tui.services import export

    titles = app.library.story_titles()
    job = partial(export.export_matching, query=query, story_titles=titles)
    app.db(job, lambda path: notify_exported(app, path))


def copy_attempt_export(app: CaseroomApp, attempt_id: int) -> None:
    """`y` in history: one attempt's markdown export to the clipboard (loaded off the UI
    thread, as every store call)."""
    from functools import partial

    from tui.services import export, history

    titles = app.library.story_titles()
    app.db(
        partial(history.load_attempt, attempt_id=attempt_id),
        lambda detail: app.copy_text(
            export.attempt_markdown(detail, titles), f"attempt {attempt_id}"
        ),
    )
