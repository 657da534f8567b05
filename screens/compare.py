"""Two attempts of one prompt side by side: the review (score and every rubric answer), the
insight figures ("Hedges 7 → 0, better"), each step's time against its budget, then the
answers step by step with the time spent on each.

The figures and which way each moved come from tui.services.compare (plain logic in
tui.core.comparison); this screen only lays them out, as Text (never markup).
"""

from __future__ import annotations

from functools import partial
from itertools import zip_longest

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from screens.base import CaseroomScreen
from screens.widgets.footer import SteadyFooter
from screens.widgets.header import Header
from tui.core.comparison import Comparison, Direction, TimeAgainstBudget, by_number
from tui.core.durations import format_clock, format_elapsed, whole_seconds
from tui.core.records import AttemptDetail, StepDraft
from tui.services import compare

#: How each direction reads: a mark and a word (colour is not enough alone).
DIRECTION_LABELS: dict[Direction, tuple[str, str]] = {
    "better": ("▲ better", "green"),
    "worse": ("▼ worse", "yellow"),
    "same": ("= same", "dim"),
    "changed": ("~ changed", ""),
    "n/a": ("—", "dim"),
}


def when(detail: AttemptDetail) -> str:
    """When the attempt was submitted (or last saved), in local time."""
    s = detail.summary
    return (s.submitted_at or s.updated_at).astimezone().strftime("%Y-%m-%d %H:%M")


def column_heading(detail: AttemptDetail, side: str = "") -> Text:
    """Which side (before, after), when, time used of the limit, overtime and score."""
    s = detail.summary
    _, used_s, overtime_s = detail.time_figures  # figures that add up
    line = Text(f"{side}: " if side else "", style="bold")
    line.append(when(detail), style="bold")
    line.append(f"  {format_elapsed(used_s)}/{format_clock(s.time_limit_s)}")
    if overtime_s > 0:
        line.append(f"  +{format_elapsed(overtime_s)} over", style="yellow")
    if s.score is not None:
        line.append(f"  score {s.score}/5")
    return line


def time_delta(seconds: float, other: float) -> str:
    """The change from `other` to `seconds` as shown: "+0:15", "-1:02", or "same".

    Taken between the whole seconds on screen, so "0:45" against "0:45" never reads as a
    change, and a difference under a second is "same" rather than "+0:00".
    """
    delta = whole_seconds(seconds) - whole_seconds(other)
    if delta == 0:
        return "same"
    return f"{'+' if delta > 0 else '-'}{format_elapsed(abs(delta))}"


def step_cell(step: StepDraft | None, other: StepDraft | None) -> Text:
    """One step of one attempt: its time (and the change against the other), then its text."""
    if step is None:
        return Text("(no such step in this attempt)", style="dim")
    cell = Text(f"{format_elapsed(whole_seconds(step.seconds))}", style="bold")
    if other is not None:
        cell.append(f" ({time_delta(step.seconds, other.seconds)})", style="dim")
    cell.append("\n")
    # Text() never parses markup: the answer is shown exactly as typed.
    cell.append(step.text.strip() or "(no answer)")
    return cell


def direction_cell(direction: Direction) -> Text:
    label, style = DIRECTION_LABELS[direction]
    return Text(label, style=style)


def tick_cell(ticked: bool | None, reviewed: bool) -> Text:
    """A rubric answer in words as well as a glyph."""
    if ticked is None:
        return Text("— not asked" if reviewed else "— no review", style="dim")
    return Text("✓ yes") if ticked else Text("✗ no", style="yellow")


def time_cell(time: TimeAgainstBudget | None) -> Text:
    """ "0:42/0:30 +0:12": time spent against the budget, and how far over it."""
    if time is None:
        return Text("—", style="dim")
    cell = Text(format_elapsed(time.seconds))
    if time.budget_s:
        cell.append(f"/{format_elapsed(time.budget_s)}")
    if time.over_s:
        cell.append(f" +{format_elapsed(time.over_s)}", style="yellow")
    return cell


def side_by_side(heading: str) -> Table:
    """A table of rows "what | before | after | which way": the label (a rubric question)
    nearly as wide as both figures together: a question fits on a line at 160 columns
    and "0:42/0:30 +0:12" on one at 80."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column(Text(heading, style="bold"), ratio=5)
    table.add_column(Text("Before", style="bold"), ratio=3)
    table.add_column(Text("After", style="bold"), ratio=3)
    table.add_column(Text("Change", style="bold"), width=9, no_wrap=True)
    return table


def review_table(comparison: Comparison) -> Table:
    """The overall score, how many checks were ticked, then every rubric question."""
    older, newer = comparison.older, comparison.newer
    table = side_by_side("Review")

    def score(value: int | None) -> Text:
        return Text(f"{value}/5") if value is not None else Text("— no review", style="dim")

    table.add_row(
        Text("Overall score"),
        score(comparison.score_before),
        score(comparison.score_after),
        direction_cell(comparison.score_direction),
    )
    total = len(comparison.checks)
    ticked = comparison.ticked

    def count(value: int | None) -> Text:
        return Text(f"{value} of {total}") if value is not None else Text("—", style="dim")

    if total:
        table.add_row(
            Text("Checks ticked"),
            count(ticked[0]),
            count(ticked[1]),
            direction_cell(by_number(ticked[0], ticked[1], fewer_is_better=False)),
        )
    for row in comparison.checks:
        table.add_row(
            Text(row.question),
            tick_cell(row.before, older.review is not None),
            tick_cell(row.after, newer.review is not None),
            direction_cell(row.direction),
        )
    return table


def figures_table(comparison: Comparison) -> Table:
    """Every insight figure of both answers, "before → after"."""
    table = side_by_side("Insights")
    for row in comparison.figures:
        table.add_row(
            Text(row.title),
            Text(row.before or "—"),
            Text(row.after or "—"),
            direction_cell(row.direction),
        )
    return table


def times_table(comparison: Comparison) -> Table:
    """Each step's (part's) time against its budget in both attempts, then the total."""
    unit = "part" if comparison.timed else "step"
    table = side_by_side(f"Time per {unit} / budget")
    for row in comparison.parts:
        table.add_row(
            Text(row.title, style="bold" if row.total else ""),
            time_cell(row.before),
            time_cell(row.after),
            direction_cell(row.direction),
        )
    return table


class CompareScreen(CaseroomScreen[None]):
    """Compare an older and a newer attempt of the same prompt."""

    STYLES = ("compare.tcss",)

    BINDINGS = [
        Binding("escape", "back", "Back", id="compare.back"),
    ]

    def __init__(self, older_id: int, newer_id: int) -> None:
        super().__init__()
        self.attempt_ids = (older_id, newer_id)
        self.details: tuple[AttemptDetail, AttemptDetail] | None = None
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(Static("Loading…"), id="compare-body")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Compare"
        older_id, newer_id = self.attempt_ids
        self.caseroom.db(
            partial(
                compare.load_comparison,
                older_id=older_id,
                newer_id=newer_id,
                library=self.caseroom.library,
                words_per_minute=self.caseroom.config.settings.practice.words_per_minute,
            ),
            self.show,
        )

    def show(self, comparison: Comparison) -> None:
        """Lay the comparison out: headings, the review, insights and times side by side,
        then one row of two columns per step."""
        self.comparison = comparison
        self.details = older, newer = comparison.older, comparison.newer
        body = self.query_one("#compare-body", VerticalScroll)
        body.remove_children()
        rows = [
            Static(Text(older.summary.prompt_title, style="bold"), classes="compare-title"),
            Horizontal(
                Static(column_heading(older, "Before"), classes="compare-cell"),
                Static(column_heading(newer, "After"), classes="compare-cell"),
                classes="compare-row",
            ),
            Static(review_table(comparison), id="compare-review", classes="compare-table"),
            Static(figures_table(comparison), id="compare-figures", classes="compare-table"),
            Static(times_table(comparison), id="compare-times", classes="compare-table"),
            Static(Text("Answers, step by step", style="bold"), id="compare-answers"),
        ]
        for index, (a, b) in enumerate(zip_longest(older.steps, newer.steps)):
            title = (a or b).title if (a or b) else f"Step {index + 1}"
            rows.append(
                Vertical(
                    Static(Text(f"{index + 1}. {title}", style="bold"), classes="compare-step"),
                    Horizontal(
                        Static(step_cell(a, b), classes="compare-cell"),
                        Static(step_cell(b, a), classes="compare-cell"),
                        classes="compare-row",
                    ),
                    classes="compare-block",
                )
            )
        body.mount_all(rows)

    def action_back(self) -> None:
        self.app.pop_screen()
