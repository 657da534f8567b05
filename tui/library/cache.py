"""The on-disk index of parsed content files, for fast later starts.

One file holds every file's parse result keyed by its path, with the `(mtime_ns, size,
inode)` it was read at: a header naming the format, the parser's signature and the Python
that wrote it, a CRC-32 of the rest, then plain tuples in `marshal` (the standard
library's fastest reader of plain data: reading 5,000 prompts takes about half the time
JSON and list-to-dataclass decoding took). A later start stats each file and reuses the
cached result when the stat matches; when every file does, it also reuses what the
cross-file checks made of them (`Checked`, kept unless a broken file stood in with its
last good version), and runs no check at all. The cache is only ever an accelerator: anything
unreadable, corrupt, from another version of the parser or Python, or for other content
folders is ignored and rebuilt. It is written atomically (temporary file, then
`os.replace`), so a crash never leaves half a cache behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import marshal
import os
import sys
import tempfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tui.core import items, model
from tui.core.model import (
    Competency,
    Override,
    Problem,
    Prompt,
    Round,
    Scaffold,
    Step,
    Story,
    StoryPart,
    Track,
)
from tui.library.parsed import Item, Parsed

StatKey = tuple[int, int, int]
"""(mtime_ns, size, inode) of a file when it was read."""

Checked = tuple[
    Mapping[str, tuple[tuple[str, str, "Item | None"], ...]],
    tuple[Problem, ...],
    tuple[Override, ...],
]
"""What the cross-file checks made of the cached files: for each kind, the items in the
Library's order as (id, path of its file, the item when the checks changed it, else None);
the problems they found; the overrides."""

_ITEM_TYPES: dict[str, type[Item]] = {
    "track": Track,
    "prompt": Prompt,
    "scaffold": Scaffold,
    "round": Round,
    "competency": Competency,
    "story": Story,
}
#: Where a story's parts sit among its fields (encoded as (title, text) pairs).
_STORY_PARTS = [f.name for f in dataclasses.fields(Story)].index("parts")


@functools.cache
def _header() -> bytes:
    """The first bytes of a cache this process can read: format, parser, Python."""
    python = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}"
    return f"caseroom-index 2 {_signature()} {python} m{marshal.version}\n".encode()


def _signature() -> str:
    """Changes whenever the parser, the cross-file checks or the model change (every
    module of this package, whose checks' outcome the cache keeps too), so old caches are
    dropped."""
    digest = hashlib.sha256()
    sources = sorted(Path(__file__).parent.glob("*.py"))
    for module in (model, items):
        if module.__file__:
            sources.append(Path(module.__file__))
    for source in sources:
        digest.update(source.name.encode())
        with contextlib.suppress(OSError):
            digest.update(source.read_bytes())
    # The field order of the model classes is part of the format.
    for cls in _ITEM_TYPES.values():
        digest.update(repr([f.name for f in dataclasses.fields(cls)]).encode())
    return digest.hexdigest()[:24]


def read_cache(path: Path, roots: Sequence[str]) -> dict[str, tuple[StatKey, Parsed]]:
    """The cached parse results for `roots`, or an empty dict if there is no usable cache."""
    return read_cache_checked(path, roots)[0]


def read_cache_checked(
    path: Path, roots: Sequence[str]
) -> tuple[dict[str, tuple[StatKey, Parsed]], Checked | None]:
    """The cached parse results for `roots` and what the cross-file checks made of them
    (None if the cache holds none); ({}, None) if there is no usable cache."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        header = _header()
        if not raw.startswith(header):
            return {}, None  # another format, another parser version, or not a cache at all
        body = memoryview(raw)[len(header) + 4 :]
        if zlib.crc32(body) != int.from_bytes(raw[len(header) : len(header) + 4], "big"):
            return {}, None  # torn or damaged: never hand marshal bytes it did not write
        cached_roots, files, checked = marshal.loads(body)
        if cached_roots != tuple(roots):
            return {}, None
        decode = _decode
        found = {key: decode(key, *entry) for key, entry in files.items()}
    except Exception:  # any kind of corruption: the cache is only an accelerator
        return {}, None
    try:
        return found, None if checked is None else _decode_checked(checked)
    except Exception:
        return found, None


def write_cache(
    path: Path,
    roots: Sequence[str],
    entries: Mapping[str, tuple[StatKey, Parsed]],
    checked: Checked | None = None,
) -> bool:
    """Write the cache atomically; False (and no cache) if it could not be written."""
    temp_name = ""
    try:
        files = {key: _encode(stat, parsed) for key, (stat, parsed) in entries.items()}
        outcome = None if checked is None else _encode_checked(checked)
        body = marshal.dumps((tuple(roots), files, outcome))
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "wb", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as handle:
            temp_name = handle.name
            handle.write(_header() + zlib.crc32(body).to_bytes(4, "big") + body)
        os.replace(temp_name, path)
        return True
    except (OSError, ValueError):  # ValueError: a value marshal cannot write
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        return False


def _encode_item(item: Item) -> tuple[Any, ...]:
    # A dataclass's __dict__ holds its fields in declaration order: the order the
    # decoder passes them back in (and 6x faster than dataclasses.fields()).
    values = list(vars(item).values())
    if isinstance(item, Scaffold):
        values[2] = tuple((s.title, s.guidance, s.seconds, s.share) for s in item.steps)
    elif isinstance(item, Story):
        values[_STORY_PARTS] = tuple((p.title, p.text) for p in item.parts)
    return tuple(values)


def _decode_item(kind: str, raw_item: Any) -> Item:
    if kind == "scaffold":
        raw_item = list(raw_item)
        raw_item[2] = tuple(Step(*step) for step in raw_item[2])
    elif kind == "story":
        raw_item = list(raw_item)
        raw_item[_STORY_PARTS] = tuple(StoryPart(*part) for part in raw_item[_STORY_PARTS])
    return _ITEM_TYPES[kind](*raw_item)


def _encode(stat: StatKey, parsed: Parsed) -> tuple[Any, ...]:
    item = None if parsed.item is None else _encode_item(parsed.item)
    problems = tuple((p.line, p.message) for p in parsed.problems)
    return (tuple(stat), parsed.kind, parsed.folder, dict(parsed.lines), problems, item)


def _encode_checked(checked: Checked) -> tuple[Any, ...]:
    kinds, problems, overrides = checked
    return (
        {
            kind: tuple(
                (key, path, None if item is None else _encode_item(item))
                for key, path, item in rows
            )
            for kind, rows in kinds.items()
        },
        tuple((p.path, p.line, p.message) for p in problems),
        tuple((o.path, o.line, o.kind, o.id, o.replaces) for o in overrides),
    )


def _decode_checked(value: Any) -> Checked:
    kinds, problems, overrides = value
    if set(kinds) != set(_ITEM_TYPES):
        raise ValueError("bad checks in cache")
    decoded: dict[str, tuple[tuple[str, str, Item | None], ...]] = {}
    for kind, rows in kinds.items():
        # Rows are (id, path, None) but for an item the checks changed (the loader checks
        # each id and path against the files it has).
        if any(row[2] is not None for row in rows):
            rows = tuple(
                (key, path, None if item is None else _decode_item(kind, item))
                for key, path, item in rows
            )
        decoded[kind] = rows
    return (
        decoded,
        tuple(Problem(str(path), int(line), str(message)) for path, line, message in problems),
        tuple(Override(*override) for override in overrides),
    )


def _decode(
    path: str, stat: Any, kind: Any, folder: Any, lines: Any, problems: Any, raw_item: Any
) -> tuple[StatKey, Parsed]:
    if kind not in _ITEM_TYPES or type(folder) is not str or type(lines) is not dict:
        raise ValueError("bad record in cache")
    item = None if raw_item is None else _decode_item(kind, raw_item)
    found = (
        tuple(Problem(path, int(line), str(message)) for line, message in problems)
        if problems
        else ()
    )
    # A stat of the wrong shape never equals a real one: that file is simply re-read.
    return stat, Parsed(kind, path, item, found, folder, lines)
