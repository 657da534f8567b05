"""The content loader: content folders in, one immutable `Library` out.

`ContentIndex` is the engine. `load()` scans every root (bundled first, then the user's
folders), parses each file on its own (`tui.library.parse`, reusing the disk cache when a
file's stat is unchanged), then runs the cheap cross-file checks and publishes a Library.
`apply_changes(paths)` re-reads only the given paths — whatever exists there now — and
publishes a new Library; a file that becomes broken keeps its last good version in use
while its problem is reported.

Hostile content is expected: links leaving a root are reported and not followed, link
loops are cut, non-regular files (a FIFO named `x.md` would block a read forever) are
refused without blocking, reads are capped at the size limit, and a file that vanishes
between listing and reading simply drops out.

Importing this module is light: PyYAML and the standard library only.
"""

from __future__ import annotations

import difflib
import errno
import gc
import os
import stat as stat_module
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, TypeVar

from tui.core.model import Library, Problem, Prompt, Round, Scaffold, Track
from tui.library.cache import StatKey, read_cache, write_cache
from tui.library.frontmatter import MAX_FILE_BYTES, sanitize_text
from tui.library.parse import FileKind, Item, Parsed, parse_content

#: The folders of a content root that hold content; everything else in a root is ignored.
CONTENT_FOLDERS = ("tracks", "scaffolds", "rounds")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_LAST_GOOD = " (the last good version stays in use until this is fixed)"

T = TypeVar("T", Track, Prompt, Scaffold, Round)


class _Check(Protocol[T]):
    """A cross-file check: the item (maybe adjusted) or the problem that rules it out."""

    def __call__(self, parsed: Parsed, item: T, /) -> T | Problem: ...


@dataclass(frozen=True)
class SourceFile:
    """A content file found under a root: where it is and what kind of file it is."""

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
    return None


def _inside(path: str, root_real: str) -> bool:
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


class _Scanner:
    """Lists the content files under one root without following links out of it."""

    def __init__(self, root: str, index: int) -> None:
        self.root = root
        self.index = index
        self.root_real = os.path.realpath(root)
        self.files: list[tuple[SourceFile, StatKey | None]] = []
        self.problems: list[Problem] = []
        self.seen_dirs: set[tuple[int, int]] = set()

    def scan(self, start: tuple[str, ...] = ()) -> None:
        """Walk the root (or only `start`, a folder under it) depth first, sorted by name."""
        tops = [start] if start else [(name,) for name in CONTENT_FOLDERS]
        for rel in tops:
            path = os.path.join(self.root, *rel)
            if os.path.isdir(path) and self._allowed_link(path, rel, directory=True):
                self._walk(path, rel)

    def _allowed_link(self, path: str, rel: tuple[str, ...], directory: bool) -> bool:
        """False (with a problem if it matters) for links that leave the root or loop."""
        real = os.path.realpath(path)
        if not _inside(real, self.root_real):
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
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return  # removed or unreadable while we looked: nothing to list
        for entry in entries:
            if ignored_name(entry.name):
                continue
            child = (*rel, entry.name)
            self._entry(entry, child)

    def _entry(self, entry: os.DirEntry[str], rel: tuple[str, ...]) -> None:
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir()
        except OSError:  # a link that loops: is_dir() cannot tell what it points to
            self.problems.append(Problem(entry.path, 1, "this link loops or points to nothing"))
            return
        if is_link and not self._allowed_link(entry.path, rel, directory=is_dir):
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


def parse_source(source: SourceFile) -> tuple[Parsed, StatKey] | None:
    """Read and parse one file; None when it no longer exists."""
    result = read_source(source.path, source.is_link)
    if result is None:
        return None
    if isinstance(result, Problem):
        return Parsed(source.kind, source.path, None, (result,), source.folder), (0, 0, 0)
    data, stat = result
    return parse_content(source.kind, data, source.path, source.name, source.folder), stat


@dataclass
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

    def __init__(self, roots: Sequence[Path], cache_path: Path | None = None) -> None:
        self.roots = [str(root) for root in roots]
        self._abs_roots = [os.path.abspath(root) for root in self.roots]
        self.cache_path = cache_path
        self.library = Library()
        self._entries: dict[str, _Entry] = {}
        self._scan_problems: dict[str, Problem] = {}
        self._order: list[_Entry] | None = None
        self._cache_dirty = False
        self._loaded = False
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
            if collecting:
                gc.enable()
        self.save_cache()
        return library

    def _load(self) -> Library:
        cached = read_cache(self.cache_path, self.roots) if self.cache_path else {}
        self._entries = {}
        self._scan_problems = {}
        for index, root in enumerate(self.roots):
            scanner = _Scanner(root, index)
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
        if set(cached) != set(self._entries):
            self._cache_dirty = True
        self._order = None
        self._loaded = True
        self.library = self._assemble()
        return self.library

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
                self._cache_dirty = False
            written = write_cache(self.cache_path, self.roots, entries)
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
            if _inside(path, root):
                rel = os.path.relpath(path, root)
                return index, tuple(part for part in rel.split(os.sep) if part != ".")
        return None

    def _scan_folder(self, index: int, rel: tuple[str, ...], key: str) -> None:
        if rel and (rel[0] not in CONTENT_FOLDERS or any(ignored_name(p) for p in rel)):
            return
        scanner = _Scanner(self.roots[index], index)
        scanner.scan(rel)
        self._take(scanner)

    def _scan_file(self, index: int, rel: tuple[str, ...], key: str) -> _Scanner:
        """A scanner holding the one file at `key` if it is content (or its problem)."""
        scanner = _Scanner(self.roots[index], index)
        if classify(rel) is None:
            return scanner
        if not _inside(os.path.realpath(os.path.dirname(key)), scanner.root_real):
            message = "this file is reached through a link that leaves the content folder"
            scanner.problems.append(Problem(key, 1, message))
            return scanner
        try:
            is_link = stat_module.S_ISLNK(os.lstat(key).st_mode)
        except OSError:
            return scanner  # gone again already
        if not is_link or scanner._allowed_link(key, rel, directory=False):
            scanner.add_file(key, rel, is_link, lambda: os.stat(key))
        return scanner

    def _take(self, scanner: _Scanner) -> None:
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
            (entry.parsed, entry.good if entry.parsed.item is None else None) for entry in order
        ]
        library, accepted = assemble(candidates, self._scan_problems.values())
        for entry in order:
            if entry.parsed.item is not None and entry.parsed.path in accepted:
                entry.good = entry.parsed
        return library


def assemble(
    candidates: Sequence[tuple[Parsed, Parsed | None]], extra: Iterable[Problem] = ()
) -> tuple[Library, set[str]]:
    """Run the cross-file checks and build a Library.

    `candidates` holds, in precedence order, each file's current parse and the last good
    version to fall back on when the current one is broken. Returns the Library and the
    paths whose current version was accepted.
    """
    problems: list[Problem] = list(extra)
    accepted: set[str] = set()
    by_kind: dict[FileKind, list[tuple[Parsed, Parsed | None]]] = {
        "track": [],
        "scaffold": [],
        "prompt": [],
        "round": [],
    }
    for current, fallback in candidates:
        if current.item is None:
            note = _LAST_GOOD if fallback is not None and fallback.item is not None else ""
            problems.extend(replace(p, message=p.message + note) for p in current.problems)
        by_kind[current.kind].append((current, fallback))
    checks = _Checks(problems, accepted)
    tracks = checks.unique(by_kind["track"], Track)
    folders: dict[str, str] = {}
    for track_parsed, track in tracks.values():
        folders.setdefault(track_parsed.folder, track.id)
    scaffolds = checks.unique(by_kind["scaffold"], Scaffold)
    prompts = checks.unique(
        by_kind["prompt"], Prompt, lambda p, item: checks.prompt(p, item, folders, scaffolds)
    )
    rounds = checks.unique(
        by_kind["round"], Round, lambda p, item: checks.round(p, item, tracks, prompts)
    )
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    library = Library(
        tracks=MappingProxyType({k: v[1] for k, v in tracks.items()}),
        prompts=MappingProxyType({k: v[1] for k, v in prompts.items()}),
        scaffolds=MappingProxyType({k: v[1] for k, v in scaffolds.items()}),
        rounds=MappingProxyType({k: v[1] for k, v in rounds.items()}),
        problems=tuple(problems),
    )
    return library, accepted


class _Checks:
    def __init__(self, problems: list[Problem], accepted: set[str]) -> None:
        self.problems = problems
        self.accepted = accepted
        self._tracks_prompts: dict[str, list[Prompt]] | None = None

    def _by_track(self, prompts: Mapping[str, tuple[Parsed, Prompt]], track: str) -> list[Prompt]:
        """The accepted prompts of `track` (grouped once: every count round asks)."""
        if self._tracks_prompts is None:
            self._tracks_prompts = {}
            for _parsed, prompt in prompts.values():
                self._tracks_prompts.setdefault(prompt.track, []).append(prompt)
        return self._tracks_prompts.get(track, [])

    def unique(
        self,
        candidates: list[tuple[Parsed, Parsed | None]],
        cls: type[T],
        check: _Check[T] | None = None,
    ) -> dict[str, tuple[Parsed, T]]:
        """Items by id, first file wins; a later duplicate id is a problem."""
        result: dict[str, tuple[Parsed, T]] = {}
        for current, fallback in candidates:
            for option in (current, fallback):
                if option is None or not isinstance(option.item, cls):
                    continue
                item = option.item
                if check is not None:
                    checked = check(option, item)
                    if isinstance(checked, Problem):
                        self._report(option, current, checked)
                        continue
                    item = checked
                other = result.get(item.id)
                if other is not None:
                    line = option.lines.get("id", 1)
                    self._report(
                        option,
                        current,
                        Problem(
                            option.path,
                            line,
                            f'the id "{item.id}" is already used by {other[0].path}',
                        ),
                    )
                    continue
                result[item.id] = (option, item)
                if option is current:
                    self.accepted.add(current.path)
                break
        return result

    def _report(self, option: Parsed, current: Parsed, problem: Problem) -> None:
        # A broken file's own problems are already reported; its fallback's are not news.
        if option is current:
            self.problems.append(problem)

    def prompt(
        self,
        parsed: Parsed,
        prompt: Prompt,
        folders: Mapping[str, str],
        scaffolds: Mapping[str, tuple[Parsed, Scaffold]],
    ) -> Prompt | Problem:
        track_id = folders.get(parsed.folder)
        if track_id is None:
            return Problem(
                parsed.path,
                1,
                f'the track folder "{sanitize_text(parsed.folder)}" has no valid track.md, '
                "so this prompt has no track",
            )
        if prompt.scaffold not in scaffolds:
            hint = _did_you_mean(prompt.scaffold, scaffolds)
            return Problem(
                parsed.path,
                parsed.lines.get("scaffold", 1),
                f'scaffold "{prompt.scaffold}" does not exist{hint}',
            )
        return prompt if prompt.track == track_id else replace(prompt, track=track_id)

    def round(
        self,
        parsed: Parsed,
        round_: Round,
        tracks: Mapping[str, tuple[Parsed, Track]],
        prompts: Mapping[str, tuple[Parsed, Prompt]],
    ) -> Round | Problem:
        if round_.track not in tracks:
            return Problem(
                parsed.path,
                parsed.lines.get("track", 1),
                f'track "{round_.track}" does not exist{_did_you_mean(round_.track, tracks)}',
            )
        for index, prompt_id in enumerate(round_.prompts):
            line = parsed.lines.get(f"prompts.{index}", parsed.lines.get("prompts", 1))
            found = prompts.get(prompt_id)
            if found is None:
                return Problem(
                    parsed.path,
                    line,
                    f'prompt "{prompt_id}" does not exist{_did_you_mean(prompt_id, prompts)}',
                )
            if found[1].track != round_.track:
                return Problem(
                    parsed.path,
                    line,
                    f'prompt "{prompt_id}" belongs to track "{found[1].track}", '
                    f'not to this round\'s track "{round_.track}"',
                )
        if round_.count:
            matching = sum(
                1 for prompt in self._by_track(prompts, round_.track) if _matches(round_, prompt)
            )
            if matching < round_.count:
                return Problem(
                    parsed.path,
                    parsed.lines.get("track", 1),
                    f"the round asks for {round_.count} prompts but only {matching} in track "
                    f'"{round_.track}" match its categories and kinds',
                )
        return round_


def _matches(round_: Round, prompt: Prompt) -> bool:
    return (
        prompt.track == round_.track
        and (not round_.categories or prompt.category in round_.categories)
        and (not round_.kinds or prompt.kind in round_.kinds)
    )


def _did_you_mean(value: str, known: Mapping[str, object]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f' — did you mean "{close[0]}"?' if close else ""


def load_library(roots: Sequence[Path], cache_path: Path | None = None) -> Library:
    """Load the stacked `roots` once (bundled first, then the user's folders)."""
    return ContentIndex(roots, cache_path).load()


__all__ = [
    "CONTENT_FOLDERS",
    "ContentIndex",
    "Item",
    "SourceFile",
    "assemble",
    "classify",
    "load_library",
    "parse_source",
    "read_source",
]
