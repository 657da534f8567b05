"""Issue 13: clock figures a person can trust (hard stop in overtime, pace, the limit)."""

from __future__ import annotations

from tests.core.test_timer import TIMED_STORY, FakeClock, make
from tui.core.timer import PracticeTimer


def test_hard_stop_chosen_in_overtime_keeps_the_overtime() -> None:
    """A story run to OVERTIME +0:10, then ctrl+t: the answer ends now, 250 s, 10 over."""
    clock = FakeClock()
    timer = PracticeTimer(TIMED_STORY, 240, clock=clock, auto_advance=True, warn_at=())
    timer.start()
    clock.tick(250)
    assert timer.snapshot().overtime_s == 10
    timer.hard_stop = True
    view = timer.snapshot()
    assert view.finished
    assert (view.elapsed_s, view.overtime_s) == (250, 10)
    assert sum(view.step_seconds) == 250
    clock.tick(5)
    assert timer.snapshot().elapsed_s == 250


def test_hard_stop_chosen_before_the_limit_still_stops_at_it() -> None:
    clock = FakeClock()
    timer = make(clock, warn_at=())
    timer.start()
    clock.tick(100)
    timer.hard_stop = True
    clock.tick(500)
    view = timer.snapshot()
    assert view.finished and view.elapsed_s == 300 and view.overtime_s == 0


def test_hard_stop_toggled_off_and_on_late_does_not_rewrite_time() -> None:
    clock = FakeClock()
    timer = make(clock, hard_stop=True, warn_at=())
    timer.hard_stop = False
    timer.start()
    clock.tick(320)  # 20 s of overtime under "no hard stop"
    timer.hard_stop = True
    assert timer.snapshot().elapsed_s == 320


def test_pace_counts_the_budget_up_to_this_step_and_says_by_how_much() -> None:
    """Step 1 ran 20 s over: step 2 is behind by 0:20 from its first second, not "on pace"."""
    clock = FakeClock()
    timer = make(clock)  # budgets 60, 120, 120
    timer.start()
    clock.tick(80)
    timer.focus_step(1)
    view = timer.snapshot()
    assert view.pace == "behind"
    assert view.pace_words == "behind by 0:20"
    clock.tick(30)
    assert timer.snapshot().pace_words == "behind by 0:20"
    clock.tick(100)  # step 2 now over its own 120 s by 10 more
    assert timer.snapshot().pace_words == "behind by 0:30"


def test_step_figures_add_up_to_the_total_shown() -> None:
    """Issue 13's case: floored, 1:42 + 0:13 + 0:00 + 0:10 + 0:08 + 0:10 = 2:23 sat under
    a total of 2:26. Rounded once each so that they add up, they make 2:26."""
    from tui.core.durations import figures_that_add_up

    steps = [102.9, 13.8, 0.7, 10.6, 8.5, 10.3]
    shown, total, overtime = figures_that_add_up(steps, sum(steps), 120)
    assert total == 147 or total == round(sum(steps))
    assert sum(shown) == total
    assert all(abs(s - f) < 1 for s, f in zip(shown, steps, strict=True))
    assert overtime == total - 120


def test_steps_that_do_not_account_for_the_time_keep_the_total() -> None:
    from tui.core.durations import figures_that_add_up

    assert figures_that_add_up([125.0, 0.0], 600.0, 900) == ([125, 0], 600, 0)
