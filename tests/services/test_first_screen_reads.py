"""The first screen's figures on plain sqlite3 (tui.store.peek_reads.SqliteReads and
tui.services.progress.first_screen_reads) are the store's: every read, on a file filled
through the store's and the services' own writes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.test_store import PRICING, SIX_STEP, T0
from tui.core.model import Prompt
from tui.core.records import AnswerProgress, HistoryQuery
from tui.services import drafts, planning, reviews, rounds
from tui.services.progress import (
    attempts_by_track,
    first_screen_figures,
    first_screen_reads,
    practice_so_far,
)
from tui.store import Store
from tui.store.peek_reads import SqliteReads

PROMPTS = (
    PRICING,
    replace(PRICING, id="pm-metrics", title="Metrics"),
    replace(PRICING, id="el-story", track="eng-lead", kind="behavioral"),
    replace(PRICING, id="el-conflict", track="eng-lead", kind="behavioral"),
)
#: "Now" for the figures: the day starts at NOW's midnight, the `since` of done_today.
NOW = datetime(2026, 3, 5, 15, 0, tzinfo=T0.tzinfo)
MIDNIGHT = NOW.replace(hour=0)


@dataclass
class Filler:
    """Writes through the services, remembering what it made."""

    store: Store
    submitted: list[tuple[int, Prompt]] = field(default_factory=list)
    draft_ids: list[int] = field(default_factory=list)
    run_id: int | None = None
    started: list[int] = field(default_factory=list)

    def release_all(self) -> None:
        """Give back the leases drafts.start_attempt took (this process holds them)."""
        for attempt_id in self.started:
            drafts.release_attempt(self.store, attempt_id)

    def start(self, prompt: Prompt, at: datetime, *, story: str | None = None) -> int:
        attempt_id = drafts.start_attempt(
            self.store, prompt, SIX_STEP, 300, now=at, story_id=story, round_run_id=self.run_id
        )
        self.draft_ids.append(attempt_id)
        self.started.append(attempt_id)
        return attempt_id

    def submit(self, prompt: Prompt, at: datetime, *, story: str | None = None) -> int:
        attempt_id = self.start(prompt, at - timedelta(minutes=5), story=story)
        snapshot = drafts.DraftSnapshot(attempt_id, AnswerProgress((), elapsed_s=60))
        drafts.submit_attempt(self.store, snapshot, now=at)
        self.draft_ids.remove(attempt_id)
        self.submitted.append((attempt_id, prompt))
        return attempt_id

    def abandon(self, prompt: Prompt, at: datetime) -> None:
        attempt_id = self.start(prompt, at)
        drafts.abandon_attempt(self.store, attempt_id)
        self.draft_ids.remove(attempt_id)

    def review(self, nth: int, score: int, *, blind: bool = False, at: datetime = NOW) -> None:
        attempt_id, prompt = self.submitted[nth % len(self.submitted)]
        checks = {"Clarified the goal?": score > 2, "Prioritised?": score > 3}
        reviews.save_review(
            self.store,
            attempt_id,
            prompt.id,
            checks=checks,
            score=score,
            notes="",
            blind=blind,
            now=at,
        )


def fill(store: Store) -> Filler:
    """Every kind of row the first screen reads, and a few it must leave out."""
    f = Filler(store)
    day1 = T0
    f.submit(PROMPTS[0], day1, story="s-churn")
    f.submit(PROMPTS[0], day1 + timedelta(hours=1))
    f.submit(PROMPTS[2], day1 + timedelta(hours=2), story="s-churn")
    f.submit(PROMPTS[3], MIDNIGHT - timedelta(microseconds=1), story="s-hire")  # yesterday
    f.submit(PROMPTS[1], MIDNIGHT)  # today, on the boundary (since is inclusive)
    f.submit(PROMPTS[2], NOW - timedelta(hours=1))
    f.abandon(PROMPTS[1], day1)
    f.start(PROMPTS[3], NOW - timedelta(minutes=30))  # a draft outside a round
    f.review(0, 2, blind=True, at=day1)  # blind first: not the score
    f.review(0, 4, at=day1 + timedelta(minutes=1))
    f.review(0, 3)  # edits the first non-blind review in place
    f.review(1, 5)
    f.review(2, 1)
    f.review(3, 2, blind=True)  # only blind: no score
    f.review(4, 3)
    f.run_id = rounds.start_round(store, "mock-1", [p.id for p in PROMPTS[:2]], now=NOW)
    f.submit(PROMPTS[0], NOW - timedelta(minutes=1))  # in the round
    f.start(PROMPTS[1], NOW)  # a round's draft: not offered
    planning.set_plan(store, "product-manager", date(2026, 4, 1), now=day1)
    planning.set_plan(store, "eng-lead", date(2026, 3, 20), now=NOW)
    return f


READS = (
    "attempt_counts_by_track",
    "attempt_counts_by_prompt",
    "schedule_states",
    "story_schedule_states",
    "story_counts",
    "interview_plan",
    "first_reviews",
    "latest_scores",
    "unfinished",
)

QUERIES = (
    HistoryQuery(),
    HistoryQuery(since=MIDNIGHT),
    HistoryQuery(since=MIDNIGHT + timedelta(microseconds=1)),
    HistoryQuery(until=MIDNIGHT),
    HistoryQuery(since=T0, until=MIDNIGHT),
    HistoryQuery(statuses=("draft",)),
    HistoryQuery(statuses=("draft", "abandoned"), since=T0 + timedelta(minutes=30)),
    HistoryQuery(statuses=("submitted", "draft", "abandoned"), until=NOW),
    HistoryQuery(statuses=()),
)


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "caseroom.db"
    with Store.open(f"sqlite:///{path}") as store:
        filler = fill(store)
        yield store, path
        filler.release_all()


def assert_same_reads(store: Store, path: Path) -> None:
    reads = SqliteReads.open(path, url=store.url)
    assert reads is not None
    with reads:
        assert reads.url == store.url
        for name in READS:
            assert getattr(reads, name)() == getattr(store, name)(), name
        for query in QUERIES:
            assert reads.count_attempts(query) == store.count_attempts(query), query
        assert first_screen_figures(reads, NOW) == first_screen_figures(store, NOW)
    figures = first_screen_reads(store.url, NOW)
    assert figures is not None
    assert figures.attempts_by_track == attempts_by_track(store)
    assert figures.so_far == practice_so_far(store, NOW)
    assert figures.drafts_waiting == (drafts.newest_unfinished(store) is not None)


def test_every_read_equals_the_stores(filled: tuple[Store, Path]) -> None:
    store, path = filled
    assert_same_reads(store, path)
    figures = first_screen_reads(store.url, NOW)
    assert figures is not None and figures.drafts_waiting
    assert figures.so_far.done_today == 3  # midnight, an hour ago, and the round's
    assert figures.so_far.plan.plan is not None
    assert figures.so_far.plan.plan.track_id == "eng-lead"
    assert figures.so_far.plan.scores  # the reviews are read


def test_an_empty_file_reads_as_the_store(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    with Store.open(f"sqlite:///{path}") as store:
        assert_same_reads(store, path)
        figures = first_screen_reads(store.url, NOW)
        assert figures is not None and not figures.drafts_waiting


def test_a_draft_another_caseroom_writes_is_not_waiting(tmp_path: Path) -> None:
    path = tmp_path / "caseroom.db"
    with Store.open(f"sqlite:///{path}") as store:
        attempt_id = store.start_attempt(PRICING, SIX_STEP, 300, now=T0)  # no lease here
        code = (
            "import sys, time; from tui.services import leases;"
            f" leases.take({store.url!r}, {attempt_id}); print('held', flush=True);"
            " sys.stdin.read()"
        )
        other = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert other.stdout is not None and other.stdout.readline().strip() == "held"
            figures = first_screen_reads(store.url, NOW)
            assert figures is not None and not figures.drafts_waiting
            assert drafts.newest_unfinished(store) is None
        finally:
            assert other.stdin is not None
            other.stdin.close()
            other.wait(timeout=10)


def test_a_url_that_is_not_a_sqlite_file_has_no_reads(tmp_path: Path) -> None:
    assert first_screen_reads("sqlite://", NOW) is None
    assert first_screen_reads("sqlite:///:memory:", NOW) is None
    assert first_screen_reads("postgresql+psycopg://me@localhost/x", NOW) is None
    assert first_screen_reads(f"sqlite:///{tmp_path / 'missing.db'}", NOW) is None
    assert not (tmp_path / "missing.db").exists()


def test_a_value_that_cannot_be_read_answers_none(filled: tuple[Store, Path]) -> None:
    import sqlite3

    store, path = filled
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schedule SET due = 'not a time'")
    assert first_screen_reads(store.url, NOW) is None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schedule SET due = '2026-03-01 09:00:00.000000'")
        conn.execute("UPDATE interview_plan SET interview_date = 7")
    assert first_screen_reads(store.url, NOW) is None


def test_it_imports_no_sqlalchemy(filled: tuple[Store, Path]) -> None:
    store, _path = filled
    code = (
        "import sys; from datetime import datetime, UTC;"
        " from tui.services.progress import first_screen_reads;"
        f" r = first_screen_reads({store.url!r}, datetime.now(UTC));"
        " assert r is not None and r.attempts_by_track, r;"
        " print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'pydantic')"
        " or m == 'tui.store.store'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- random histories --------------------------------------------------------------------

STEPS = st.lists(
    st.tuples(
        st.sampled_from(("submit", "draft", "abandon", "review", "blind", "round", "plan")),
        st.integers(0, len(PROMPTS) - 1),
        st.integers(-3 * 24 * 60, 60),  # minutes from NOW: some today, some before
        st.sampled_from((None, "s-churn", "s-hire")),
        st.integers(1, 5),
    ),
    max_size=14,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_random_histories_read_as_the_store(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int, str | None, int]]
) -> None:
    path = tmp_path_factory.mktemp("random") / "caseroom.db"
    with Store.open(f"sqlite:///{path}") as store:
        f = Filler(store)
        for op, index, minutes, story, score in steps:
            prompt, at = PROMPTS[index], NOW + timedelta(minutes=minutes)
            if op == "submit":
                f.submit(prompt, at, story=story)
            elif op == "draft":
                f.start(prompt, at, story=story)
            elif op == "abandon":
                f.abandon(prompt, at)
            elif op in ("review", "blind") and f.submitted:
                f.review(index + score, score, blind=op == "blind", at=at)
            elif op == "round":
                f.run_id = (
                    None
                    if f.run_id is not None
                    else rounds.start_round(store, "mock", [prompt.id], now=at)
                )
            elif op == "plan":
                planning.set_plan(store, prompt.track, at.date(), now=at)
        try:
            assert_same_reads(store, path)
        finally:
            f.release_all()
