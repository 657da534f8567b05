"""What the practice clock reports: the view the screen draws, the events it announces,
the pace against the step budgets, and the wording of the time warnings.

Plain values computed by `tui.core.timer.PracticeTimer`; kept apart so screens and tests
read them without the timer's catch-up machinery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.durations import format_clock

Pace = Literal["ahead", "on pace", "behind"]
EventKind = Literal["warning", "over_budget", "time_up", "advance", "finished"]

#: "ahead" needs a lead of at least this fraction of the current step's budget.
PACE_MARGIN = 0.1


@dataclass(frozen=True)
class TimerEvent:
    """Something the person should notice, reported once by `PracticeTimer.poll()`.

    `step` is the step the event is about: the overrunning step for "over_budget", the step
    just entered for "advance", the current step otherwise. `at_s` is the elapsed time at
    which it happened. `bell` says whether the app should ring the terminal bell (if the
    person enabled it); stale events caught up after a suspend do not ring.
    """

    kind: EventKind
    message: str
    step: int
    at_s: float
    bell: bool


@dataclass(frozen=True)
class TimerView:
    """Everything the screen draws, computed from one clock reading.

    remaining_s is never negative; once the limit is passed it stays 0 and overtime_s grows,
    so `remaining_s + elapsed_s - overtime_s == limit`. The step fields are the same for the
    current step against its budget. `step_seconds` holds the time spent per step, current
    step included, and sums to `elapsed_s`.
    """

    elapsed_s: float
    remaining_s: float
    overtime_s: float
    current_step: int
    step_elapsed_s: float
    step_budget_s: int
    step_remaining_s: float
    step_overtime_s: float
    pace: Pace
    step_seconds: tuple[float, ...]
    started: bool
    paused: bool
    finished: bool


def warning_message(seconds_left: int) -> str:
    """Human text for a warning mark: "2 minutes left", "30 seconds left", "1:30 left"."""
    if seconds_left % 60 == 0:
        minutes = seconds_left // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''} left"
    if seconds_left < 60:
        return f"{seconds_left} second{'s' if seconds_left != 1 else ''} left"
    return f"{format_clock(seconds_left)} left"


def pace_for(budgets: Sequence[int], step: int, elapsed_s: float, step_elapsed_s: float) -> Pace:
    """Where the person stands against the schedule the budgets imply.

    Step i's slot runs from start_i = sum(budgets[:i]) to end_i = start_i + budgets[i].

    - "behind" if elapsed_s > end_i (the current step's slot is over) or
      step_elapsed_s > budgets[i] (this step overran its own budget);
    - "ahead" if elapsed_s < start_i - PACE_MARGIN * budgets[i] (in step i well before its
      slot starts);
    - "on pace" otherwise.
    """
    slot_start = sum(budgets[:step])
    slot_end = slot_start + budgets[step]
    if elapsed_s > slot_end or step_elapsed_s > budgets[step]:
        return "behind"
    if elapsed_s < slot_start - PACE_MARGIN * budgets[step]:
        return "ahead"
    return "on pace"
