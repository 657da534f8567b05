"""The content loader: content folders in, one immutable `Library` out.

`ContentIndex` is the engine. `load()` scans every root (bundled first, then the user's
folders: `tui.library.layout`), parses each file on its own (`tui.library.parse`, reusing
the disk cache when a file's stat is unchanged), then runs the cheap cross-file checks
(`tui.library.crossfile`) and publishes a Library.
`apply_changes(paths)` re-reads only the given paths — whatever exists there now — and
publishes a new Library, re-running only the cross-file checks those files can change
(`tui.library.stages`); a file that becomes broken keeps its last good version in use
while its problem is reported.

Hostile content is expected: links leaving a root are reported and not followed, link
loops are cut (both in the scan), non-regular files (a FIFO named `x.md` would block a
read forever) are refused without blocking, reads are capped at the size limit, and a
file that vanishes between listing and reading simply drops out.

Importing this module is light: the standard library and the model. The parser (and
PyYAML with it) is imported when a file has to be parsed, not on a start the cache answers.
"""

from __future__ import annotations

import errno
import gc
import os
import stat as stat_module
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tui.core.model import Competency, Library, Problem, Prompt, Round, Scaffold, Story, Track
from tui.library.cache import Checked, StatKey, read_cache_checked, write_cache
from tui.library.crossfile import assemble
from tui.library.layout import CONTENT_FOLDERS, Scanner, SourceFile, classify, ignored_name, inside
from tui.library.parsed import MAX_FILE_BYTES, FileKind, Parsed
from tui.library.stages import AssemblyMemo

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_ITEM_CLASSES: tuple[tuple[str, type], ...] = (
    ("track", Track),
    ("scaffold", Scaffold),
    ("competency", Competency),
    ("prompt", Prompt),
    ("story", Story),
    ("round", Round),
)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_source(path: str, follow_link: bool) -> tuple[bytes, StatKey] | Problem | None:
    """The bytes of a content file with its stat, a Problem, or None if it is gone.

    Never blocks (FIFOs and devices are refused) and never reads more than the size cap.
    """
    flags = _READ_FLAGS | (0 if follow_link else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Problem(path, 1, "this link loops, or the file was replaced by a link")
        return Problem(path, 1, f"the file cannot be read: {error.strerror or error}")
    try:
        info = os.fstat(fd)
        if not stat_module.S_ISREG(info.st_mode):
            return Problem(path, 1, "this is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return Problem(path, 1, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")
        # Read what fstat promised (one syscall for a normal file). A file still being
        # written may end up short or long; the watcher's next event re-reads it.
        want = info.st_size + 1
        chunks: list[bytes] = []
        while want > 0:
            chunk = os.read(fd, min(want, MAX_FILE_BYTES + 1))
            if not chunk:
                break
            chunks.append(chunk)
            want -= len(chunk)
            if want == 1:
                break
        if sum(map(len, chunks)) > MAX_FILE_BYTES:
            return Problem(path, 1, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")
        return b"".join(chunks), (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError as error:
        return Problem(path, 1, f"the file cannot be read: {error.strerror or error}")
    finally:
        os.close(fd)


def parse_content(kind: FileKind, data: bytes, path: str, name: str, folder: str = "") -> Parsed:
    """`tui.library.parse.parse_content`, imported at the first file that must be parsed:
    a start whose every file is in the cache never imports the parser or PyYAML (~30 ms
    of imports on the loading thread, which runs beside the first frame)."""
    from tui.library.parse import parse_content as parse

    return parse(kind, data, path, name, folder)


def parse_source(source: SourceFile) -> tuple[Parsed, StatKey] | None:
    """Read and parse one file; None when it no longer exists."""
    result = read_source(source.path, source.is_link)
    if result is None:
        return None
    if isinstance(result, Problem):
        return Parsed(source.kind, source.path, None, (result,), source.folder), (0, 0, 0)
    data, stat = result
    return parse_content(source.kind, data, source.path, source.name, source.folder), stat


@dataclass(slots=True)
class _Entry:
    source: SourceFile
    stat: StatKey
    parsed: Parsed
    good: Parsed | None = None


class ContentIndex:
    """The live, incrementally updated index of stacked content roots.

    Drive `load()` and `apply_changes()` from one worker at a time. `save_cache()` alone
    may run in any thread meanwhile (the app writes the cache after live changes in a
    thread of its own): it copies the index under a lock and writes the copy. `library` is
    the latest published snapshot; every `load()` and `apply_changes()` returns a new one
    and never mutates an old one.
    """

    def __init__(
        self, roots: Sequence[Path], cache_path: Path | None = None, *, freeze_gc: bool = False
    ) -> None:
        self.roots = [str(root) for root in roots]
        #: Put a full load's objects out of the collector's reach (`gc.freeze`) before it
        #: is switched back on: the installed command's (tui.app.config.AppConfig
        #: .freeze_gc). Otherwise the first allocation after the load set off a collection
        #: of every one of them, ~20 ms holding the GIL at 5,000 prompts. Off in tests, where
        #: freezing would keep every earlier test's garbage for good.
        self.freeze_gc = freeze_gc
        self._abs_roots = [os.path.abspath(root) for root in self.roots]
        self.cache_path = cache_path
        self.library = Library()
        self._entries: dict[str, _Entry] = {}
        self._scan_problems: dict[str, Problem] = {}
        self._order: list[_Entry] | None = None
        self._cache_dirty = False
        self._loaded = False
        self._memo = AssemblyMemo()
        # Held while the entries change, and while save_cache copies them.
        self._entries_lock = threading.Lock()
        # One cache write at a time, each of the newest copy: an older copy can never
        # land after a newer one.
        self._save_lock = threading.Lock()

    @property
    def paths(self) -> tuple[str, ...]:
        """Every content file currently indexed (loaded or broken), in precedence order."""
        return tuple(entry.source.path for entry in self._sorted_entries())

    def _sorted_entries(self) -> list[_Entry]:
        """Entries by root order, then path: earlier files win duplicate ids."""
        if self._order is None:
            self._order = sorted(
                self._entries.values(), key=lambda e: (e.source.root, e.source.rel)
            )
        return self._order

    # --- full scan ----------------------------------------------------------------------

    def load(self) -> Library:
        """Scan every root, parse what changed since the cache, publish a Library."""
        # A load allocates tens of thousands of objects that all live on; the cyclic
        # collector would walk them again and again (a quarter of a cached start).
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self._entries_lock:
                library = self._load()
        finally:
            if self.freeze_gc:
                gc.freeze()
            if collecting:
                gc.enable()
        self.save_cache()
        return library

    def _load(self) -> Library:
        cached, checked = (
            read_cache_checked(self.cache_path, self.roots) if self.cache_path else ({}, None)
        )
        self._entries = {}
        self._scan_problems = {}
        self._memo = AssemblyMemo()  # a full load runs every check
        for index, root in enumerate(self.roots):
            scanner = Scanner(root, index)
            scanner.scan()
            for problem in scanner.problems:
                self._scan_problems[problem.path] = problem
            for source, stat in scanner.files:
                hit = cached.get(source.path)
                if hit is not None and stat is not None and hit[0] == stat:
                    self._entries[source.path] = _Entry(source, stat, hit[1])
                    continue
                self._cache_dirty = True
                self._reparse(source)
        # Without a miss every entry came from the cache: a count tells if it held more.
        if len(self._entries) != len(cached):
            self._cache_dirty = True
        self._order = None
        self._loaded = True
        # Every file as cached: what the checks made of them then stands (a reload runs
        # them in full the first time, `self._memo` being fresh).
        library = None
        if checked is not None and not self._cache_dirty:
            try:
                library = self._checked_library(checked)
            except (TypeError, ValueError, KeyError):  # a damaged record: run the checks
                library = None
        self.library = library if library is not None else self._assemble()
        return self.library

    def _checked_library(self, checked: Checked) -> Library | None:
        """The Library the cached outcome of the checks describes, or None if it does not
        fit the files (then the checks run)."""
        kinds, problems, overrides = checked
        maps: dict[str, MappingProxyType[str, Any]] = {}
        accepted: list[_Entry] = []
        for kind, cls in _ITEM_CLASSES:
            items: dict[str, Any] = {}
            for key, path, changed in kinds[kind]:
                entry = self._entries.get(path)
                if entry is None or not isinstance(entry.parsed.item, cls):
                    return None
                item = entry.parsed.item if changed is None else changed
                if item is None or not isinstance(item, cls) or item.id != key:
                    return None
                items[key] = item
                accepted.append(entry)
            maps[kind] = MappingProxyType(items)
        for entry in accepted:
            entry.good = entry.parsed
        found = sorted(
            (*self._scan_problems.values(), *problems), key=lambda p: (p.path, p.line, p.message)
        )
        return Library(
            tracks=maps["track"],
            prompts=maps["prompt"],
            scaffolds=maps["scaffold"],
            rounds=maps["round"],
            problems=tuple(found),
            overrides=overrides,
            stories=maps["story"],
            competencies=maps["competency"],
        )

    def _checked(self) -> Checked | None:
        """What the checks made of the files, for a later start to reuse; None when a
        broken file stands in with its last good version (a start has none to use)."""
        if any(e.parsed.item is None and e.good is not None for e in self._entries.values()):
            return None
        library = self.library
        scanned = {id(problem) for problem in self._scan_problems.values()}
        kinds: dict[str, tuple[tuple[str, str, Any], ...]] = {}
        for kind, mapping in (
            ("track", library.tracks),
            ("scaffold", library.scaffolds),
            ("competency", library.competencies),
            ("prompt", library.prompts),
            ("story", library.stories),
            ("round", library.rounds),
        ):
            rows: list[tuple[str, str, Any]] = []
            for key, item in mapping.items():
                entry = self._entries.get(item.path)
                if entry is None or entry.parsed.item is None or entry.stat == (0, 0, 0):
                    return None
                # The path and id objects the files' records hold: marshal writes each once.
                path = entry.source.path
                if item is entry.parsed.item:
                    rows.append((item.id, path, None))
                else:
                    rows.append((key, path, item))
            kinds[kind] = tuple(rows)
        problems = tuple(p for p in library.problems if id(p) not in scanned)
        return kinds, problems, library.overrides

    def save_cache(self) -> bool:
        """Write the disk cache if anything changed since it was read; True if written.

        Safe to call from any thread while `apply_changes` runs in another: the entries
        are copied under the lock (stats and parse results are immutable), then written
        atomically outside it, so a re-read never waits for the disk.
        """
        if self.cache_path is None:
            return False
        with self._save_lock:
            with self._entries_lock:
                if not self._cache_dirty:
                    return False
                entries = {
                    path: (entry.stat, entry.parsed)
                    for path, entry in self._entries.items()
                    if entry.stat != (0, 0, 0)
                }
                checked = self._checked() if len(entries) == len(self._entries) else None
                self._cache_dirty = False
            written = write_cache(self.cache_path, self.roots, entries, checked)
            if not written:
                with self._entries_lock:
                    self._cache_dirty = True
            return written

    # --- incremental ----------------------------------------------------------------------

    def apply_changes(self, paths: Iterable[Path | str]) -> Library:
        """Re-read only `paths` (files or folders, existing or gone) and publish a Library.

        Each path is judged by what is there now: a file that exists is re-read, one that
        does not drops out, a folder that exists is scanned (its files come in), and a
        folder that is gone takes its files with it.
        """
        if not self._loaded:
            return self.load()
        with self._entries_lock:
            for raw in paths:
                self._apply_one(os.path.abspath(raw))
            self.library = self._assemble()
        return self.library

    def _apply_one(self, path: str) -> None:
        located = self._locate(path)
        if located is None:
            return  # not under any root
        index, rel = located
        key = os.path.join(self.roots[index], *rel)
        if os.path.isdir(key):
            self._drop_under(key)
            self._scan_folder(index, rel, key)
            return
        if not os.path.lexists(key):
            if key in self._entries or key in self._scan_problems:
                self._drop(key)
            elif not key.endswith(".md"):
                self._drop_under(key)  # maybe a folder that was deleted or renamed away
            return
        scanner = self._scan_file(index, rel, key)
        if not any(source.path == key for source, _stat in scanner.files):
            self._drop(key)  # no longer content (or now a problem link)
        # Re-parsing over the existing entry keeps its last good version.
        self._take(scanner)

    def _locate(self, path: str) -> tuple[int, tuple[str, ...]] | None:
        """The root a path is under (the first one, as roots are listed) and its parts."""
        for index, root in enumerate(self._abs_roots):
            if inside(path, root):
                rel = os.path.relpath(path, root)
                return index, tuple(part for part in rel.split(os.sep) if part != ".")
        return None

    def _scan_folder(self, index: int, rel: tuple[str, ...], key: str) -> None:
        if rel and (rel[0] not in CONTENT_FOLDERS or any(ignored_name(p) for p in rel)):
            return
        scanner = Scanner(self.roots[index], index)
        scanner.scan(rel)
        self._take(scanner)

    def _scan_file(self, index: int, rel: tuple[str, ...], key: str) -> Scanner:
        """A scanner holding the one file at `key` if it is content (or its problem)."""
        scanner = Scanner(self.roots[index], index)
        if classify(rel) is None:
            return scanner
        if not inside(os.path.realpath(os.path.dirname(key)), scanner.root_real):
            message = "this file is reached through a link that leaves the content folder"
            scanner.problems.append(Problem(key, 1, message))
            return scanner
        try:
            is_link = stat_module.S_ISLNK(os.lstat(key).st_mode)
        except OSError:
            return scanner  # gone again already
        if not is_link or scanner.allowed_link(key, rel, directory=False):
            scanner.add_file(key, rel, is_link, lambda: os.stat(key))
        return scanner

    def _take(self, scanner: Scanner) -> None:
        """Adopt what a partial scan found: problems, and freshly parsed files."""
        for problem in scanner.problems:
            self._scan_problems[problem.path] = problem
        for source, _stat in scanner.files:
            self._reparse(source)

    def _reparse(self, source: SourceFile) -> None:
        previous = self._entries.get(source.path)
        result = parse_source(source)
        if result is None:
            self._drop(source.path)
            return
        parsed, stat = result
        self._cache_dirty = True
        if previous is None:
            self._entries[source.path] = _Entry(source, stat, parsed)
            self._order = None
            return
        # Update in place: the sorted order holds this object, and `good` (the version
        # last accepted by the cross-file checks, kept up by _assemble) must survive.
        previous.source, previous.stat, previous.parsed = source, stat, parsed

    def _drop(self, key: str) -> None:
        if self._entries.pop(key, None) is not None:
            self._order = None
            self._cache_dirty = True
        self._scan_problems.pop(key, None)

    def _drop_under(self, folder: str) -> None:
        prefix = folder.rstrip(os.sep) + os.sep
        for key in [k for k in self._entries if k.startswith(prefix)]:
            self._drop(key)
        for key in [k for k in self._scan_problems if k == folder or k.startswith(prefix)]:
            del self._scan_problems[key]

    # --- cross-file checks ------------------------------------------------------------------

    def _assemble(self) -> Library:
        order = self._sorted_entries()
        candidates = [
            (entry.parsed, entry.good if entry.parsed.item is None else None, entry.source.root)
            for entry in order
        ]
        library, accepted = assemble(candidates, self._scan_problems.values(), self._memo)
        for entry in order:  # only a file whose current version has an item is accepted
            if entry.parsed.path in accepted:
                entry.good = entry.parsed
        return library


def load_library(roots: Sequence[Path], cache_path: Path | None = None) -> Library:
    """Load the stacked `roots` once (bundled first, then the user's folders)."""
    return ContentIndex(roots, cache_path).load()


__all__ = [
    "ContentIndex",
    "load_library",
    "parse_source",
    "read_source",
]
