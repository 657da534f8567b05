"""Two attempts of one prompt, compared figure by figure: what got better, what got worse.

`compare_attempts` turns an older and a newer attempt into rows a screen lays side by side:

- the overall score of each (its first non-blind review), higher is better;
- each rubric question with its answer in both reviews (ticked or not, or not reviewed),
  a tick gained is better, a tick lost worse;
- each offline insight figure (tui.core.insights) as "before → after" with a direction:
  fewer hedges, fillers and unused key terms are better, more key terms used and a metric
  with its guardrail are better; the rest follow the insight's own level (warn < note <
  good); a figure that only changed ("most used word") is "changed", never judged;
- each step's (each timed-story part's) time against its budget in both attempts, and the
  whole time against the limit: less time over budget is better; inside the budget a
  different time is only "changed" (a faster part is not a better one by itself).

Every figure is the one the other screens show: step times come from
`AttemptDetail.time_figures` (rounded once, adding up), budgets from the prompt as it was
answered (`PromptSnapshot`), else from the scaffold now scaled to the attempt's own limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.answer_text import WORDS_PER_MINUTE
from tui.core.insights import Insight, Level, compute_insights
from tui.core.model import Scaffold
from tui.core.records import AttemptDetail

Direction = Literal["better", "worse", "same", "changed", "n/a"]

#: Insight levels from worst to best, for figures judged by their level.
LEVEL_RANK: dict[Level, int] = {"warn": 0, "note": 1, "good": 2}

#: Figures judged by a count in their value: True when fewer is better.
FEWER_IS_BETTER: dict[str, bool] = {
    "hedges": True,
    "fillers": True,
    "terms-unused": True,
    "terms-used": False,
    "metric": False,  # how many of metric / guardrail are there ("✓")
}

#: Figures that are only reported: a change is "changed", never better or worse.
UNJUDGED = frozenset({"top-words"})


@dataclass(frozen=True)
class CheckRow:
    """One rubric question: ticked in each review (None: no review, or not asked there)."""

    question: str
    before: bool | None
    after: bool | None
    direction: Direction


@dataclass(frozen=True)
class FigureRow:
    """One insight figure in both attempts ("" where an attempt has no such figure)."""

    key: str
    title: str
    before: str
    after: str
    direction: Direction


@dataclass(frozen=True)
class TimeAgainstBudget:
    """Whole seconds spent in a step, and its budget (None when it has none)."""

    seconds: int
    budget_s: int | None

    @property
    def over_s(self) -> int:
        """Seconds past the budget (0 within it, or without a budget)."""
        return max(0, self.seconds - self.budget_s) if self.budget_s else 0


@dataclass(frozen=True)
class PartRow:
    """One step's (part's) time against its budget in both attempts; the last row of
    `Comparison.parts` is the whole answer against its limit (`total=True`)."""

    title: str
    before: TimeAgainstBudget | None
    after: TimeAgainstBudget | None
    direction: Direction
    total: bool = False


@dataclass(frozen=True)
class Comparison:
    """An older and a newer attempt of one prompt, side by side."""

    older: AttemptDetail
    newer: AttemptDetail
    score_before: int | None
    score_after: int | None
    score_direction: Direction
    checks: tuple[CheckRow, ...]
    figures: tuple[FigureRow, ...]
    parts: tuple[PartRow, ...]
    #: The scaffold moves on by itself (the five-part timed story): its steps are "parts".
    timed: bool = False

    @property
    def ticked(self) -> tuple[int | None, int | None]:
        """How many rubric questions each review ticked (None: not reviewed)."""
        return (
            _ticked(self.older, self.checks, before=True),
            _ticked(self.newer, self.checks, before=False),
        )


def _ticked(detail: AttemptDetail, rows: Sequence[CheckRow], *, before: bool) -> int | None:
    if detail.review is None:
        return None
    return sum(1 for row in rows if (row.before if before else row.after))


def by_number(before: float | None, after: float | None, *, fewer_is_better: bool) -> Direction:
    """The direction of a count from `before` to `after` ("n/a" if either is missing)."""
    if before is None or after is None:
        return "n/a"
    if before == after:
        return "same"
    improved = after < before if fewer_is_better else after > before
    return "better" if improved else "worse"


def compare_checks(
    older: AttemptDetail, newer: AttemptDetail, rubric: Sequence[str]
) -> tuple[CheckRow, ...]:
    """Every rubric question in order (the scaffold's now, then any only a review asked),
    with the answer of each attempt's review."""
    before = older.review.checks if older.review is not None else {}
    after = newer.review.checks if newer.review is not None else {}
    questions = list(dict.fromkeys([*rubric, *before, *after]))
    rows = []
    for question in questions:
        a, b = before.get(question), after.get(question)
        direction = by_number(a, b, fewer_is_better=False)  # a tick gained is better
        rows.append(CheckRow(question, a, b, direction))
    return tuple(rows)


def _count(insight: Insight) -> int:
    """The count a judged figure's value starts with ("3", "2 of 5"), or its "✓" marks."""
    if insight.key == "metric":
        return insight.value.count("✓")
    head = insight.value.split(" ", 1)[0]
    return int(head) if head.isdigit() else 0


def figure_direction(before: Insight | None, after: Insight | None) -> Direction:
    """Better, worse, same or only changed, from one attempt's insight to the other's."""
    if before is None or after is None:
        return "n/a"
    key = before.key
    if key in FEWER_IS_BETTER:
        return by_number(_count(before), _count(after), fewer_is_better=FEWER_IS_BETTER[key])
    if before.value == after.value:
        return "same"
    if key not in UNJUDGED and before.level != after.level:
        return by_number(LEVEL_RANK[before.level], LEVEL_RANK[after.level], fewer_is_better=False)
    return "changed"


def compare_figures(before: Sequence[Insight], after: Sequence[Insight]) -> tuple[FigureRow, ...]:
    """The whole-answer insight figures of both attempts, matched by key, in the newer
    attempt's order (then any only the older has). Each step's length is left out: the
    steps themselves are compared below the figures."""
    older = {i.key: i for i in before if not i.key.startswith("step-")}
    newer = {i.key: i for i in after if not i.key.startswith("step-")}
    rows = []
    for key in dict.fromkeys([*newer, *older]):
        a, b = older.get(key), newer.get(key)
        shown = b or a
        title = shown.title if shown is not None else key
        rows.append(
            FigureRow(
                key, title, a.value if a else "", b.value if b else "", figure_direction(a, b)
            )
        )
    return tuple(rows)


def step_budgets(detail: AttemptDetail, scaffold: Scaffold | None) -> list[int | None]:
    """Each step's budget for this attempt: as answered (its prompt snapshot), else the
    scaffold's now with shares of the attempt's own limit; None where neither says."""
    snapshot = detail.prompt_snapshot
    minutes = detail.summary.time_limit_s / 60
    budgets: list[int | None] = []
    for step in detail.steps:
        budget: int | None = None
        if snapshot is not None and step.index < len(snapshot.steps):
            budget = snapshot.steps[step.index].budget_s
        if budget is None and scaffold is not None and step.index < len(scaffold.steps):
            budget = scaffold.steps[step.index].budget_seconds(minutes)
        budgets.append(budget or None)
    return budgets


def time_direction(before: TimeAgainstBudget | None, after: TimeAgainstBudget | None) -> Direction:
    """Less time over budget is better; within it (or without one) a change is neutral."""
    if before is None or after is None:
        return "n/a"
    if before.over_s != after.over_s:
        return by_number(before.over_s, after.over_s, fewer_is_better=True)
    return "same" if before.seconds == after.seconds else "changed"


def _times(detail: AttemptDetail, scaffold: Scaffold | None) -> list[TimeAgainstBudget]:
    seconds, _, _ = detail.time_figures
    budgets = step_budgets(detail, scaffold)
    return [TimeAgainstBudget(s, b) for s, b in zip(seconds, budgets, strict=True)]


def compare_parts(
    older: AttemptDetail, newer: AttemptDetail, scaffold: Scaffold | None
) -> tuple[PartRow, ...]:
    """Each step's time against its budget in both attempts, then the whole answer's time
    against its limit."""
    before_steps = list(zip(older.steps, _times(older, scaffold), strict=True))
    after_steps = list(zip(newer.steps, _times(newer, scaffold), strict=True))
    rows = []
    for index in range(max(len(before_steps), len(after_steps))):
        a = before_steps[index] if index < len(before_steps) else None
        b = after_steps[index] if index < len(after_steps) else None
        either = b or a
        title = either[0].title if either is not None else ""
        before, after = (a[1] if a else None), (b[1] if b else None)
        rows.append(
            PartRow(title or f"Step {index + 1}", before, after, time_direction(before, after))
        )
    whole = [
        TimeAgainstBudget(d.time_figures[1], d.summary.time_limit_s or None) for d in (older, newer)
    ]
    rows.append(PartRow("Total", whole[0], whole[1], time_direction(*whole), total=True))
    return tuple(rows)


def attempt_insights(
    detail: AttemptDetail,
    *,
    glossary: Sequence[str] = (),
    words_per_minute: int = WORDS_PER_MINUTE,
) -> list[Insight]:
    """The insights of an attempt, as the review screen shows them and compare sets side
    by side."""
    return compute_insights(
        [(step.title, step.text) for step in detail.steps],
        glossary=glossary,
        kind=detail.summary.kind,
        words_per_minute=words_per_minute,
    )


def compare_attempts(
    older: AttemptDetail,
    newer: AttemptDetail,
    *,
    scaffold: Scaffold | None = None,
    glossary: Sequence[str] = (),
    words_per_minute: int = WORDS_PER_MINUTE,
) -> Comparison:
    """Compare `older` with `newer` (two attempts of one prompt).

    `scaffold` is the prompt's scaffold now (its rubric orders the questions; its budgets
    stand in for an attempt stored without them), `glossary` the track's key terms and
    `words_per_minute` the speaking pace, as the review screen uses them.
    """
    a, b = older.review, newer.review
    before = a.score if a is not None else None
    after = b.score if b is not None else None
    return Comparison(
        older=older,
        newer=newer,
        score_before=before,
        score_after=after,
        score_direction=by_number(before, after, fewer_is_better=False),
        checks=compare_checks(older, newer, scaffold.rubric if scaffold else ()),
        figures=compare_figures(
            attempt_insights(older, glossary=glossary, words_per_minute=words_per_minute),
            attempt_insights(newer, glossary=glossary, words_per_minute=words_per_minute),
        ),
        parts=compare_parts(older, newer, scaffold),
        timed=scaffold is not None and scaffold.advance == "timed",
    )
