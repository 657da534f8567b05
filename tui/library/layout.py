"""The layout of a content root: which files under it are content and of what kind, and
the scan that lists them.

Hostile content is expected: links leaving a root are reported and not followed, and link
loops are cut.
"""

from __future__ import annotations

import errno
import operator
import os
from collections.abc import Callable, Sequence
from typing import NamedTuple

from tui.core.model import Problem
from tui.library.cache import StatKey
from tui.library.parsed import FileKind

#: The folders of a content root that hold content; everything else in a root is ignored.
CONTENT_FOLDERS = ("tracks", "scaffolds", "rounds", "competencies", "stories")


class SourceFile(NamedTuple):
    """A content file found under a root: where it is and what kind of file it is.

    A named tuple, not a frozen dataclass: a scan makes one per file, and a frozen
    dataclass's __init__ (one object.__setattr__ per field) was a third of a cached start's
    scan."""

    path: str
    root: int
    rel: tuple[str, ...]
    kind: FileKind
    name: str
    folder: str
    is_link: bool = False


def ignored_name(name: str) -> bool:
    """Names the loader never reads: dotfiles, `_`-files and folders, READMEs."""
    return name.startswith((".", "_")) or name.lower() == "readme.md"


def classify(rel: Sequence[str], names_checked: bool = False) -> tuple[FileKind, str] | str | None:
    """What the file at `rel` (parts under a root) is: (kind, track folder), a problem
    message, or None when it is not content at all. `names_checked`: the caller already
    skipped ignored names along the way."""
    if len(rel) < 2 or not rel[-1].endswith(".md"):
        return None
    if not names_checked and any(ignored_name(part) for part in rel):
        return None
    top = rel[0]
    if top == "tracks":
        if len(rel) == 2:
            return "a prompt must be inside a track folder: tracks/<track-id>/<prompt>.md"
        if len(rel) == 3 and rel[2] == "track.md":
            return ("track", rel[1])
        return ("prompt", rel[1])
    if top == "scaffolds":
        return ("scaffold", "")
    if top == "rounds":
        return ("round", "")
    if top == "competencies":
        return ("competency", "")
    if top == "stories":
        return ("story", "")
    return None


def inside(path: str, root_real: str) -> bool:
    """True if `path` is the resolved root `root_real` or lies under it."""
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


def root_trouble(root: str) -> str:
    """Why a content root cannot be read ("" when it can)."""
    if not os.path.exists(root):
        return "this content folder does not exist"
    if not os.path.isdir(root):
        return "this content folder is a file, not a folder"
    if not os.access(root, os.R_OK | os.X_OK):
        return "this content folder cannot be read (permissions)"
    return ""


_name = operator.attrgetter("name")


class Scanner:
    """Lists the content files under one root without following links out of it."""

    def __init__(self, root: str, index: int) -> None:
        self.root = root
        self.index = index
        self.root_real = os.path.realpath(root)
        self.files: list[tuple[SourceFile, StatKey | None]] = []
        self.problems: list[Problem] = []
        self.seen_dirs: set[tuple[int, int]] = set()

    def scan(self, start: tuple[str, ...] = ()) -> None:
        """Walk the root (or only `start`, a folder under it) depth first, sorted by name.

        A root that is missing, not a folder or unreadable is a problem with its path (a
        mistyped `--content` folder must not look like an empty library)."""
        if not start:
            trouble = root_trouble(self.root)
            if trouble:
                self.problems.append(Problem(self.root, 1, trouble))
                return
        tops = [start] if start else [(name,) for name in CONTENT_FOLDERS]
        for rel in tops:
            path = os.path.join(self.root, *rel)
            if os.path.isdir(path) and self.allowed_link(path, rel, directory=True):
                self._walk(path, rel)

    def allowed_link(self, path: str, rel: tuple[str, ...], directory: bool) -> bool:
        """False (with a problem if it matters) for links that leave the root or loop."""
        real = os.path.realpath(path)
        if not inside(real, self.root_real):
            if directory or classify(rel) is not None:
                self.problems.append(
                    Problem(
                        path,
                        1,
                        "this is a link to something outside the content folder; "
                        "caseroom does not follow it",
                    )
                )
            return False
        return True

    def _walk(self, path: str, rel: tuple[str, ...]) -> None:
        try:
            info = os.stat(path)
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key in self.seen_dirs:
            self.problems.append(
                Problem(path, 1, "this folder link leads to a folder that is already read")
            )
            return
        self.seen_dirs.add(key)
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=_name)
        except OSError:
            return  # removed or unreadable while we looked: nothing to list
        # What a plain `.md` file here is: the same for every one but a track.md (this
        # folder's files are most of a scan; the general path classifies each).
        here = classify((*rel, "-.md"), names_checked=True)
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")) or (len(name) == 9 and ignored_name(name)):
                continue  # ignored_name, its README test only for a 9-letter name
            if (
                type(here) is tuple
                and name.endswith(".md")
                and name != "track.md"
                and entry.is_file(follow_symlinks=False)
            ):
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    pass  # gone or unreadable: the general path says what it is
                else:
                    source = SourceFile(
                        entry.path, self.index, (*rel, name), here[0], name[:-3], here[1]
                    )
                    self.files.append((source, (info.st_mtime_ns, info.st_size, info.st_ino)))
                    continue
            self._entry(entry, (*rel, name))

    def _entry(self, entry: os.DirEntry[str], rel: tuple[str, ...]) -> None:
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir()
        except OSError:  # a link that loops: is_dir() cannot tell what it points to
            self.problems.append(Problem(entry.path, 1, "this link loops or points to nothing"))
            return
        if is_link and not self.allowed_link(entry.path, rel, directory=is_dir):
            return
        if is_dir:
            self._walk(entry.path, rel)
            return
        self.add_file(entry.path, rel, is_link, entry.stat)

    def add_file(
        self,
        path: str,
        rel: tuple[str, ...],
        is_link: bool,
        stat: Callable[[], os.stat_result],
    ) -> None:
        """Record the file at `path` (already known not to be a folder) if it is content."""
        kind = classify(rel, names_checked=True)
        if kind is None:
            return
        if isinstance(kind, str):
            self.problems.append(Problem(path, 1, kind))
            return
        try:
            info = stat()
            key: StatKey | None = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError as error:
            if is_link and error.errno in (errno.ELOOP, errno.ENOENT):
                self.problems.append(Problem(path, 1, "this link loops or points to nothing"))
                return
            key = None
        source = SourceFile(path, self.index, rel, kind[0], rel[-1][:-3], kind[1], is_link)
        self.files.append((source, key))
