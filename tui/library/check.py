"""`caseroom check [DIR ...]`: validate content folders and say what is wrong, line by line.

With no DIR the bundled library is checked. Each DIR may be a content root (a folder
holding `tracks/`, `scaffolds/` or `rounds/`), a folder or file inside one, in which
case its root is found by walking up. The given folders are stacked on the bundled
library exactly as the app stacks `--content` folders, so a user's prompt may name a
bundled scaffold; only problems in the given folders are printed and counted. An item a
given folder defines again, by id, overrides the bundled one: it is printed as an override
(information) and does not count as a problem.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.core.model import Problem
from tui.library.layout import CONTENT_FOLDERS
from tui.library.loader import ContentIndex
from tui.library.sanitize import sanitize_text
from tui.paths import bundled_content_dir


def find_root(path: Path) -> Path | None:
    """The content root at or above `path`, or None if there is none."""
    for candidate in (path, *path.parents):
        if any((candidate / folder).is_dir() for folder in CONTENT_FOLDERS):
            return candidate
    return None


def is_empty_folder(path: Path) -> bool:
    """A folder with no markdown file anywhere in it: an empty content folder, not a typo."""
    return path.is_dir() and next(path.rglob("*.md"), None) is None


def _display(path: Path) -> Path:
    """`path` relative to the working folder when it is inside it, for shorter lines."""
    relative = os.path.relpath(path)
    return Path(relative) if not relative.startswith("..") else path


def _under(path: str, scopes: Sequence[str]) -> bool:
    absolute = os.path.abspath(path)
    return any(absolute == s or absolute.startswith(s.rstrip(os.sep) + os.sep) for s in scopes)


def run_check(dirs: Sequence[str], out: TextIO) -> int:
    """Check `dirs` (the bundled library when empty); print problems; 1 if any, else 0."""
    bundled = _display(bundled_content_dir())
    roots: list[Path] = [bundled]
    scopes: list[str] = []
    problems: list[Problem] = []
    for given in dirs or [str(bundled)]:
        path = Path(given)
        if not path.exists():
            problems.append(Problem(given, 1, "no such file or folder"))
            continue
        root = find_root(path.absolute())
        if root is None and is_empty_folder(path):
            # An empty content folder is valid (the app creates the user's one empty).
            roots.append(path)
            scopes.append(os.path.abspath(given))
            continue
        if root is None:
            problems.append(
                Problem(
                    given,
                    1,
                    "not a content folder: no tracks/, scaffolds/, rounds/, competencies/ "
                    "or stories/ in it",
                )
            )
            continue
        # Keep the root spelled the way the user spelled the path, so output matches.
        depth = len(path.absolute().relative_to(root).parts)
        spelled = path.parents[depth - 1] if depth else path
        if not any(os.path.samefile(spelled, known) for known in roots if known.exists()):
            roots.append(spelled)
        scopes.append(os.path.abspath(given))
    index = ContentIndex(roots)
    library = index.load()
    checked = [path for path in index.paths if _under(path, scopes)]
    problems.extend(p for p in library.problems if _under(p.path, scopes))
    overrides = [o for o in library.overrides if _under(o.path, scopes)]
    for problem in problems:
        # A path is a file name from disk: it may hold escapes and bidi overrides too.
        out.write(f"{sanitize_text(str(problem))}\n")
    for override in overrides:  # information: a later folder replacing an item by its id
        out.write(f"{sanitize_text(str(override))}\n")
    noun = "problem" if len(problems) == 1 else "problems"
    files = "file" if len(checked) == 1 else "files"
    summary = f"checked {len(checked)} {files}: {len(problems)} {noun}"
    if overrides:
        summary += f", {len(overrides)} override{'s' if len(overrides) != 1 else ''}"
    out.write(summary + "\n")
    return 1 if problems else 0
