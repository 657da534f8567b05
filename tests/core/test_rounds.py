"""Mock rounds: picking prompts, per-question limits, and progress through a run."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import make_prompt
from tui.core.model import Kind, Library, Prompt, Round
from tui.core.records import RoundRunRecord
from tui.core.rounds import (
    ActiveRun,
    RoundClock,
    RoundProgress,
    RoundRunContext,
    pick_round_prompts,
    round_time_limits,
    round_total_s,
)


def prompt(pid: str, category: str, kind: Kind = "case", track: str = "pm") -> Prompt:
    return make_prompt(pid, kind=kind, category=category, track=track, title=pid.upper())


LIBRARY = Library(
    prompts={
        p.id: p
        for p in [
            prompt("d1", "discovery"),
            prompt("d2", "discovery"),
            prompt("r1", "retention"),
            prompt("r2", "retention", kind="behavioral"),
            prompt("m1", "monetization"),
            prompt("m2", "monetization", kind="design"),
            prompt("x1", "discovery", track="eng"),
        ]
    }
)
PM_IN_LIBRARY_ORDER = ["d1", "d2", "m1", "m2", "r1", "r2"]  # category, then title


def rule(**fields: object) -> Round:
    base: dict[str, object] = {
        "id": "hm",
        "title": "Hiring manager",
        "track": "pm",
        "minutes": 45,
        "per_question": 15,
        "count": 3,
    }
    base.update(fields)
    return Round(**base)  # type: ignore[arg-type]


# -- pick_round_prompts ---------------------------------------------------------------------


def test_fixed_list_keeps_its_order_and_skips_missing_ids() -> None:
    round_ = rule(prompts=("r1", "gone", "d2", "m1"), count=0)
    assert pick_round_prompts(round_, LIBRARY, random.Random(1)) == ["r1", "d2", "m1"]


def test_fixed_list_with_random_order_is_a_shuffle_of_it() -> None:
    round_ = rule(prompts=("r1", "d2", "m1", "d1", "m2"), order="random", count=0)
    orders = {tuple(pick_round_prompts(round_, LIBRARY, random.Random(s))) for s in range(20)}
    assert all(sorted(o) == ["d1", "d2", "m1", "m2", "r1"] for o in orders)
    assert len(orders) > 1


def test_rule_filters_by_track_category_and_kind() -> None:
    round_ = rule(count=10, categories=("discovery", "retention"), kinds=("case",))
    assert pick_round_prompts(round_, LIBRARY, random.Random(0)) == ["d1", "d2", "r1"]


def test_rule_without_filters_takes_the_whole_track_when_count_is_large() -> None:
    round_ = rule(count=99)
    assert pick_round_prompts(round_, LIBRARY, random.Random(0)) == PM_IN_LIBRARY_ORDER


def test_rule_with_fixed_order_asks_a_random_subset_in_library_order() -> None:
    round_ = rule(count=3)
    picks = [pick_round_prompts(round_, LIBRARY, random.Random(s)) for s in range(30)]
    for chosen in picks:
        assert len(chosen) == 3
        assert chosen == [p for p in PM_IN_LIBRARY_ORDER if p in chosen]
    assert len({tuple(c) for c in picks}) > 1  # the subset varies between runs


def test_rule_with_random_order_varies_the_order() -> None:
    round_ = rule(count=6, order="random")
    orders = {tuple(pick_round_prompts(round_, LIBRARY, random.Random(s))) for s in range(30)}
    assert all(sorted(o) == sorted(PM_IN_LIBRARY_ORDER) for o in orders)
    assert len(orders) > 1


def test_rule_with_no_match_or_zero_count_picks_nothing() -> None:
    assert pick_round_prompts(rule(categories=("pricing",)), LIBRARY, random.Random(0)) == []
    assert pick_round_prompts(rule(count=0), LIBRARY, random.Random(0)) == []
    assert pick_round_prompts(rule(track="nobody"), LIBRARY, random.Random(0)) == []


@given(
    seed=st.integers(0, 2**32),
    count=st.integers(0, 8),
    order=st.sampled_from(["fixed", "random"]),
)
def test_picking_is_deterministic_for_a_seed_and_never_repeats(
    seed: int, count: int, order: str
) -> None:
    round_ = rule(count=count, order=order)
    first = pick_round_prompts(round_, LIBRARY, random.Random(seed))
    assert first == pick_round_prompts(round_, LIBRARY, random.Random(seed))
    assert len(first) == len(set(first)) == min(count, len(PM_IN_LIBRARY_ORDER))
    assert set(first) <= set(PM_IN_LIBRARY_ORDER)


# -- round_time_limits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "per_question", "n", "expected"),
    [
        (45, 15, 3, [900, 900, 900]),
        (45, 15, 2, [900, 900]),  # fewer questions than fit: each still gets per_question
        (40, 15, 3, [900, 900, 600]),  # the last one trimmed to what is left
        (45, 15, 4, [900, 900, 900, 0]),  # no time left for the fourth
        (10, 15, 2, [600, 0]),
        (45, 15, 0, []),
    ],
)
def test_round_time_limits(minutes: int, per_question: int, n: int, expected: list[int]) -> None:
    round_ = rule(minutes=minutes, per_question=per_question)
    assert round_time_limits(round_, n) == expected


@given(st.integers(0, 240), st.integers(0, 60), st.integers(0, 20))
def test_time_limits_never_exceed_the_round(minutes: int, per_question: int, n: int) -> None:
    limits = round_time_limits(rule(minutes=minutes, per_question=per_question), n)
    assert len(limits) == n
    assert sum(limits) <= minutes * 60
    assert all(0 <= s <= per_question * 60 for s in limits)
    # Trimming only ever happens at the end: limits never go up again.
    assert limits == sorted(limits, reverse=True)


def test_negative_question_count_is_refused() -> None:
    with pytest.raises(ValueError):
        round_time_limits(rule(), -1)


# -- RoundProgress --------------------------------------------------------------------------


def test_progress_walks_through_the_questions() -> None:
    progress = RoundProgress.start(["a", "b", "c"], [900, 900, 600])
    assert (progress.current, progress.current_prompt, progress.current_limit_s) == (0, "a", 900)
    progress = progress.record(870.5)
    progress = progress.record(960.0, overtime_s=60.0)
    assert (progress.current, progress.current_prompt, progress.current_limit_s) == (2, "c", 600)
    assert not progress.done
    assert progress.total_used_s == 1830.5
    progress = progress.record(300)
    assert progress.done
    assert progress.current_prompt is None
    assert progress.current_limit_s == 0
    with pytest.raises(ValueError):
        progress.record(1)


def test_progress_drops_questions_without_time() -> None:
    progress = RoundProgress.start(["a", "b", "c"], [900, 300, 0])
    assert progress.prompt_ids == ("a", "b")
    assert progress.limits_s == (900, 300)


def test_progress_needs_one_limit_per_prompt() -> None:
    with pytest.raises(ValueError):
        RoundProgress.start(["a", "b"], [900])


def test_summary_rows_cover_answered_and_unanswered_questions() -> None:
    progress = RoundProgress.start(["a", "b"], [900, 600]).record(950, overtime_s=50)
    rows = progress.summary()
    assert [
        (r.number, r.prompt_id, r.limit_s, r.used_s, r.overtime_s, r.answered) for r in rows
    ] == [
        (1, "a", 900, 950, 50, True),
        (2, "b", 600, 0, 0, False),
    ]


def test_record_is_immutable() -> None:
    start = RoundProgress.start(["a"], [60])
    start.record(10)
    assert start.current == 0


# -- the round clock ------------------------------------------------------------------------


def test_round_total_is_the_files_minutes_when_given() -> None:
    # The values interview: four questions of ten minutes in a forty-five-minute round.
    assert round_total_s(45, [600, 600, 600, 600]) == 45 * 60


def test_round_total_without_minutes_is_the_sum_of_the_questions() -> None:
    assert round_total_s(0, [900, 600, 300]) == 1800
    assert round_total_s(0, []) == 0


def test_round_clock_counts_down_then_counts_overtime() -> None:
    clock = RoundClock(total_s=2700, used_s=820)
    assert (clock.remaining_s, clock.overtime_s, clock.time_up) == (1880, 0, False)
    over = RoundClock(total_s=2700, used_s=2830.5)
    assert (over.remaining_s, over.overtime_s, over.time_up) == (0, 130.5, True)
    assert RoundClock(total_s=60, used_s=60).time_up


def test_context_clock_adds_this_questions_time_to_the_rounds() -> None:
    context = RoundRunContext(
        run_id=1,
        index=1,
        total=4,
        limit_s=600,
        on_submitted=lambda _id: None,
        title="Hiring manager loop",
        total_s=2700,
        used_before_s=700,
    )
    assert context.position == "Round: Hiring manager loop · question 2 of 4"
    assert context.clock(120).used_s == 820
    assert context.clock(-5).used_s == 700  # a timer never reports negative time


def test_a_stored_run_is_timed_by_its_round_as_the_library_has_it() -> None:
    round_ = rule(minutes=20, per_question=15)
    library = replace(LIBRARY, rounds={"hm": round_})
    record = RoundRunRecord(id=7, round_id="hm", prompt_ids=("d1", "r1"), position=1)
    run = ActiveRun.of_record(record, library)
    assert run == ActiveRun(7, "hm", "Hiring manager", ("d1", "r1"), (900, 300), 1200)


def test_a_run_whose_round_file_is_gone_keeps_each_prompts_own_minutes() -> None:
    record = RoundRunRecord(id=7, round_id="gone", prompt_ids=("d1", "deleted"))
    run = ActiveRun.of_record(record, LIBRARY)
    assert (run.title, run.limits_s, run.total_s) == ("gone", (900, 0), 900)


def test_round_part_line_names_the_part_the_round_and_when_it_started() -> None:
    from datetime import UTC, datetime

    from tui.core.records import RoundPart
    from tui.core.rounds import round_part_line

    started = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    local = started.astimezone().strftime("%Y-%m-%d %H:%M")
    part = RoundPart(3, "pm-loop", 2, 3, started, "finished")
    assert round_part_line(part, "PM loop") == f"Part 2 of round PM loop (started {local})"
    # The round file is gone: its id stands in. A run ended early says so.
    ended = RoundPart(3, "pm-loop", 1, 3, None, "abandoned")
    assert round_part_line(ended) == "Part 1 of round pm-loop · ended early"
    assert round_part_line(replace(ended, number=0)).startswith("Part of round pm-loop")
