"""Two attempts of one prompt side by side, step by step, with the time spent on each."""

from __future__ import annotations

from functools import partial
from itertools import zip_longest

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Static

from screens.base import CaseroomScreen
from screens.widgets.header import Header
from tui.core.durations import format_clock, format_elapsed, whole_seconds
from tui.core.records import AttemptDetail, StepDraft
from tui.services import history


def column_heading(detail: AttemptDetail) -> Text:
    """When, time used of the limit, overtime and score of one attempt."""
    s = detail.summary
    _, used_s, overtime_s = detail.time_figures  # figures that add up
    when = (s.submitted_at or s.updated_at).astimezone().strftime("%Y-%m-%d %H:%M")
    line = Text(when, style="bold")
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


class CompareScreen(CaseroomScreen[None]):
    """Compare an older and a newer attempt of the same prompt."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="compare.back"),
    ]

    def __init__(self, older_id: int, newer_id: int) -> None:
        super().__init__()
        self.attempt_ids = (older_id, newer_id)
        self.details: tuple[AttemptDetail, AttemptDetail] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(Static("Loading…"), id="compare-body")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Compare"
        older_id, newer_id = self.attempt_ids
        self.caseroom.db(
            partial(history.load_pair, older_id=older_id, newer_id=newer_id), self.show
        )

    def show(self, details: tuple[AttemptDetail, AttemptDetail]) -> None:
        """Lay the two attempts out: a heading row, then one row of two columns per step."""
        self.details = details
        older, newer = details
        body = self.query_one("#compare-body", VerticalScroll)
        body.remove_children()
        rows = [
            Static(Text(older.summary.prompt_title, style="bold"), classes="compare-title"),
            Horizontal(
                Static(column_heading(older), classes="compare-cell"),
                Static(column_heading(newer), classes="compare-cell"),
                classes="compare-row",
            ),
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
