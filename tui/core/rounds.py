"""Mock rounds: which prompts a round asks, how long each gets, and how far along it is.

Plain functions over the content model, no terminal: the round screen calls them and draws.

The round clock
---------------
A round has a total: the round file's `minutes` when it gives them, else the sum of its
questions' limits (`round_total_s`). The time a round has used is the sum of the elapsed
time of its attempts, each kept by that attempt's `PracticeTimer` from the clock (never by
counting ticks): every attempt of the run counts, submitted, kept as a draft or discarded,
since that time was spent in the round. So pausing a question (F5) pauses the round; time
on the rounds screen, between questions, on the summary or with the app closed is not
counted; and a run resumed after a restart shows the same clock it had (the stored
attempts' time plus the resumed draft's own timer). When the total runs out nothing stops:
the person is told, the answer goes on, and the round's overtime is counted and shown, as
with a prompt's own clock. A hard stop (ctrl+t) is a setting of one answer, not the round.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tui.core.model import Library, Prompt, Round
from tui.core.records import RoundPart, RoundRunRecord


def pick_round_prompts(round_: Round, library: Library, rng: random.Random) -> list[str]:
    """The prompt ids a run of `round_` asks, in the order asked.

    - A round with a fixed `prompts` list asks those ids in that order, skipping ids the
      library does not have (a deleted or broken prompt file must not break the round).
    - Otherwise the rule picks from `round_.track`'s prompts, keeping only the listed
      `categories` and `kinds` (an empty list keeps all), and asks `count` of them (all of
      them if fewer match). Which ones is a random choice, so repeated runs vary; with
      `order: fixed` they are then asked in library order (category, then title), with
      `order: random` in the random order drawn.
    - `order: random` on a fixed list shuffles it: the author asked for it explicitly, since
      `fixed` is the default.

    The same seeded `rng` always gives the same result.
    """
    if round_.prompts:
        chosen = [pid for pid in round_.prompts if pid in library.prompts]
        if round_.order == "random":
            rng.shuffle(chosen)
        return chosen
    pool = [p for p in library.prompts_of(round_.track) if _matches(round_, p)]
    count = min(max(round_.count, 0), len(pool))
    picked = rng.sample(pool, count)
    if round_.order == "fixed":
        position = {p.id: i for i, p in enumerate(pool)}
        picked.sort(key=lambda p: position[p.id])
    return [p.id for p in picked]


def _matches(round_: Round, prompt: Prompt) -> bool:
    """Whether `prompt` passes the round's category and kind filters."""
    if round_.categories and prompt.category not in round_.categories:
        return False
    return not (round_.kinds and prompt.kind not in round_.kinds)


def round_time_limits(round_: Round, n_prompts: int) -> list[int]:
    """Seconds for each of `n_prompts` questions of `round_`.

    Each question gets `per_question` minutes, except that the total never exceeds the
    round's `minutes`: the question that would cross it gets what is left, and any after
    that get 0. A 0 means the round has no time left for that question; the screen should
    not ask it (see `RoundProgress.start`, which drops them).
    """
    if n_prompts < 0:
        raise ValueError("n_prompts cannot be negative")
    left = max(round_.minutes, 0) * 60
    each = max(round_.per_question, 0) * 60
    limits: list[int] = []
    for _ in range(n_prompts):
        limit = min(each, left)
        limits.append(limit)
        left -= limit
    return limits


def round_total_s(minutes: int, limits_s: Sequence[int]) -> int:
    """Seconds the whole round has: `minutes` when the round gives a total (> 0), else the
    sum of its questions' limits (a round file gone since the run began, say)."""
    return minutes * 60 if minutes > 0 else sum(max(0, s) for s in limits_s)


def round_used_s(elapsed_s: Sequence[float]) -> float:
    """Round time used by attempts that took these elapsed times (see the module doc)."""
    return sum(max(0.0, s) for s in elapsed_s)


@dataclass(frozen=True)
class ActiveRun:
    """One run being answered: its stored id, its questions and the seconds each gets."""

    run_id: int
    round_id: str
    title: str
    prompt_ids: tuple[str, ...]
    limits_s: tuple[int, ...]
    total_s: int

    @classmethod
    def of_record(cls, record: RoundRunRecord, library: Library) -> ActiveRun:
        """A stored run (to resume or end), timed by its round as the library has it now.
        If the round file is gone, each question keeps its own prompt's minutes and the
        round's total is what they add up to."""
        round_ = library.rounds.get(record.round_id)
        if round_ is not None:
            limits = round_time_limits(round_, len(record.prompt_ids))
            title = round_.title
            minutes = round_.minutes
        else:
            limits = [
                round(library.prompts[p].minutes * 60) if p in library.prompts else 0
                for p in record.prompt_ids
            ]
            title = record.round_id
            minutes = 0  # no total given: the questions' time adds up to it
        total = round_total_s(minutes, limits)
        return cls(record.id, record.round_id, title, record.prompt_ids, tuple(limits), total)


@dataclass(frozen=True)
class RoundClock:
    """The whole round's time at one moment: its total and what its attempts have used.

    `remaining_s + used_s - overtime_s == total_s`, as in `TimerView`.
    """

    total_s: int
    used_s: float

    @property
    def remaining_s(self) -> float:
        """Time left in the round, never negative."""
        return max(0.0, self.total_s - self.used_s)

    @property
    def overtime_s(self) -> float:
        """Time used beyond the round's total."""
        return max(0.0, self.used_s - self.total_s)

    @property
    def time_up(self) -> bool:
        """True once the round's total is used up."""
        return self.used_s >= self.total_s


@dataclass(frozen=True)
class QuestionResult:
    """One summary row of a round: a question, its limit, the time used and the overtime."""

    number: int
    prompt_id: str
    limit_s: int
    used_s: float
    overtime_s: float
    answered: bool


@dataclass(frozen=True)
class RoundProgress:
    """Where a run of a round stands: the questions, their limits, and what was used.

    Immutable: `record()` returns the next state, so the screen can keep it in a reactive.
    `used_s[i]` and `overtime_s[i]` are filled as each question's attempt ends.
    """

    prompt_ids: tuple[str, ...]
    limits_s: tuple[int, ...]
    used_s: tuple[float, ...] = ()
    overtime_s: tuple[float, ...] = ()

    @classmethod
    def start(cls, prompt_ids: Sequence[str], limits_s: Sequence[int]) -> RoundProgress:
        """A new run; questions with no time left (limit 0) are dropped."""
        if len(prompt_ids) != len(limits_s):
            raise ValueError("one limit per prompt is needed")
        kept = [(p, s) for p, s in zip(prompt_ids, limits_s, strict=True) if s > 0]
        return cls(tuple(p for p, _ in kept), tuple(s for _, s in kept))

    @property
    def current(self) -> int:
        """Index of the question being asked (== number of questions when done)."""
        return len(self.used_s)

    @property
    def done(self) -> bool:
        """True once every question has a recorded attempt."""
        return self.current >= len(self.prompt_ids)

    @property
    def current_prompt(self) -> str | None:
        """The id of the question being asked, or None when the round is over."""
        return None if self.done else self.prompt_ids[self.current]

    @property
    def current_limit_s(self) -> int:
        """The time limit of the question being asked (0 when the round is over)."""
        return 0 if self.done else self.limits_s[self.current]

    @property
    def total_used_s(self) -> float:
        """Time used by the questions answered so far."""
        return sum(self.used_s)

    def record(self, elapsed_s: float, overtime_s: float = 0.0) -> RoundProgress:
        """The current question's attempt ended after `elapsed_s` (with that much overtime)."""
        if self.done:
            raise ValueError("the round is already over")
        return replace(
            self,
            used_s=(*self.used_s, max(0.0, elapsed_s)),
            overtime_s=(*self.overtime_s, max(0.0, overtime_s)),
        )

    def summary(self) -> list[QuestionResult]:
        """One row per question, answered or not (unanswered rows have 0 used)."""
        rows: list[QuestionResult] = []
        for i, (prompt_id, limit) in enumerate(zip(self.prompt_ids, self.limits_s, strict=True)):
            answered = i < len(self.used_s)
            rows.append(
                QuestionResult(
                    number=i + 1,
                    prompt_id=prompt_id,
                    limit_s=limit,
                    used_s=self.used_s[i] if answered else 0.0,
                    overtime_s=self.overtime_s[i] if answered else 0.0,
                    answered=answered,
                )
            )
        return rows


@dataclass(frozen=True)
class RoundRunContext:
    """What the practice screen needs to know when it asks one question of a round run.

    The practice screen stays ignorant of rounds: it uses `limit_s` instead of the prompt's
    own minutes, tags the attempt with `run_id`, and after a submit hands the attempt id to
    `on_submitted` (the round decides what comes next) instead of opening the review. It
    shows the round clock from `clock()`, and when the person ends the round early it
    calls `on_ended` once this answer is stored (submitted if it held text).

    `used_before_s` is the round time of the run's other attempts; this question's own
    time comes from its timer (a resumed draft's timer carries what it had used).
    """

    run_id: int
    index: int
    total: int
    limit_s: int
    on_submitted: Callable[[int], None]
    title: str = ""
    total_s: int = 0
    used_before_s: float = 0.0
    on_ended: Callable[[], None] | None = None

    @property
    def label(self) -> str:
        """Where the question sits in the round, for the screen's subtitle."""
        return f"Round question {self.index + 1}/{self.total}"

    @property
    def position(self) -> str:
        """The round and the question's place in it, for the round clock line."""
        return f"Round: {self.title} · question {self.index + 1} of {self.total}"

    def clock(self, elapsed_s: float) -> RoundClock:
        """The round clock when this question's own elapsed time is `elapsed_s`."""
        return RoundClock(self.total_s, round_used_s([self.used_before_s, elapsed_s]))


def round_part_line(part: RoundPart, title: str = "") -> str:
    """ "Part 2 of round <title> (started 2026-03-01 09:00)" for an attempt made in a round
    run; `title` is the round's name in the current library (its id stands in when the
    round file is gone). Times are shown in local time; "ended early" for a run ended so."""
    name = title or part.round_id
    line = f"Part {part.number} of round {name}" if part.number else f"Part of round {name}"
    if part.started_at is not None:
        line += f" (started {part.started_at.astimezone().strftime('%Y-%m-%d %H:%M')})"
    if part.status == "abandoned":
        line += " · ended early"
    return line
