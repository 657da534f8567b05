"""Coaching questions from the gaps of one answer: what a human coach would ask next.

The prompt file's own follow-ups are written for every answer; these are written for *this*
one. Each rule reads the answer the way `tui.core.insights` does (plain heuristics over the
words typed, no model, no network) and, when it finds a gap, asks one short question and
says which finding it came from, so the person can see why it was asked and disagree.

Rules, in the order they are asked:

- a result or impact step with no number                → "What changed, and by how much?"
- a metric with no guardrail or rollback condition       → "What would make you roll this back?"
- "we" outweighing "I" in a behavioral answer            → "What did you do yourself?"
- one option only in the step that compares options      → "What else did you consider…?"
- hedging in the step where the call is made             → "If you had to decide now…?"
- a story with no result part written                    → "How did it end…?"
- no trade-off or cost named anywhere                    → "What did this choice cost you?"
- a step left empty                                      → "What would you say about <step>?"
- a step far over its budget                             → "Say <step> again in two sentences."

Deterministic: the same answer always gets the same questions in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.answer_text import count_options, hedges, metric_check, pronoun_counts, words
from tui.core.durations import format_elapsed
from tui.core.model import Scaffold
from tui.core.records import AttemptDetail

#: A step "far over its budget" took at least this many times its budget ...
OVER_BUDGET_FACTOR = 2.0
#: ... and at least this many seconds more (a 10 s step run to 25 s is no habit).
OVER_BUDGET_MIN_S = 30.0
#: Hedges in the deciding step before the question is asked.
HEDGES_IN_CHOICE = 1
#: "We" must outnumber "I" by this much, and appear this often, for the ownership question.
WE_OVER_I = 1
WE_MIN = 3
#: At most this many generated questions: pushback is a few sharp questions, not a quiz.
MAX_QUESTIONS = 4


@dataclass(frozen=True)
class AnswerStep:
    """One step of an answer as the coach reads it."""

    title: str
    text: str
    seconds: float = 0.0
    budget_s: float | None = None


@dataclass(frozen=True)
class CoachQuestion:
    """A question generated from a finding about this answer.

    `key` names the rule (stable, for tests and for not asking twice), `finding` says in
    plain words what was seen ("no number in Impact"), `step` is the index of the step it
    points at, or None when it is about the whole answer.
    """

    key: str
    question: str
    finding: str
    step: int | None = None


_RESULT_WORDS = ("result", "impact", "outcome", "success", "effect")
_METRIC_WORDS = ("metric", "measure", "success")
_OPTION_WORDS = ("option", "compar", "alternative")
_CHOICE_WORDS = ("choose", "choice", "decision", "decide", "recommend", "bet", "call")
_NUMBER_RE = re.compile(r"\d|\b(?:half|double|doubled|twice|triple|tripled|percent)\b", re.I)
_TRADE_OFF_RE = re.compile(
    r"\btrade[\s-]?offs?\b|\bcost(?:s|ing)?\b|\bat the expense of\b|\bgive up\b|\bgave up\b"
    r"|\bsacrific\w*|\bdownside\b|\binstead of\b|\brather than\b|\bin exchange\b|\bprice\b"
    r"|\bwe lose\b|\bi lose\b|\bwould lose\b|\baccept(?:ed|ing)? (?:the|a|that|less|more|slower)",
    re.I,
)


def find_step(steps: Sequence[AnswerStep], keywords: Sequence[str]) -> int | None:
    """The first step whose title holds one of `keywords` (lower case), if any."""
    for index, step in enumerate(steps):
        title = step.title.lower()
        if any(word in title for word in keywords):
            return index
    return None


def coaching_questions(steps: Sequence[AnswerStep], *, kind: str) -> list[CoachQuestion]:
    """The questions this answer's gaps call for, most telling first, at most MAX_QUESTIONS.

    `kind` is the prompt's kind ("case", "behavioral", "design"). Nothing is asked of an
    answer with no words at all: there is nothing to push back on.
    """
    if not any(words(step.text) for step in steps):
        return []
    rules = (
        _no_number_in_result,
        _metric_without_guardrail,
        _we_over_i,
        _one_option,
        _hedged_choice,
        _story_without_result,
        _no_trade_off,
        _empty_step,
        _over_budget,
    )
    found: list[CoachQuestion] = []
    asked_steps: set[int] = set()
    for rule in rules:
        if kind != "behavioral" and rule in (_we_over_i, _story_without_result):
            continue
        question = rule(steps)
        if question is None or question.step in asked_steps:
            continue  # one question per step: the most telling one, asked first
        found.append(question)
        if question.step is not None:
            asked_steps.add(question.step)
    return found[:MAX_QUESTIONS]


def _no_number_in_result(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    index = find_step(steps, _RESULT_WORDS)
    if index is None or not steps[index].text.strip() or _NUMBER_RE.search(steps[index].text):
        return None
    return CoachQuestion(
        "result-number",
        "What changed, and by how much?",
        f"no number in {steps[index].title}",
        index,
    )


def _metric_without_guardrail(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    index = find_step(steps, _METRIC_WORDS)
    if index is None:
        return None
    check = metric_check(steps[index].text)
    if check.metric is None or check.guardrail is not None:
        return None
    return CoachQuestion(
        "guardrail",
        "What would make you roll this back?",
        f'a metric ("{check.metric}") but no guardrail or rollback condition',
        index,
    )


def _we_over_i(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    i_count, we_count = pronoun_counts("\n".join(step.text for step in steps))
    if we_count < WE_MIN or we_count - i_count < WE_OVER_I:
        return None
    return CoachQuestion(
        "ownership",
        "What did you do yourself?",
        f'"we" {we_count} times against "I" {i_count} times',
    )


def _one_option(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    index = find_step(steps, _OPTION_WORDS)
    if index is None or not steps[index].text.strip() or count_options(steps[index].text) > 1:
        return None
    return CoachQuestion(
        "options",
        "What else did you consider, and why not that?",
        f"one option only in {steps[index].title}",
        index,
    )


def _hedged_choice(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    index = find_step(steps, _CHOICE_WORDS)
    if index is None:
        return None
    found = hedges(steps[index].text)
    if sum(found.values()) < HEDGES_IN_CHOICE:
        return None
    phrases = ", ".join(f'"{phrase}"' for phrase, _ in found.most_common(2))
    return CoachQuestion(
        "decide",
        "If you had to decide now, which one?",
        f"hedging in {steps[index].title} ({phrases})",
        index,
    )


def _story_without_result(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    index = find_step(steps, _RESULT_WORDS)
    if index is None or steps[index].text.strip():
        return None
    return CoachQuestion(
        "story-ending",
        "How did it end, and what did you learn?",
        f"the story has no {steps[index].title} part",
        index,
    )


def _no_trade_off(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    if any(_TRADE_OFF_RE.search(step.text) for step in steps):
        return None
    return CoachQuestion(
        "trade-off",
        "What did this choice cost you, and why was it worth it?",
        "no trade-off or cost named",
    )


def _empty_step(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    for index, step in enumerate(steps):
        if not step.text.strip():
            return CoachQuestion(
                "empty-step",
                f"You left {step.title} out: what would you say there?",
                f"{step.title} left empty",
                index,
            )
    return None


def _over_budget(steps: Sequence[AnswerStep]) -> CoachQuestion | None:
    for index, step in enumerate(steps):
        budget = step.budget_s
        if not budget or step.seconds < budget * OVER_BUDGET_FACTOR:
            continue
        if step.seconds - budget < OVER_BUDGET_MIN_S:
            continue
        return CoachQuestion(
            "over-budget",
            f"Say {step.title} again in two sentences.",
            f"{step.title} took {format_elapsed(step.seconds)} of {format_elapsed(budget)}",
            index,
        )
    return None


@dataclass(frozen=True)
class PushbackQuestion:
    """One question of pushback mode: the prompt's own (no finding) or the coach's, which
    says what in the answer it came from."""

    text: str
    finding: str = ""

    @property
    def stored(self) -> str:
        """The question as it is kept with the reply: a coach's names its finding."""
        return f"{self.text} (from: {self.finding})" if self.finding else self.text


def answer_steps(detail: AttemptDetail, scaffold: Scaffold | None) -> list[AnswerStep]:
    """The attempt's steps as the coach reads them, with each step's budget when the
    scaffold is known (shares scale to the attempt's own time limit)."""
    minutes = detail.summary.time_limit_s / 60
    budgets = [s.budget_seconds(minutes) for s in scaffold.steps] if scaffold else []
    return [
        AnswerStep(
            step.title,
            step.text,
            step.seconds,
            budgets[step.index] if step.index < len(budgets) else None,
        )
        for step in detail.steps
    ]


def pushback_questions(
    followups: Sequence[str], steps: Sequence[AnswerStep], *, kind: str
) -> list[PushbackQuestion]:
    """The prompt's written follow-ups first, then the coach's questions from this answer's
    gaps (one the prompt already asks is not asked twice)."""
    written = [PushbackQuestion(text) for text in followups]
    asked = {text.strip().lower() for text in followups}
    coach = [
        PushbackQuestion(q.question, q.finding)
        for q in coaching_questions(steps, kind=kind)
        if q.question.strip().lower() not in asked
    ]
    return written + coach
