"""Exporting attempts from inside the app to a folder the person can find.

Not a screen: the history, attempt and resume screens share it. Files go to
~/caseroom-exports (or the temp folder when home is not writable), named by what they
hold and when, written atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tui.export import attempt_markdown, attempts_json
from tui.records import AttemptDetail


def export_dirs() -> list[Path]:
    """Where exports may go, best first: the home folder, then the temp folder."""
    return [Path.home() / "caseroom-exports", Path(tempfile.gettempdir()) / "caseroom-exports"]


def _write_atomic(path: Path, content: str) -> None:
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    for folder in export_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            md_path = folder / f"{stem}-{stamp}.md"
            json_path = folder / f"{stem}-{stamp}.json"
            _write_atomic(md_path, markdown)
            _write_atomic(json_path, document)
            return md_path, json_path
        except OSError as error:
            last_error = error
    assert last_error is not None
    raise last_error
