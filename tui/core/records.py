"""Plain records that cross between the store and the screens.

The store (tui/store/) imports sqlmodel; screens must not, because that import costs more
than a whole first frame. So the store hands back these frozen dataclasses instead of ORM
objects, and screens import only this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from tui.core.durations import figures_that_add_up

if TYPE_CHECKING:
    from tui.core.model import Prompt

AttemptStatus = Literal["draft", "submitted", "abandoned"]
RoundStatus = Literal["running", "finished", "abandoned"]


@dataclass(frozen=True)
class StepDraft:
    """What the person has in one step right now, and the seconds they spent in it."""

    index: int
    title: str
    text: str
    seconds: float = 0.0


@dataclass(frozen=True)
class AnswerProgress:
    """How far an answer has got: what each step holds and the attempt's clocks.

    What every draft save writes, and what submit writes one last time; `timer_state` is
    the PracticeTimer's own state (tui.core.timer), so a resumed draft runs on from it.
    """

    steps: tuple[StepDraft, ...]
    elapsed_s: float
    overtime_s: float = 0.0
    timer_state: Mapping[str, Any] = field(default_factory=dict)

    def settled(self, limit_s: int) -> AnswerProgress:
        """The progress as a submitted record keeps it: every step's time in whole seconds,
        rounded once; elapsed is their sum and overtime follows from it, so every figure
        shown later adds up (see durations.figures_that_add_up)."""
        seconds, total, overtime = figures_that_add_up(
            [s.seconds for s in self.steps], self.elapsed_s, limit_s
        )
        pairs = zip(self.steps, seconds, strict=True)
        steps = tuple(replace(step, seconds=float(s)) for step, s in pairs)
        return replace(self, steps=steps, elapsed_s=float(total), overtime_s=float(overtime))


@dataclass(frozen=True)
class AttemptSummary:
    """One row of history."""

    id: int
    prompt_id: str
    prompt_title: str
    track_id: str
    kind: str
    scaffold_id: str
    status: AttemptStatus
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    time_limit_s: int
    elapsed_s: float
    overtime_s: float
    score: int | None = None
    round_run_id: int | None = None
    #: The story told (story bank id), for a behavioral answer; None when none was picked.
    story_id: str | None = None
    #: Whose attempt it is ("me" on a single-person SQLite database).
    person: str = ""


@dataclass(frozen=True)
class SnapshotStep:
    """One scaffold step as it was when the attempt started, with its budget then."""

    title: str
    budget_s: int | None = None


@dataclass(frozen=True)
class PromptSnapshot:
    """The prompt as it was answered: after its file changes or goes, the attempt still
    shows the question it answered, the steps and budgets, and the limit it ran on; and
    the title of the story told, as it was when the story was chosen ("" when none was,
    or for an attempt stored before titles were kept)."""

    title: str
    question: str
    scaffold_id: str
    scaffold_title: str
    steps: tuple[SnapshotStep, ...]
    time_limit_s: int
    story_title: str = ""

    def as_json(self) -> dict[str, Any]:
        """The JSON form the store keeps (and exports may include)."""
        return {
            "title": self.title,
            "question": self.question,
            "scaffold_id": self.scaffold_id,
            "scaffold_title": self.scaffold_title,
            "steps": [{"title": s.title, "budget_s": s.budget_s} for s in self.steps],
            "time_limit_s": self.time_limit_s,
            "story_title": self.story_title,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> PromptSnapshot:
        """Read a stored snapshot forgivingly (a version-1 attempt's lacks the question)."""
        steps = raw.get("steps") or []
        return cls(
            title=str(raw.get("title", "")),
            question=str(raw.get("question", "")),
            scaffold_id=str(raw.get("scaffold_id", "")),
            scaffold_title=str(raw.get("scaffold_title", "")),
            steps=tuple(
                SnapshotStep(
                    title=str(step.get("title", "")),
                    budget_s=None if step.get("budget_s") is None else int(step["budget_s"]),
                )
                for step in steps
                if isinstance(step, Mapping)
            ),
            time_limit_s=int(raw.get("time_limit_s", 0) or 0),
            story_title=str(raw.get("story_title", "") or ""),
        )


@dataclass(frozen=True)
class CoachReviewRecord:
    """A coach's review of an attempt, kept apart from the person's own."""

    attempt_id: int
    coach: str
    checks: Mapping[str, bool]
    score: int
    notes: str
    created_at: datetime


@dataclass(frozen=True)
class CohortMember:
    """One person of a cohort as their coach sees them.

    `weeks` is (Monday of the week, submitted attempts that week), oldest first.
    `self_score` and `coach_score` average the same attempts: those with both a self
    review and a coach review (`paired` of them), so the gap between them is calibration.
    """

    person: str
    submitted: int
    weeks: tuple[tuple[date, int], ...]
    paired: int
    self_score: float | None
    coach_score: float | None


@dataclass(frozen=True)
class InterviewPlan:
    """The interview a person prepares for: the track and the day."""

    track_id: str
    interview_date: date
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ReviewRecord:
    """A review of one attempt: rubric answers (question -> yes/no), a 1-5 score, a note."""

    checks: Mapping[str, bool]
    score: int
    notes: str
    created_at: datetime
    blind: bool = False


@dataclass(frozen=True)
class FollowupReply:
    """A reply given in pushback mode to one follow-up question."""

    question: str
    text: str
    seconds: float


@dataclass(frozen=True)
class AttemptDetail:
    """Everything stored about one attempt."""

    summary: AttemptSummary
    steps: tuple[StepDraft, ...]
    timer_state: Mapping[str, Any] = field(default_factory=dict)
    reviews: tuple[ReviewRecord, ...] = ()
    followups: tuple[FollowupReply, ...] = ()
    #: The prompt as answered (None for an attempt stored without one).
    prompt_snapshot: PromptSnapshot | None = None
    #: Coaches' reviews of it, oldest first, apart from the person's own `reviews`.
    coach_reviews: tuple[CoachReviewRecord, ...] = ()
    #: The mock round run it was part of, and which question of it (None outside a round).
    round_part: RoundPart | None = None

    @property
    def answered_prompt(self) -> PromptSnapshot | None:
        """The prompt as it was answered, if the attempt stored its question."""
        snapshot = self.prompt_snapshot
        return snapshot if snapshot is not None and snapshot.question.strip() else None

    def question(self, live: Prompt | None) -> str | None:
        """The question this attempt answered: the stored one, else the prompt's text now
        (older attempts), else None (no snapshot and the prompt is gone)."""
        answered = self.answered_prompt
        if answered is not None:
            return answered.question
        return live.question if live is not None else None

    @property
    def story_title(self) -> str:
        """The title of the story told, as it was when chosen ("" when not kept)."""
        return self.prompt_snapshot.story_title if self.prompt_snapshot is not None else ""

    @property
    def progress(self) -> AnswerProgress:
        """The answer and clocks as last saved (what a later submit of this draft writes)."""
        return AnswerProgress(
            steps=self.steps,
            elapsed_s=self.summary.elapsed_s,
            overtime_s=self.summary.overtime_s,
            timer_state=self.timer_state,
        )

    @property
    def time_figures(self) -> tuple[list[int], int, int]:
        """Seconds per step, the time used and the overtime as every screen and export
        shows them: each step rounded once, the total their sum (so the figures on one
        page add up, also for records stored before submit kept whole seconds)."""
        s = self.summary
        return figures_that_add_up([st.seconds for st in self.steps], s.elapsed_s, s.time_limit_s)

    @property
    def review(self) -> ReviewRecord | None:
        """The first non-blind review, which is the attempt's score (None if there is none).

        The store lists non-blind reviews first, but an attempt reviewed only blind must
        not take its score from the calibration pass.
        """
        return next((r for r in self.reviews if not r.blind), None)


@dataclass(frozen=True)
class HistoryQuery:
    """A filter over history. Empty fields do not filter."""

    track_id: str = ""
    kind: str = ""
    prompt_id: str = ""
    text: str = ""
    since: datetime | None = None
    until: datetime | None = None
    statuses: tuple[AttemptStatus, ...] = ("submitted",)
    limit: int = 500
    offset: int = 0
    #: "" every attempt, ANY_ROUND those made in any mock round, else a round's id: the
    #: attempts made in its runs.
    round_id: str = ""


#: HistoryQuery.round_id for "part of any round".
ANY_ROUND = "*"


@dataclass(frozen=True)
class RoundPart:
    """Which question of which round run an attempt answered ("part 2 of 3")."""

    run_id: int
    round_id: str
    number: int  # 1-based, in the order the run asks them; 0 if not one of its questions
    of: int
    started_at: datetime | None = None
    status: RoundStatus = "running"


@dataclass(frozen=True)
class RoundRunRecord:
    """One run through a timed mock round: which prompts, how far it got, whether it ended."""

    id: int
    round_id: str
    prompt_ids: tuple[str, ...] = ()
    position: int = 0
    status: RoundStatus = "running"
    started_at: datetime | None = None
    finished_at: datetime | None = None
