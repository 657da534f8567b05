"""Where caseroom keeps things: the bundled library, the user's data, the database URL."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "caseroom"


def bundled_content_dir() -> Path:
    """The library shipped with caseroom.

    A wheel carries it inside the package as `tui/_content`; a source checkout or an
    editable install has it at the repository root as `content/`.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_content"
    if packaged.is_dir():
        return packaged
    return here.parent / "content"


def user_data_dir() -> Path:
    """The per-user data directory (honours XDG_DATA_HOME through platformdirs)."""
    # platformdirs is small and cheap to import, but keep it out of module import anyway so
    # that `tui.paths` stays free to import from anywhere.
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_content_dir() -> Path:
    """The user's own content folder, watched and stacked on top of the bundled library."""
    return user_data_dir() / "content"


def config_dir() -> Path:
    """The per-user config folder (honours XDG_CONFIG_HOME through platformdirs)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    """`config.toml`: the settings a person writes (caseroom never rewrites it unasked)."""
    return config_dir() / "config.toml"


def state_path() -> Path:
    """`state.json` beside the config: what the app remembers by itself (the theme)."""
    return config_dir() / "state.json"


def cache_dir() -> Path:
    """Where the content index cache lives; safe to delete at any time."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def findable_dirs(name: str) -> list[Path]:
    """Folders a person can find again for files written on their behalf, best first.

    Exports and rescued answers go to `~/<name>`, or to the temp folder when home is not
    writable (a read-only home is one of the failures we must survive).
    """
    import tempfile

    return [Path.home() / name, Path(tempfile.gettempdir()) / name]


def database_url(path_or_url: str | None) -> str:
    """Turn `--db` into a SQLAlchemy URL.

    Anything containing `://` is taken as a URL as it is; anything else is a file path for
    SQLite. With no `--db`, the database lives in the user data directory.
    """
    if path_or_url and "://" in path_or_url:
        return path_or_url
    path = Path(path_or_url) if path_or_url else user_data_dir() / "caseroom.db"
    path = Path(os.path.expanduser(path)).resolve()
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)
