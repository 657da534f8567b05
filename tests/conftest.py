"""Shared fixtures: a private data directory for every test, a fake clock, a ready App."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

# Pinned before Textual is imported anywhere: either one changes what snapshots show.
os.environ["NO_COLOR"] = "1"
os.environ["TEXTUAL_THEME"] = "textual-dark"
os.environ.pop("TEXTUAL", None)
os.environ["TZ"] = "UTC"  # history shows local times
time.tzset()

from hypothesis import settings as hypothesis_settings  # noqa: E402

from tui.core.model import Kind, Prompt  # noqa: E402  (after the pins above; imports no Textual)

# In CI the property tests draw the same examples every run: a landing must not hang on a
# random draw. Locally they stay random (and remember what failed), to keep finding bugs.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
APP_CONTENT = FIXTURES / "app"
BASIC_CONTENT = FIXTURES / "content_basic"
FROZEN_NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


class FakeClock:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Hand the long single tests to the xdist workers first, so none finishes the run.

    mypy and ruff (seconds each, more on a fresh clone with no mypy cache) would otherwise
    be collected last and start when the other worker has nothing left to do.
    """
    items.sort(key=lambda item: item.path.name != "test_code_health.py")


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG data, cache and home at a temp dir so no test touches the real user's files."""
    root = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))
    monkeypatch.setenv("HOME", str(root))
    return root


@pytest.fixture(autouse=True)
def notices_wait_for_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the wall clock notifications expire by (textual.notifications reads time()).

    An information notice lasts 3 s: on a loaded machine a test could see one it asserts
    on expire between two steps. No test is about a notice timing out (shown toasts still
    leave on their own timer).
    """
    import textual.notifications

    frozen = time.time()
    monkeypatch.setattr(textual.notifications, "time", lambda: frozen)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'caseroom.db'}"


def make_config(
    db_url: str,
    clock: FakeClock,
    content: list[Path] | None = None,
    *,
    cache: Path | None = None,
) -> object:
    from tui.app import AppConfig

    return AppConfig(
        content_dirs=content or [APP_CONTENT],
        db_url=db_url,
        cache_path=cache,
        watch=False,
        clock=clock,
        now=lambda: FROZEN_NOW,
    )


@pytest.fixture
def make_app(db_url: str, clock: FakeClock) -> Iterator[object]:
    """A factory for CaseroomApp on the test content, a temp database and the fake clock."""
    from tui.app import AppConfig, CaseroomApp

    def build(content: list[Path] | None = None, url: str | None = None) -> CaseroomApp:
        config = make_config(url or db_url, clock, content)
        assert isinstance(config, AppConfig)
        return CaseroomApp(config)

    yield build


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A private copy of the small fixture library (tests/fixtures/content_basic)."""
    target = tmp_path / "content"
    shutil.copytree(BASIC_CONTENT, target)
    return target


def make_prompt(
    pid: str,
    *,
    kind: Kind = "case",
    category: str = "",
    track: str = "pm",
    title: str | None = None,
) -> Prompt:
    """A minimal valid prompt on the six-step scaffold, for logic tests that need many."""
    return Prompt(
        id=pid,
        title=title if title is not None else pid.title(),
        track=track,
        kind=kind,
        scaffold="six-step",
        minutes=15,
        question="?",
        category=category,
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A throwaway PostgreSQL for this test session (tests/postgres.py). Skips where the
    machine has no server binaries, except in CI, where that is a failure."""
    from tests.postgres import server_bindir, throwaway_server

    bindir = server_bindir()
    if bindir is None:
        reason = "no PostgreSQL server binaries (pg_config --bindir) on this machine"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    with throwaway_server(bindir) as server:
        yield server


#: Tests that run the real file watcher (watchfiles): one at a time, on one xdist worker,
#: so a busy neighbour's file churn or inotify limits cannot slow their OS watch.
WATCHER = pytest.mark.xdist_group("watcher")


#: The OS watches (watchfiles' RustNotify) set up during the running test.
OS_WATCHES: list[object] = []


@pytest.fixture
def os_watches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Record each OS watch once it exists: a change made before that would go unseen.

    RustNotify adds the (recursive) inotify watches in its constructor, so once it has
    returned, every later change under the roots is reported.
    """
    import watchfiles.main

    real = watchfiles.main.RustNotify

    def recording(*args: Any, **kwargs: Any) -> Any:
        watcher = real(*args, **kwargs)
        OS_WATCHES.append(watcher)
        return watcher

    OS_WATCHES.clear()
    monkeypatch.setattr(watchfiles.main, "RustNotify", recording)
    yield OS_WATCHES
    OS_WATCHES.clear()


@pytest.fixture
def pg_url(postgres_server: Any) -> Iterator[str]:
    """A new, empty database on the session's server, dropped afterwards."""
    import sqlalchemy

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_server.url(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
