"""The first screen as it was last shown: read before the first paint, checked right after.

The tracks screen is what a person sees first. Its figures come from the library (tracks,
prompt counts) and the database (attempts, Next up): loading both costs more than a bare
app's whole start. So each time the screen's figures change they are written to a small
JSON file (`save`), and the next start paints them at once (`load`, the standard library
alone, a few milliseconds) while the library and the store open; the screen then shows
the real figures as they arrive, correcting anything that changed in between (a file
edited, another process writing to the database).

A snapshot belongs to one set of content folders and one database (`key`): another
`--content` or `--db` starts without one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Bumped when the file's shape changes: an older file is ignored (2: Next up keeps the
#: option ids as the list shows them, "prompt:<id>", "gap:<competency>"...).
VERSION = 2


@dataclass(frozen=True)
class TrackLine:
    """One row of the tracks table, with the text beside it."""

    id: str
    title: str
    prompts: int
    attempts: int
    overview: str  # the markdown shown beside the list


@dataclass(frozen=True)
class FirstScreen:
    """What the tracks screen showed: its rows, its status line and Next up."""

    key: str
    tracks: list[TrackLine] = field(default_factory=list)
    status: str = ""
    #: (prompt id, the line shown) for each suggestion.
    next_up: list[tuple[str, str]] = field(default_factory=list)
    #: The highlighted track's overview as drawn: (width, lines of (text, style) runs).
    drawn: tuple[int, list[list[tuple[str, str]]]] | None = None


def snapshot_key(content_dirs: list[Path], db_url: str) -> str:
    """Which library and database a snapshot describes."""
    return json.dumps([[str(d) for d in content_dirs], db_url])


def load(path: Path, key: str) -> FirstScreen | None:
    """The snapshot at `path` if it describes `key`; None if absent, unreadable or other."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("key") != key:
            return None
        drawn = data.get("drawn")
        return FirstScreen(
            key=key,
            tracks=[TrackLine(**line) for line in data["tracks"]],
            status=str(data["status"]),
            next_up=[(str(pid), str(label)) for pid, label in data["next_up"]],
            drawn=(
                (int(drawn[0]), [[(str(t), str(s)) for t, s in line] for line in drawn[1]])
                if drawn
                else None
            ),
        )
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None  # only an accelerator: the screen fills itself a moment later


def save(path: Path, snapshot: FirstScreen) -> bool:
    """Write `snapshot` to `path` atomically. False (and nothing raised) if it failed."""
    import os
    import tempfile  # only when writing, after the first frame

    data = {"version": VERSION, **asdict(snapshot)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".first-screen-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
