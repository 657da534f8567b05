"""The practice screen's clock bars, as text: the prompt's countdown with the step, its
pace and the saved state, and a mock round's own clock."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from tui.core.durations import format_clock, format_elapsed
from tui.core.rounds import RoundClock
from tui.core.timer_view import TimerView

# The clock bar drops the step's title rather than show less of it than this.
MIN_TITLE = 8


def clock_bar_text(
    view: TimerView,
    step_titles: Sequence[str],
    *,
    hard_stop: bool,
    saved: str,
    width: int | None = None,
    part_ending: int = 0,
    reading_s: float | None = None,
) -> Text:
    """The clock bar: time left, step, time in the step, pace, markers, saved state.

    The step's title takes the room left at `width` columns (cut with an ellipsis, left
    out below MIN_TITLE: the step box shows it anyway), so time, pace and the saved
    state stay in one line at 80 columns. What still does not fit wraps.

    `part_ending` (timed parts): in a part's last seconds, before it moves on by itself,
    the bar says "moves on in 0:07". `reading_s`: the reading minute's time left.
    """
    head = Text()
    if reading_s is not None:
        head.append(" READING ", style="bold reverse cyan")
        head.append(f"  the clock starts at your first key, or in {format_clock(reading_s)}")
        return head
    if view.overtime_s > 0:
        head.append(f" OVERTIME +{format_elapsed(view.overtime_s)} ", style="bold reverse red")
    else:
        head.append(f" {format_clock(view.remaining_s)} left ", style="bold reverse")
    head.append(f"  Step {view.current_step + 1}/{len(step_titles)}")
    last = view.current_step + 1 == len(step_titles)
    if part_ending and not last and 0 < view.step_remaining_s <= part_ending:
        head.append(
            f" moves on in {format_clock(view.step_remaining_s)} ", style="bold reverse yellow"
        )
    # The step's own time against its budget, then where the whole answer stands against
    # the budgets up to here ("behind by 0:30": a step that ran over leaves the next one
    # behind from its first second).
    over = view.step_overtime_s > 0
    tail = Text("  ")
    tail.append(
        f"{format_elapsed(view.step_elapsed_s)} of {format_clock(view.step_budget_s)}",
        style="bold yellow" if over else "",
    )
    tail.append("  ")
    pace_style = {"ahead": "green", "on pace": "cyan", "behind": "yellow"}[view.pace]
    tail.append(view.pace_words, style=f"bold {pace_style}")
    if view.paused:
        tail.append("  PAUSED (F5)", style="bold magenta")
    if hard_stop:
        tail.append("  HARD STOP", style="bold red")
    if saved:
        tail.append("  ·  " + saved, style="dim")
    title = step_titles[view.current_step]
    room = len(title) if width is None else width - head.cell_len - tail.cell_len - 2
    if room < len(title):
        title = title[: room - 1] + "…" if room >= MIN_TITLE else ""
    if title:
        head.append(": ")
        head.append(title, style="bold")
    return head + tail


def round_bar_text(position: str, clock: RoundClock) -> Text:
    """ "Round: <title> · question 2 of 4 · 31:20 of 45:00 left", or the round's overtime."""
    text = Text(position + " · ")
    if clock.time_up:
        text.append(f"all {format_clock(clock.total_s)} used · ")
        text.append(f"ROUND OVERTIME +{format_elapsed(clock.overtime_s)}", style="bold reverse red")
    else:
        text.append(f"{format_clock(clock.remaining_s)} of {format_clock(clock.total_s)} left")
    return text
