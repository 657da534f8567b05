"""Round history in the store (issue 13): past runs, the round an attempt was part of, and
history filtered by round."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tui.core.model import Prompt, Scaffold, Step
from tui.core.records import ANY_ROUND, AnswerProgress, HistoryQuery, RoundPart
from tui.store import Store
from tui.store.errors import NotFoundError

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCAFFOLD = Scaffold(id="s", title="S", steps=(Step("One"),))


def prompt(pid: str) -> Prompt:
    return Prompt(
        id=pid, title=pid.title(), track="pm", kind="case", scaffold="s", minutes=10, question="?"
    )  # type: ignore[arg-type]


PRICING, GROWTH, CHURN = prompt("pm-pricing"), prompt("pm-growth"), prompt("pm-churn")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


def answered(store: Store, p: Prompt, minutes: int, run_id: int | None = None) -> int:
    started = T0 + timedelta(minutes=minutes)
    attempt_id = store.start_attempt(p, SCAFFOLD, 600, round_run_id=run_id, now=started)
    store.submit(attempt_id, AnswerProgress((), elapsed_s=60), now=started + timedelta(minutes=1))
    return attempt_id


@pytest.fixture
def runs(store: Store) -> dict[str, int]:
    """Two runs of pm-loop (one finished, one ended early), one of pm-quick still
    running, and an attempt outside any round."""
    loop = store.start_round("pm-loop", ["pm-pricing", "pm-growth"], now=T0)
    found = {
        "loop_pricing": answered(store, PRICING, 1, loop),
        "loop_growth": answered(store, GROWTH, 5, loop),
    }
    store.finish_round(loop, now=T0 + timedelta(minutes=10))
    early = store.start_round("pm-loop", ["pm-growth", "pm-churn"], now=T0 + timedelta(hours=1))
    found["early_growth"] = answered(store, GROWTH, 61, early)
    store.abandon_round(early, now=T0 + timedelta(hours=2))
    quick = store.start_round("pm-quick", ["pm-churn"], now=T0 + timedelta(hours=3))
    found["quick_churn"] = answered(store, CHURN, 181, quick)
    found["alone"] = answered(store, CHURN, 300)
    found.update(loop_run=loop, early_run=early, quick_run=quick)
    return found


def ids(store: Store, round_id: str) -> set[int]:
    return {a.id for a in store.attempts(HistoryQuery(round_id=round_id))}


def test_past_rounds_are_the_ended_runs_newest_first(store: Store, runs: dict[str, int]) -> None:
    past = store.past_rounds()
    assert [r.id for r in past] == [runs["early_run"], runs["loop_run"]]
    assert [r.status for r in past] == ["abandoned", "finished"]
    assert past[1].prompt_ids == ("pm-pricing", "pm-growth")
    assert past[1].started_at == T0
    assert store.round_run(runs["quick_run"]).status == "running"
    with pytest.raises(NotFoundError):
        store.round_run(runs["quick_run"] + 100)


def test_an_attempt_knows_which_part_of_which_round_it_was(
    store: Store, runs: dict[str, int]
) -> None:
    part = store.attempt(runs["loop_growth"]).round_part
    assert part == RoundPart(
        run_id=runs["loop_run"],
        round_id="pm-loop",
        number=2,
        of=2,
        started_at=T0,
        status="finished",
    )
    assert store.attempt(runs["early_growth"]).round_part == RoundPart(
        runs["early_run"], "pm-loop", 1, 2, T0 + timedelta(hours=1), "abandoned"
    )
    assert store.attempt(runs["alone"]).round_part is None


def test_history_filters_by_round(store: Store, runs: dict[str, int]) -> None:
    everything = ids(store, "")
    assert runs["alone"] in everything and len(everything) == 5
    assert ids(store, ANY_ROUND) == everything - {runs["alone"]}
    assert ids(store, "pm-loop") == {
        runs["loop_pricing"],
        runs["loop_growth"],
        runs["early_growth"],
    }
    assert ids(store, "pm-quick") == {runs["quick_churn"]}
    assert ids(store, "no-such-round") == set()
    assert store.count_attempts(HistoryQuery(round_id="pm-loop", prompt_id="pm-growth")) == 2


def test_answered_per_round_run_counts_submitted_attempts(
    store: Store, runs: dict[str, int]
) -> None:
    assert store.answered_per_round_run() == {
        runs["loop_run"]: 2,
        runs["early_run"]: 1,
        runs["quick_run"]: 1,
    }
