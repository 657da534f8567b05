"""PracticeTimer and its helpers, driven by a fake clock (no sleeping, no wall-clock time)."""

from __future__ import annotations

import json

import pytest

from tui.core.durations import format_clock, format_elapsed
from tui.core.timer import PracticeTimer
from tui.core.timer_view import TimerEvent, pace_for, warning_message


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


TIMED_STORY = (30, 60, 90, 30, 30)


def make(
    clock: FakeClock,
    budgets: tuple[int, ...] = (60, 120, 120),
    limit_s: int = 300,
    **options: object,
) -> PracticeTimer:
    return PracticeTimer(budgets, limit_s, clock=clock, **options)  # type: ignore[arg-type]


def kinds(events: list[TimerEvent]) -> list[str]:
    return [e.kind for e in events]


# -- start, idle, elapsed -------------------------------------------------------------------


def test_idle_timer_charges_nothing_until_started() -> None:
    clock = FakeClock()
    timer = make(clock)
    clock.tick(50)
    view = timer.snapshot()
    assert (view.elapsed_s, view.started, view.paused, view.finished) == (0, False, False, False)
    assert timer.poll() == []
    timer.start()
    clock.tick(7)
    assert timer.snapshot().elapsed_s == 7
    assert timer.snapshot().remaining_s == 293


def test_start_twice_does_not_reset_the_clock() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(10)
    timer.start()
    clock.tick(5)
    assert timer.snapshot().elapsed_s == 15


def test_display_follows_the_clock_however_rarely_it_is_read() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(0.25)
    timer.snapshot()
    clock.tick(123.5)  # one long gap, as after a suspend
    view = timer.snapshot()
    assert view.elapsed_s == 123.75
    assert view.step_seconds == (123.75, 0, 0)


def test_invalid_construction_is_refused() -> None:
    clock = FakeClock()
    with pytest.raises(ValueError):
        PracticeTimer([], 60, clock=clock)
    with pytest.raises(ValueError):
        PracticeTimer([10, -1], 60, clock=clock)
    with pytest.raises(ValueError):
        PracticeTimer([10], 0, clock=clock)


# -- per-step recording ---------------------------------------------------------------------


def test_time_goes_to_the_step_the_cursor_is_in() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(20)
    timer.focus_step(2)
    clock.tick(5)
    timer.focus_step(1)
    clock.tick(40)
    timer.focus_step(0)  # coming back adds to what step 0 already had
    clock.tick(3)
    view = timer.snapshot()
    assert view.step_seconds == (23, 40, 5)
    assert view.current_step == 0
    assert view.step_elapsed_s == 23
    assert view.elapsed_s == 68


def test_focus_before_start_moves_the_cursor_without_charging() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.focus_step(1)
    clock.tick(30)
    timer.start()
    clock.tick(4)
    assert timer.snapshot().step_seconds == (0, 4, 0)


def test_focus_out_of_range_raises() -> None:
    timer = make(FakeClock())
    with pytest.raises(IndexError):
        timer.focus_step(3)
    with pytest.raises(IndexError):
        timer.focus_step(-1)


def test_manual_advance_moves_on_and_stays_on_the_last_step() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(10)
    assert timer.advance() is True
    assert timer.advance() is True
    assert timer.advance() is False  # a manual answer ends by submitting, not by advancing
    clock.tick(2)
    view = timer.snapshot()
    assert view.current_step == 2
    assert view.step_seconds == (10, 0, 2)
    assert not view.finished


def test_finish_freezes_the_clock() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(42)
    timer.finish()
    clock.tick(100)
    timer.focus_step(1)
    timer.resume()
    view = timer.snapshot()
    assert view.finished
    assert view.elapsed_s == 42
    assert view.current_step == 0
    assert not view.paused


# -- pause and resume ---------------------------------------------------------------------


def test_paused_time_is_not_charged_to_anything() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(10)
    timer.pause()
    assert timer.paused
    clock.tick(500)
    timer.focus_step(1)  # moving while paused charges nobody
    clock.tick(500)
    assert timer.snapshot().elapsed_s == 10
    timer.resume()
    assert not timer.paused
    clock.tick(6)
    view = timer.snapshot()
    assert view.step_seconds == (10, 6, 0)
    assert timer.poll() == []  # a long pause past the limit fires nothing


def test_pause_twice_and_resume_twice_are_harmless() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(5)
    timer.pause()
    clock.tick(5)
    timer.pause()
    timer.resume()
    clock.tick(5)
    timer.resume()
    clock.tick(5)
    assert timer.snapshot().elapsed_s == 15


def test_resume_before_start_does_not_start() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.resume()
    clock.tick(5)
    assert timer.snapshot().elapsed_s == 0
    assert not timer.paused


# -- warnings, overrun, time up -----------------------------------------------------------


def test_warnings_fire_once_each_at_their_marks() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=(300,), limit_s=300)
    timer.start()
    clock.tick(179)
    assert timer.poll() == []
    clock.tick(1)  # exactly 2:00 left
    events = timer.poll()
    assert [(e.kind, e.message, e.at_s, e.bell) for e in events] == [
        ("warning", "2 minutes left", 180, True)
    ]
    clock.tick(10)
    assert timer.poll() == []
    clock.tick(80)  # 0:30 left
    assert [e.message for e in timer.poll()] == ["30 seconds left"]
    clock.tick(1)
    assert timer.poll() == []


def test_warnings_follow_warn_at_and_skip_marks_not_below_the_limit() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=(60,), limit_s=60, warn_at=(120, 60, 45, 10))
    timer.start()
    clock.tick(59)
    assert [e.message for e in timer.poll()] == ["45 seconds left", "10 seconds left"]


def test_warning_messages_are_generic() -> None:
    assert warning_message(120) == "2 minutes left"
    assert warning_message(60) == "1 minute left"
    assert warning_message(30) == "30 seconds left"
    assert warning_message(1) == "1 second left"
    assert warning_message(90) == "1:30 left"


def test_step_over_budget_fires_once_per_step_at_the_overrun_instant() -> None:
    clock = FakeClock()
    timer = make(clock, warn_at=())
    timer.start()
    clock.tick(60)
    assert timer.poll() == []  # using the whole budget is not an overrun
    clock.tick(5)
    events = timer.poll()
    assert [(e.kind, e.step, e.at_s) for e in events] == [("over_budget", 0, 60)]
    clock.tick(30)
    timer.focus_step(1)
    timer.focus_step(0)
    clock.tick(10)
    assert timer.poll() == []  # step 0 already reported


def test_overrun_found_at_a_step_change_is_still_reported() -> None:
    clock = FakeClock()
    timer = make(clock, warn_at=())
    timer.start()
    clock.tick(70)
    timer.focus_step(1)  # no poll in between
    events = timer.poll()
    assert [(e.kind, e.step, e.at_s) for e in events] == [("over_budget", 0, 60)]


def test_overrun_of_a_revisited_step_counts_its_total() -> None:
    clock = FakeClock()
    timer = make(clock, warn_at=())
    timer.start()
    clock.tick(40)
    timer.focus_step(1)
    clock.tick(10)
    timer.focus_step(0)
    clock.tick(25)  # 65 s in step 0 across two visits; overran 5 s ago
    events = timer.poll()
    assert [(e.kind, e.step, e.at_s) for e in events] == [("over_budget", 0, 70)]


def test_overtime_accrues_without_a_hard_stop() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=(100,), limit_s=100, warn_at=())
    timer.start()
    clock.tick(100)
    events = timer.poll()
    assert ("time_up", 100) in [(e.kind, e.at_s) for e in events]
    clock.tick(42)
    view = timer.snapshot()
    assert (view.elapsed_s, view.remaining_s, view.overtime_s) == (142, 0, 42)
    assert (view.step_remaining_s, view.step_overtime_s) == (0, 42)
    assert not view.finished
    assert "time_up" not in kinds(timer.poll())


def test_hard_stop_finishes_exactly_at_the_limit_even_when_noticed_late() -> None:
    clock = FakeClock()
    timer = make(clock, hard_stop=True, warn_at=())
    timer.start()
    clock.tick(50)
    timer.focus_step(1)
    clock.tick(400)  # noticed 200 s after the limit
    view = timer.snapshot()
    assert view.finished
    assert view.elapsed_s == 300
    assert view.overtime_s == 0
    assert view.step_seconds == (50, 250, 0)
    events = timer.poll()
    assert [(e.kind, e.at_s) for e in events] == [
        ("over_budget", 170),
        ("time_up", 300),
        ("finished", 300),
    ]
    assert all(not e.bell for e in events)  # all long past when the app saw them
    clock.tick(10)
    assert timer.snapshot().elapsed_s == 300
    assert timer.poll() == []


def test_hard_stop_on_time_rings() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=(10,), limit_s=10, hard_stop=True, warn_at=())
    timer.start()
    clock.tick(10.5)
    events = timer.poll()
    assert kinds(events) == ["time_up", "finished"]
    assert all(e.bell for e in events)


# -- auto-advance (timed scaffolds) ---------------------------------------------------------


def test_timed_step_advances_when_its_budget_is_used_up() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True, warn_at=())
    timer.start()
    clock.tick(29.5)
    assert timer.poll() == []
    assert timer.snapshot().current_step == 0
    clock.tick(0.5)
    events = timer.poll()
    assert [(e.kind, e.step, e.at_s, e.bell) for e in events] == [("advance", 1, 30, True)]
    assert timer.snapshot().current_step == 1


def test_late_poll_catches_up_several_advances_with_exact_step_times() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True)
    timer.start()
    clock.tick(10)
    timer.poll()
    clock.tick(600)  # suspended for ten minutes
    events = timer.poll()
    assert [(e.kind, e.at_s) for e in events] == [
        ("advance", 30),
        ("advance", 90),
        ("warning", 120),
        ("advance", 180),
        ("warning", 210),
        ("advance", 210),
        ("time_up", 240),
    ]
    assert [e.step for e in events if e.kind == "advance"] == [1, 2, 3, 4]
    assert not any(e.bell for e in events)
    # The last part has nowhere to go: it runs on, and the time past the limit is overtime.
    view = timer.snapshot()
    assert view.step_seconds == (30, 60, 90, 30, 400)
    assert not view.finished
    assert (view.elapsed_s, view.overtime_s, view.current_step) == (610, 370, 4)


def test_late_poll_stops_mid_step_where_the_clock_is() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True)
    timer.start()
    clock.tick(100)
    view = timer.snapshot()
    assert view.current_step == 2
    assert view.step_seconds == (30, 60, 10, 0, 0)
    assert view.step_remaining_s == 80


def test_snapshot_applies_advances_and_poll_still_reports_them() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True, warn_at=())
    timer.start()
    clock.tick(31)
    assert timer.snapshot().current_step == 1
    assert [(e.kind, e.step) for e in timer.poll()] == [("advance", 1)]
    assert timer.poll() == []


def test_advance_key_moves_early_and_the_next_step_gets_its_full_budget() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True, warn_at=())
    timer.start()
    clock.tick(12)
    assert timer.advance()
    clock.tick(59)
    assert timer.snapshot().current_step == 1
    clock.tick(1)
    assert timer.snapshot().current_step == 2
    assert timer.snapshot().step_seconds == (12, 60, 0, 0, 0)


def test_advance_key_on_the_last_timed_step_changes_nothing() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=(10, 10), limit_s=60, auto_advance=True, warn_at=())
    timer.start()
    timer.advance()
    clock.tick(4)
    assert timer.advance() is False  # submitting ends an answer, not the advance key
    clock.tick(1)
    view = timer.snapshot()
    assert not view.finished
    assert view.step_seconds == (0, 5)


def test_the_last_timed_step_runs_into_overtime_unless_hard_stop() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=(10, 10), limit_s=20, auto_advance=True, warn_at=())
    timer.start()
    clock.tick(35)
    assert [e.kind for e in timer.poll()] == ["advance", "time_up"]
    view = timer.snapshot()
    assert (view.finished, view.current_step, view.overtime_s) == (False, 1, 15)
    assert view.step_overtime_s == 15

    stopping = make(clock, budgets=(10, 10), limit_s=20, auto_advance=True, warn_at=())
    stopping.hard_stop = True
    stopping.start()
    clock.tick(35)
    assert [e.kind for e in stopping.poll()] == ["advance", "time_up", "finished"]
    view = stopping.snapshot()
    assert (view.finished, view.elapsed_s, view.overtime_s) == (True, 20, 0)


def test_paused_timed_step_does_not_advance() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True)
    timer.start()
    clock.tick(20)
    timer.pause()
    clock.tick(300)
    assert timer.snapshot().current_step == 0
    timer.resume()
    clock.tick(10)
    assert timer.snapshot().current_step == 1


def test_focusing_a_spent_timed_step_moves_on_at_once() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True, warn_at=())
    timer.start()
    clock.tick(40)
    timer.focus_step(0)  # step 0 already used its 30 s
    view = timer.snapshot()
    assert view.current_step == 1
    assert view.step_seconds == (30, 10, 0, 0, 0)


def test_timed_steps_never_report_over_budget() -> None:
    clock = FakeClock()
    timer = make(clock, budgets=TIMED_STORY, limit_s=240, auto_advance=True)
    timer.start()
    collected: list[TimerEvent] = []
    for _ in range(300):
        clock.tick(1)
        collected += timer.poll()
    assert "over_budget" not in kinds(collected)
    assert kinds(collected).count("advance") == 4


# -- pace -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "elapsed", "step_elapsed", "expected"),
    [
        (0, 0, 0, "on pace"),  # step 0 cannot be ahead
        (0, 60, 60, "on pace"),  # the whole budget, no more
        (0, 61, 61, "behind"),  # step overran its budget
        (1, 40, 0, "ahead"),  # slot starts at 60; margin 12 -> ahead below 48
        (1, 48, 0, "on pace"),  # exactly at the margin
        (1, 55, 5, "on pace"),  # early, but within the margin
        (1, 100, 40, "on pace"),  # inside its slot (60..180)
        (1, 181, 100, "behind"),  # past the end of its slot though the step is in budget
        (2, 150, 10, "ahead"),  # slot 180..300: a 30 s lead beats the 12 s margin
        (2, 170, 10, "ahead"),  # entered 20 s early: still 20 s ahead (issue 13)
        (2, 175, 5, "on pace"),  # a 10 s lead is within the margin
    ],
)
def test_pace_by_schedule(step: int, elapsed: float, step_elapsed: float, expected: str) -> None:
    assert pace_for((60, 120, 120), step, elapsed, step_elapsed) == expected


def test_snapshot_pace_moves_from_ahead_to_behind() -> None:
    clock = FakeClock()
    timer = make(clock)  # slots: 0..60, 60..180, 180..300
    timer.start()
    clock.tick(20)
    timer.focus_step(1)
    assert timer.snapshot().pace == "ahead"
    clock.tick(30)  # elapsed 50: step 1 began 40 s early and is still 40 s ahead
    assert timer.snapshot().pace == "ahead"
    assert timer.snapshot().pace_words == "ahead by 0:40"
    clock.tick(131)  # elapsed 181 > end of slot 180
    assert timer.snapshot().pace == "behind"


# -- state round trip ---------------------------------------------------------------------


def test_state_round_trip_resumes_paused_where_it_was() -> None:
    clock = FakeClock()
    timer = make(clock, hard_stop=True)
    timer.start()
    clock.tick(100)
    timer.focus_step(1)
    clock.tick(90)  # 2:00 left: the warning is found and delivered
    assert kinds(timer.poll()) == ["over_budget", "warning"]
    state = json.loads(json.dumps(timer.to_state()))

    later = FakeClock(now=5.0)  # a new process: a different monotonic origin
    restored = PracticeTimer.from_state(state, (60, 120, 120), 300, clock=later)
    later.tick(3600)  # the app was closed for an hour, then reopened
    view = restored.snapshot()
    assert view.paused
    assert view.step_seconds == (100, 90, 0)
    assert view.current_step == 1
    assert restored.hard_stop
    restored.resume()
    later.tick(5)
    assert restored.snapshot().step_seconds == (100, 95, 0)
    assert restored.poll() == []  # the warning and overrun already fired
    later.tick(200)
    assert restored.snapshot().elapsed_s == 300  # hard stop survived the round trip
    assert restored.finished


def test_state_of_an_idle_timer_restores_idle() -> None:
    clock = FakeClock()
    state = make(clock).to_state()
    restored = PracticeTimer.from_state(state, (60, 120, 120), 300, clock=clock)
    view = restored.snapshot()
    assert (view.started, view.paused, view.elapsed_s) == (False, False, 0)


def test_state_of_a_finished_timer_restores_finished() -> None:
    clock = FakeClock()
    timer = make(clock)
    timer.start()
    clock.tick(12)
    timer.finish()
    restored = PracticeTimer.from_state(timer.to_state(), (60, 120, 120), 300, clock=clock)
    clock.tick(50)
    restored.resume()
    view = restored.snapshot()
    assert view.finished
    assert not view.paused
    assert view.elapsed_s == 12


def test_state_is_fitted_to_a_changed_scaffold() -> None:
    clock = FakeClock()
    state = {
        "version": 1,
        "step_seconds": [10.0, 20.0, 30.0],
        "current_step": 2,
        "started": True,
        "finished": False,
    }
    fewer = PracticeTimer.from_state(state, (60, 60), 300, clock=clock).snapshot()
    assert fewer.step_seconds == (10, 50)
    assert fewer.current_step == 1
    more = PracticeTimer.from_state(state, (60, 60, 60, 60), 300, clock=clock).snapshot()
    assert more.step_seconds == (10, 20, 30, 0)
    assert more.current_step == 2


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"step_seconds": [1.0], "current_step": 0, "started": True},
        {"step_seconds": 5, "current_step": 0, "started": True, "finished": False},
        {"step_seconds": [-1.0], "current_step": 0, "started": True, "finished": False},
        {"step_seconds": ["x"], "current_step": 0, "started": True, "finished": False},
        {"step_seconds": [float("nan")], "current_step": 0, "started": True, "finished": False},
    ],
)
def test_malformed_state_raises_value_error(state: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        PracticeTimer.from_state(state, (60,), 60, clock=FakeClock())


# -- format_clock ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (725, "12:05"),
        (0, "0:00"),
        (0.2, "0:01"),  # a countdown shows 0:00 only when time is really up
        (59.5, "1:00"),
        (-0.5, "0:00"),
        (-1, "-0:01"),
        (-42, "-0:42"),
        (-42.7, "-0:42"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
        (-3725, "-1:02:05"),
    ],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (0.9, "0:00"), (41.9, "0:41"), (60, "1:00"), (3725.5, "1:02:05"), (-3, "0:00")],
)
def test_format_elapsed_counts_whole_seconds_up(seconds: float, text: str) -> None:
    assert format_elapsed(seconds) == text
