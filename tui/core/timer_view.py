"""What the practice clock reports: the view the screen draws, the events it announces,
the pace against the step budgets, and the wording of the time warnings.

Plain values computed by `tui.core.timer.PracticeTimer`; kept apart so screens and tests
read them without the timer's catch-up machinery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.durations import format_clock, format_elapsed

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
    #: How far from the schedule, in seconds (see `schedule_lag`): positive is behind.
    lag_s: float = 0.0

    @property
    def pace_words(self) -> str:
        """ "behind by 0:30", "ahead by 0:40" or "on pace" (what the clock bar says)."""
        if self.pace == "on pace":
            return "on pace"
        return f"{self.pace} by {format_elapsed(abs(self.lag_s))}"


def warning_message(seconds_left: int) -> str:
    """Human text for a warning mark: "2 minutes left", "30 seconds left", "1:30 left"."""
    if seconds_left % 60 == 0:
        minutes = seconds_left // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''} left"
    if seconds_left < 60:
        return f"{seconds_left} second{'s' if seconds_left != 1 else ''} left"
    return f"{format_clock(seconds_left)} left"


def schedule_lag(
    budgets: Sequence[int], step: int, elapsed_s: float, step_elapsed_s: float
) -> float:
    """Seconds behind the schedule the budgets imply (negative: ahead of it).

    The schedule counts the whole prompt's budget up to this point: every earlier step's
    budget, plus the time in this step up to its own budget. So a step that ran 20 s over
    leaves the next one 20 s behind from its first second, and a step running over its own
    budget falls behind second by second.
    """
    allowed = sum(budgets[:step]) + min(step_elapsed_s, budgets[step])
    return elapsed_s - allowed


def pace_for(budgets: Sequence[int], step: int, elapsed_s: float, step_elapsed_s: float) -> Pace:
    """Where the person stands against the schedule (`schedule_lag`).

    - "behind" once the lag is above zero (a whole second shows as "behind by 0:01");
    - "ahead" when the lead is more than PACE_MARGIN of the current step's budget;
    - "on pace" otherwise.
    """
    lag = schedule_lag(budgets, step, elapsed_s, step_elapsed_s)
    if lag > 0:
        return "behind"
    if -lag > PACE_MARGIN * budgets[step]:
        return "ahead"
    return "on pace"
