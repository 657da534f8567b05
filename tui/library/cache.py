"""The on-disk index of parsed content files, for fast later starts.

One JSON file holds every file's parse result keyed by its path, with the `(mtime_ns,
size, inode)` it was read at. A later start stats each file and reuses the cached result
when the stat matches. The cache is only ever an accelerator: anything unreadable,
corrupt, from another version of the parser, or for other content folders is ignored and
rebuilt. It is written atomically (temporary file, then `os.replace`), so a crash never
leaves half a cache behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tui.core import model
from tui.core.model import (
    Competency,
    Problem,
    Prompt,
    Round,
    Scaffold,
    Step,
    Story,
    StoryPart,
    Track,
)
from tui.library import (
    fields,
    frontmatter,
    markdown_body,
    parse_stories,
    sanitize,
    yaml_fast,
    yaml_values,
)
from tui.library import parse as content_parse
from tui.library.parse import FileKind, Item, Parsed

StatKey = tuple[int, int, int]
"""(mtime_ns, size, inode) of a file when it was read."""

_ITEM_TYPES: dict[str, type[Item]] = {
    "track": Track,
    "prompt": Prompt,
    "scaffold": Scaffold,
    "round": Round,
    "competency": Competency,
    "story": Story,
}
_KINDS: tuple[FileKind, ...] = ("track", "prompt", "scaffold", "round", "competency", "story")
#: Where a story's parts sit among its fields (encoded as [title, text] pairs).
_STORY_PARTS = [f.name for f in dataclasses.fields(Story)].index("parts")


def _signature() -> str:
    """Changes whenever the parser or the model changes, so old caches are dropped."""
    digest = hashlib.sha256()
    parser = (
        content_parse,
        parse_stories,
        fields,
        markdown_body,
        frontmatter,
        yaml_fast,
        yaml_values,
        sanitize,
    )
    for module in (*parser, model):
        source = module.__file__
        if source:
            with contextlib.suppress(OSError):
                digest.update(Path(source).read_bytes())
    # The field order of the model classes is part of the format.
    for cls in _ITEM_TYPES.values():
        digest.update(repr([f.name for f in dataclasses.fields(cls)]).encode())
    return digest.hexdigest()[:24]


def read_cache(path: Path, roots: Sequence[str]) -> dict[str, tuple[StatKey, Parsed]]:
    """The cached parse results for `roots`, or an empty dict if there is no usable cache."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read())
        if data.get("signature") != _signature() or data.get("roots") != list(roots):
            return {}
        files = data["files"]
        return {key: (_stat_key(entry[0]), _decode(key, entry[1])) for key, entry in files.items()}
    except Exception:  # any kind of corruption: the cache is only an accelerator
        return {}


def write_cache(
    path: Path, roots: Sequence[str], entries: Mapping[str, tuple[StatKey, Parsed]]
) -> bool:
    """Write the cache atomically; False (and no cache) if it could not be written."""
    data = {
        "signature": _signature(),
        "roots": list(roots),
        "files": {key: [list(stat), _encode(parsed)] for key, (stat, parsed) in entries.items()},
    }
    text = json.dumps(data, separators=(",", ":"), check_circular=False)
    temp_name = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="ascii", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as handle:
            temp_name = handle.name
            handle.write(text)
        os.replace(temp_name, path)
        return True
    except OSError:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        return False


def _stat_key(value: Any) -> StatKey:
    mtime, size, inode = value
    if not all(type(part) is int for part in (mtime, size, inode)):
        raise ValueError("bad stat in cache")
    return (mtime, size, inode)


def _encode(parsed: Parsed) -> list[Any]:
    item: list[Any] | None = None
    if parsed.item is not None:
        # A dataclass's __dict__ holds its fields in declaration order: the order the
        # decoder passes them back in (and 6x faster than dataclasses.fields()).
        item = list(vars(parsed.item).values())
        if isinstance(parsed.item, Scaffold):
            item[2] = [[s.title, s.guidance, s.seconds, s.share] for s in parsed.item.steps]
        elif isinstance(parsed.item, Story):
            item[_STORY_PARTS] = [[p.title, p.text] for p in parsed.item.parts]
    problems = [[p.line, p.message] for p in parsed.problems]
    return [parsed.kind, parsed.folder, dict(parsed.lines), problems, item]


def _decode(path: str, value: list[Any]) -> Parsed:
    kind, folder, lines, problems, raw_item = value
    if kind not in _KINDS or not isinstance(folder, str) or not isinstance(lines, dict):
        raise ValueError("bad record in cache")
    item: Item | None = None
    if raw_item is not None:
        values: list[Any] = [tuple(v) if type(v) is list else v for v in raw_item]
        if kind == "scaffold":
            values[2] = tuple(Step(*step) for step in values[2])
        elif kind == "story":
            values[_STORY_PARTS] = tuple(StoryPart(*part) for part in values[_STORY_PARTS])
        item = _ITEM_TYPES[kind](*values)
    return Parsed(
        kind=kind,
        path=path,
        item=item,
        problems=tuple(Problem(path, int(line), str(message)) for line, message in problems),
        folder=folder,
        lines=lines,
    )
