"""What the App needs from outside: folders, database, clocks, settings, and where the
library comes from.

Plain data, no Textual: the CLI builds an `AppConfig`, tests build one with a frozen clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from tui.core.model import Library, Problem
from tui.core.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


class LibrarySource(Protocol):
    """Where the library comes from: `tui.library.loader.ContentIndex`, or a fixed one in tests."""

    def load(self) -> Library: ...

    def apply_changes(self, paths: Iterable[Path]) -> Library: ...


@dataclass
class AppConfig:
    """Everything the App needs from outside: folders, database, clocks, settings."""

    content_dirs: list[Path]
    db_url: str
    user_content_dir: Path | None = None
    #: The bundled library's folder (inside the install): `e` offers to copy from it first.
    bundled_content_dir: Path | None = None
    cache_path: Path | None = None
    watch: bool = True
    # Injected so tests can freeze time: a monotonic clock for timers, a wall clock for dates.
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = utc_now
    library_source: LibrarySource | None = None
    autosave_delay: float = 0.5
    #: The optional reading minute: a new answer's clock waits for the first key (or a
    #: minute). Off by default: interview realism (the settings' `reading_minute` key).
    reading_minute: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    #: config.toml as read at start (the defaults where it is missing or wrong), what was
    #: wrong in it (shown in the app with path:line), and where it is.
    settings: Settings = field(default_factory=Settings)
    settings_problems: list[Problem] = field(default_factory=list)
    config_file: Path | None = None
    #: state.json, where the theme picked in the palette is remembered; None: not at all.
    state_file: Path | None = None
    #: `--theme` on the command line: wins over config.toml and the remembered pick.
    cli_theme: str | None = None
    #: Put what start-up builds (modules, classes, the store's tables) out of the garbage
    #: collector's reach (`gc.freeze`), so no full collection holds the UI meanwhile, and
    #: switch threads more often until the store is open. The installed command's; off
    #: in tests, where many apps share one process and freezing would keep every earlier
    #: app's garbage for good.
    freeze_gc: bool = False

    @classmethod
    def default(
        cls,
        extra_content: Sequence[Path] = (),
        db: str | None = None,
        *,
        theme: str | None = None,
    ) -> AppConfig:
        """The configuration of the installed command: bundled + user + --content folders,
        and config.toml (read here, before the first frame, so its theme and keys are
        the first frame's: one small file, well under a millisecond to read and parse)."""
        from tui.paths import (
            bundled_content_dir,
            cache_dir,
            config_path,
            database_url,
            state_path,
            user_content_dir,
        )
        from tui.services.settings import load_settings

        user_dir = user_content_dir()
        try:
            user_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            user_dir_usable = False
        else:
            user_dir_usable = True
        dirs = [bundled_content_dir()]
        if user_dir_usable:
            dirs.append(user_dir)
        dirs.extend(Path(d).resolve() for d in extra_content)
        config_file = config_path()
        settings, problems = load_settings(config_file)
        return cls(
            content_dirs=dirs,
            db_url=database_url(db),
            user_content_dir=user_dir if user_dir_usable else None,
            bundled_content_dir=dirs[0],
            cache_path=cache_dir() / "content-index.bin",
            settings=settings,
            settings_problems=problems,
            config_file=config_file,
            state_file=state_path(),
            cli_theme=theme,
            freeze_gc=True,
        )
