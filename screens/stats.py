"""Progress at a glance: attempts per week, score trend, time against the limit, the rubric
checks missed most, and the current streak; with a story bank, each story's times told and
score trend (a row of bars, one a telling) and each competency's best score. What it draws
from is read by tui.services.stats.load_stats.

This module imports textual-plotext, so it is imported only when the view is opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from screens.base import CaseroomScreen
from screens.widgets import plural
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from tui.core import stats
from tui.core.model import Library
from tui.core.stories import competency_bests, story_figures
from tui.services import coaching
from tui.services.stats import StatsData, load_stats

#: Weeks shown in the attempts-per-week chart.
WEEKS = 12


def summary_line(data: StatsData, now: datetime) -> str:
    """The one-line headline: attempts, streak, average score."""
    days = [(a.submitted_at or a.updated_at).astimezone(now.tzinfo).date() for a in data.attempts]
    streak = stats.current_streak(days, now.date())
    scores = data.scores
    average = f"{sum(scores) / len(scores):.1f}/5" if scores else "no scores yet"
    return (
        f"{plural(data.total_submitted, 'submitted attempt')} · "
        f"streak {plural(streak, 'day')} · average score {average}"
    )


def missed_lines(checks: list[Mapping[str, bool]]) -> str:
    """The most-missed rubric questions, one a line, with how often they were missed."""
    missed = stats.most_missed_checks(checks)
    if not missed:
        return "No rubric check missed yet."
    return "\n".join(f"{n} of {asked} missed · {question}" for question, n, asked in missed)


#: The newest scores drawn in a story's trend.
STORY_TREND_SHOWN = 12


def story_lines(library: Library, data: StatsData) -> str:
    """One line a story: times told, its score trend as bars and figures (newest last)."""
    lines = []
    for figures in story_figures(library.stories, data.tellings):
        line = f"{figures.title} · told {plural(figures.told, 'time')}"
        shown = figures.scores[-STORY_TREND_SHOWN:]
        if shown:
            more = "… " if len(figures.scores) > len(shown) else ""
            scores = " ".join(map(str, shown))
            line += f" · {more}{stats.sparkline(shown)} {scores}"
        lines.append(line)
    return "\n".join(lines)


def competency_lines(library: Library, data: StatsData) -> str:
    """Each competency a story shows, with the best score of a telling that shows it."""
    return "\n".join(
        f"{competency.title} · " + (f"best {best}/5" if best is not None else "not scored yet")
        for competency, best in competency_bests(library, data.tellings)
    )


#: Attempts listed under "Against your coach" (the newest; the average covers them all).
CALIBRATION_SHOWN = 10


def calibration_lines(calibration: coaching.Calibration) -> str:
    """Self score against coach score, newest first, and the average gap (issue 17)."""
    average = calibration.average_gap
    if average is None:
        return ""
    lines = [
        f"Average gap {coaching.signed(average)} over "
        f"{plural(len(calibration.points), 'attempt')} (self minus coach)"
    ]
    for point in reversed(calibration.points[-CALIBRATION_SHOWN:]):
        lines.append(
            f"{point.submitted_at.strftime('%Y-%m-%d')} · self {point.self_score} · "
            f"coach {point.coach_score} · gap {coaching.signed(point.gap)}"
        )
    return "\n".join(lines)


def whole_ticks(low: int, high: int, most: int = 8) -> list[float]:
    """Whole-number axis ticks from `low` to `high`, at most `most` of them, in steps of 1,
    2, 5, 10, 20, 50, ... (multiples of the step): an axis never reads "0.50 attempts" or
    "attempt 1.25"."""
    if high <= low:
        return [low]
    step = 1
    while (high - low) // step + 1 > most:
        for factor in (2, 5, 10):
            if (high - low) // (step * factor) + 1 <= most or factor == 10:
                step *= factor
                break
    first = low if step == 1 else -(-low // step) * step
    # Whole numbers, typed as plotext's ticks are (floats).
    return [tick for tick in range(first, high + 1, step)]


class StatsScreen(CaseroomScreen[None]):
    """Charts and numbers over every submitted attempt."""

    STYLES = ("stats.tcss",)

    BINDINGS = [
        Binding("escape", "back", "Back", id="stats.back", tooltip="Back to the previous screen"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: StatsData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static("Loading…", id="stats-summary", markup=False)
            yield PlotextPlot(id="stats-weeks", classes="stats-plot")
            yield PlotextPlot(id="stats-scores", classes="stats-plot")
            yield PlotextPlot(id="stats-time", classes="stats-plot")
            yield Static("Most missed rubric checks", classes="review-heading", markup=False)
            yield Static("", id="stats-missed", markup=False)
            # Shown once there is a story bank (a story written or told).
            with Vertical(id="stats-stories-box"):
                yield Static("Stories: times told, scores", classes="review-heading", markup=False)
                yield Static("", id="stats-stories", markup=False)
                yield Static("Best score per competency", classes="review-heading", markup=False)
                yield Static("", id="stats-competencies", markup=False)
            # Shown once a coach has scored an attempt that was also self-scored.
            with Vertical(id="stats-calibration-box"):
                yield Static("Against your coach", classes="review-heading", markup=False)
                yield Static("", id="stats-calibration", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Stats"
        self.query_one("#stats-calibration-box").display = False
        self.query_one("#stats-stories-box").display = False
        self.caseroom.db(load_stats, self.show)
        self.caseroom.db(coaching.load_calibration, self.show_calibration)

    def show(self, data: StatsData) -> None:
        """Draw every chart and list from freshly loaded data."""
        self.data = data
        now = self.caseroom.config.now()
        self.query_one("#stats-summary", Static).update(summary_line(data, now))
        self._draw_weeks(data, now)
        self._draw_scores(data)
        self._draw_time(data)
        self.query_one("#stats-missed", Static).update(missed_lines(data.checks))
        self._show_stories(data)

    def library_changed(self, library: Library) -> None:
        if self.data is not None:  # a story renamed, written or given a competency
            self._show_stories(self.data)

    def _show_stories(self, data: StatsData) -> None:
        library = self.caseroom.library
        told = story_lines(library, data)
        self.query_one("#stats-stories", Static).update(told)
        self.query_one("#stats-competencies", Static).update(competency_lines(library, data))
        self.query_one("#stats-stories-box").display = bool(told)

    def show_calibration(self, calibration: coaching.Calibration) -> None:
        text = calibration_lines(calibration)
        self.query_one("#stats-calibration", Static).update(text)
        self.query_one("#stats-calibration-box").display = bool(text)

    def _draw_weeks(self, data: StatsData, now: datetime) -> None:
        weeks = stats.attempts_per_week(data.attempts, now, WEEKS)
        plot = self.query_one("#stats-weeks", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        counts = [n for _, n in weeks]
        plt.bar([monday.strftime("%d %b") for monday, _ in weeks], counts)
        top = max([1, *counts])
        plt.ylim(0, top)
        plt.yticks(whole_ticks(0, top))
        plt.title("Attempts per week")
        plot.refresh()

    def _draw_scores(self, data: StatsData) -> None:
        """One line per track, each over that track's own attempts in order."""
        plot = self.query_one("#stats-scores", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        tracks = self.caseroom.library.tracks
        longest = 1
        for track_id in sorted({a.track_id for a in data.attempts}):
            trend = stats.score_trend(data.attempts, track_id)
            if trend:
                title = tracks[track_id].title if track_id in tracks else track_id
                xs = list(range(1, len(trend) + 1))
                plt.plot(xs, [score for _, score in trend], marker="dot", label=title)
                longest = max(longest, len(trend))
        plt.ylim(stats.SCORE_MIN, stats.SCORE_MAX)
        plt.yticks(whole_ticks(stats.SCORE_MIN, stats.SCORE_MAX))
        plt.xticks(whole_ticks(1, longest))
        plt.title("Score trend per track (by attempt)")
        plot.refresh()

    def _draw_time(self, data: StatsData) -> None:
        ratios = stats.time_vs_limit(data.attempts)
        plot = self.query_one("#stats-time", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        if ratios:
            xs = list(range(1, len(ratios) + 1))
            percents = [round(100 * ratio) for _, ratio in ratios]
            plt.plot(xs, percents, marker="dot")
            # The limit itself, so overtime reads as "above the line".
            plt.hline(100)
            plt.xticks(whole_ticks(1, len(ratios)))
            plt.yticks(whole_ticks(min([100, *percents]), max([100, *percents])))
        plt.title("Time used, % of the limit (by attempt)")
        plot.refresh()

    def action_back(self) -> None:
        self.app.pop_screen()
