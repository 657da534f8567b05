"""What reading one content file yields: the types the loader, its cache and the
cross-file checks pass around, and the size a file may have.

Kept apart from the parser (`tui.library.parse`, which imports PyYAML and the field
checks) so that a start whose every file is in the cache never imports the parser: the
loading thread runs beside the first frame, and those imports held the GIL ~30 ms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from tui.core.model import Competency, Problem, Prompt, Round, Scaffold, Story, Track

#: The largest content file read (a larger one is reported, not read).
MAX_FILE_BYTES = 1 << 20

FileKind = Literal["track", "prompt", "scaffold", "round", "competency", "story"]
Item = Track | Prompt | Scaffold | Round | Competency | Story


@dataclass(frozen=True)
class Parsed:
    """What one file yields on its own.

    `item` is None when the file has problems. `folder` is the track folder a track or a
    prompt lives in (a prompt's `item.track` is that folder until the loader maps it to the
    track's id). `lines` holds the line of each key the cross-file checks may point at:
    `"id"`, `"scaffold"`, `"track"`, `"prompts.0"`, ...
    """

    kind: FileKind
    path: str
    item: Item | None
    problems: tuple[Problem, ...] = ()
    folder: str = ""
    lines: Mapping[str, int] = field(default_factory=dict)
