"""Offline insights about one answer, computed from its text alone.

Every rule here is a plain heuristic over the words the person typed: no network, no model.
Each rule produces an `Insight` whose `explanation` says in one line what was counted and
why it matters, so the person can disagree with the heuristic instead of trusting a black
box. The thresholds are module constants so tests and readers can see them.

The entry point is `compute_insights`; the measures it judges (`words`,
`speaking_seconds`, `hedges`, `fillers`, `metric_check`, `count_options`, `top_words`,
`glossary_usage`) live in `tui.core.answer_text`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from tui.core.answer_text import (
    WORDS_PER_MINUTE,
    count_options,
    fillers,
    glossary_usage,
    hedges,
    metric_check,
    phrases_pattern,
    pronoun_counts,
    sentence_with,
    speaking_seconds,
    top_words,
    words,
)

Level = Literal["good", "note", "warn"]

# Spelled as escapes so the source stays plain ASCII-looking for linters and readers.
_TIMES = "\u00d7"

#: "We" dominates when it makes up more than this share of I + we pronouns ...
WE_SHARE_WARN = 0.5
#: ... and appears at least this often (one stray "we" next to no "I" is not a pattern).
WE_MIN_COUNT = 3

#: Hedges or fillers become a warning at this many per 100 words, if there are at least
#: `SOFTENER_MIN_COUNT` of them (one "maybe" in a 40-word answer is not a habit).
SOFTENER_WARN_PER_100 = 1.0
SOFTENER_MIN_COUNT = 2

#: The scaffold guidance asks for "two or three options".
OPTIONS_MIN = 2
OPTIONS_MAX = 3


@dataclass(frozen=True)
class Insight:
    """One computed observation about an answer.

    `key` is stable (screens and tests look insights up by it), `title` names the rule,
    `value` is the short figure, `explanation` is one line of why (empty when the figure
    says it all, as for each step's length), `level` is how to
    colour it: "good", "note" (neutral information) or "warn" (a named failure mode).
    """

    key: str
    title: str
    value: str
    explanation: str
    level: Level
    #: The sentence of the answer the insight points at ("" when it points at none).
    evidence: str = ""

    def __post_init__(self) -> None:
        # The review screen renders each insight on one row; a newline would break it.
        if "\n" in self.explanation or "\n" in self.evidence:
            raise ValueError("an insight's explanation and evidence must be single lines")


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _length_value(word_count: int, words_per_minute: int) -> str:
    unit = "word" if word_count == 1 else "words"
    spoken = speaking_seconds(word_count, words_per_minute)
    return f"{word_count} {unit} · ~{_clock(spoken)} spoken"


def _length_insights(steps: Sequence[tuple[str, str]], words_per_minute: int) -> list[Insight]:
    counts = [len(words(text)) for _, text in steps]
    total = sum(counts)
    out: list[Insight] = []
    for index, ((title, _), count) in enumerate(zip(steps, counts, strict=True)):
        out.append(
            Insight(
                key=f"step-{index}-length",
                title=title or f"Step {index + 1}",
                value=_length_value(count, words_per_minute),
                # The speaking rate is said once, on the total below, not on every step.
                explanation=(
                    ""
                    if count
                    else "Nothing written for this step; an interviewer would notice the gap."
                ),
                level="note" if count else "warn",
            )
        )
    if total and counts:
        longest = max(range(len(counts)), key=lambda i: counts[i])
        explanation = (
            f"Spoken at ~{words_per_minute} words a minute; longest step: "
            f"{steps[longest][0] or f'Step {longest + 1}'} ({counts[longest]} words)."
        )
    else:
        explanation = "Nothing written yet."
    out.append(
        Insight(
            key="length",
            title="Length",
            value=_length_value(total, words_per_minute),
            explanation=explanation,
            level="note" if total else "warn",
        )
    )
    return out


def _we_dominates(i_count: int, we_count: int) -> bool:
    if we_count < WE_MIN_COUNT:
        return False
    return we_count / (i_count + we_count) > WE_SHARE_WARN


def _pronoun_insight(text: str, kind: str | None) -> Insight:
    i_count, we_count = pronoun_counts(text)
    value = f'"I" {_TIMES}{i_count} · "we" {_TIMES}{we_count}'
    behavioral = kind == "behavioral"
    explanation: str
    level: Level
    if _we_dominates(i_count, we_count):
        explanation = (
            'Mostly "we": say which decision was yours; interviewers score your part.'
            if behavioral
            else 'Mostly "we"; fine for a plan, but make clear which call you would make.'
        )
        level = "warn" if behavioral else "note"
    elif i_count:
        explanation = "Your own decisions are stated in the first person."
        level = "good"
    else:
        explanation = 'Neither dominates; in a story, say what you did with "I".'
        level = "note"
    return Insight("i-vs-we", "I versus we", value, explanation, level)


def _describe_counts(found: Counter[str]) -> str:
    ordered = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f'"{_display(phrase)}" {_TIMES}{count}' for phrase, count in ordered)


def _display(phrase: str) -> str:
    # Phrases are stored lower-case; show the pronoun as people write it ("I think").
    return _LONE_I_RE.sub("I", phrase)


_LONE_I_RE = re.compile(r"\bi\b")


def _softener_insight(
    key: str, title: str, found: Counter[str], word_count: int, advice: str
) -> Insight:
    total = sum(found.values())
    if not total:
        return Insight(key, title, "0", f"No {title.lower()} found.", "good")
    per_100 = total * 100 / word_count if word_count else 0.0
    heavy = total >= SOFTENER_MIN_COUNT and per_100 >= SOFTENER_WARN_PER_100
    return Insight(
        key=key,
        title=title,
        value=str(total),
        explanation=f"{_describe_counts(found)}; {advice}",
        level="warn" if heavy else "note",
    )


def _find_step(steps: Sequence[tuple[str, str]], keywords: Sequence[str]) -> int | None:
    for index, (title, _) in enumerate(steps):
        lowered = title.lower()
        if any(word in lowered for word in keywords):
            return index
    return None


def _metric_insight(title: str, text: str) -> Insight:
    check = metric_check(text)
    value = f"metric {'✓' if check.metric else '✗'} · guardrail {'✓' if check.guardrail else '✗'}"
    if check.metric and check.guardrail:
        explanation = f'Measurable ("{check.metric}") with a stop condition ("{check.guardrail}").'
        level: Level = "good"
    elif check.metric:
        explanation = (
            f'Measurable ("{check.metric}"), but no guardrail or rollback condition: '
            "say what must not get worse and when you would roll back."
        )
        level = "warn"
    elif check.guardrail:
        explanation = (
            f'A stop condition ("{check.guardrail}"), but no measurable metric: '
            "name a rate, share, time or count."
        )
        level = "warn"
    else:
        explanation = "Name a measurable metric and the guardrail or rollback condition."
        level = "warn"
    return Insight("metric", f"Metric check: {title}", value, explanation, level)


def _options_insight(title: str, text: str) -> Insight:
    count = count_options(text)
    value = f"{count} option{'s' if count != 1 else ''}"
    level: Level
    if count < OPTIONS_MIN:
        explanation = (
            "No comparison found (labels, lists, first/second, versus); weigh two or three."
        )
        level = "warn"
    elif count > OPTIONS_MAX:
        explanation = "More than three options reads as a list; keep the serious ones."
        level = "note"
    else:
        explanation = "Two or three real options, as the scaffold asks."
        level = "good"
    return Insight("options", f"Options compared: {title}", value, explanation, level)


def _top_words_insight(text: str) -> Insight:
    top = top_words(text)
    if not top:
        return Insight(
            "top-words", "Most used words", "—", "No word (beyond common ones) repeats.", "note"
        )
    listed = ", ".join(f"{w} {_TIMES}{c}" for w, c in top)
    return Insight(
        "top-words",
        "Most used words",
        top[0][0],
        f"{listed} (common words left out).",
        "note",
    )


def _glossary_insights(text: str, glossary: Sequence[str]) -> list[Insight]:
    used, unused = glossary_usage(text, glossary)
    total = len(used) + len(unused)
    if not total:
        return []
    return [
        Insight(
            "terms-used",
            "Key terms used",
            f"{len(used)} of {total}",
            "Used: " + ", ".join(used) + "." if used else "None of the track's key terms used.",
            "good" if used else "note",
        ),
        Insight(
            "terms-unused",
            "Key terms not used",
            str(len(unused)),
            "Not used: " + ", ".join(unused) + "." if unused else "Every key term was used.",
            "note" if unused else "good",
        ),
    ]


def compute_insights(
    steps: Sequence[tuple[str, str]],
    *,
    glossary: Sequence[str] = (),
    metric_step: int | None = None,
    options_step: int | None = None,
    kind: str | None = None,
    words_per_minute: int = WORDS_PER_MINUTE,
) -> list[Insight]:
    """All insights for one answer, in display order.

    `steps` are (step title, answer text) in scaffold order. `glossary` is the track's key
    terms. `metric_step` / `options_step` are indexes into `steps`; when None they are found
    by title keyword ("metric"; "option", "compar" or "alternative"), and the rule is left
    out when no step matches. `kind` is the prompt's kind: "we" dominating is a warning
    only for "behavioral" answers. `words_per_minute` paces the speaking estimate
    (config.toml's [practice] words_per_minute).

    Order: per-step length, total length, then (only if anything was written) I versus we,
    hedges, fillers, metric check, options count, most used words, key terms used/not used.
    """
    out = _length_insights(steps, words_per_minute)
    text = "\n".join(answer for _, answer in steps)
    word_count = len(words(text))
    if not word_count:
        # With nothing written every other rule would only report zeros.
        return out
    out.append(_pronoun_insight(text, kind))
    out.append(
        _softener_insight(
            "hedges", "Hedges", hedges(text), word_count, "state the call, then the reason."
        )
    )
    out.append(
        _softener_insight(
            "fillers", "Fillers", fillers(text), word_count, "a pause sounds surer than a filler."
        )
    )
    if metric_step is None:
        metric_step = _find_step(steps, ("metric",))
    if metric_step is not None and 0 <= metric_step < len(steps):
        out.append(_metric_insight(*steps[metric_step]))
    if options_step is None:
        options_step = _find_step(steps, ("option", "compar", "alternative"))
    if options_step is not None and 0 <= options_step < len(steps):
        out.append(_options_insight(*steps[options_step]))
    out.append(_top_words_insight(text))
    out.extend(_glossary_insights(text, glossary))
    found_in = _Answer(text, steps, metric_step, options_step, tuple(glossary))
    return [with_evidence(insight, found_in) for insight in out]


_WE_RE = re.compile(r"\b(?:we|us|our|ours|ourselves|we're|we've|we'd|we'll)\b", re.IGNORECASE)
_I_RE = re.compile(r"\b(?:i|me|my|mine|myself|i'm|i've|i'd|i'll)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Answer:
    """Where evidence is looked for: the whole text, its steps, the steps the metric and
    options rules read, and the track's key terms."""

    text: str
    steps: Sequence[tuple[str, str]]
    metric_step: int | None
    options_step: int | None
    glossary: tuple[str, ...]


def with_evidence(insight: Insight, answer: _Answer) -> Insight:
    """`insight` with the sentence of the answer it points at, where there is one: the
    first hedge or filler, the "we" (or "I") that decided it, the metric, the options, the
    most used word, the first key term used."""
    pattern: re.Pattern[str] | None = None
    text = where = answer.text
    if insight.key == "i-vs-we":
        i_count, we_count = pronoun_counts(text)
        pattern = _WE_RE if we_count >= i_count else _I_RE
    elif insight.key in ("hedges", "fillers"):
        found = (hedges if insight.key == "hedges" else fillers)(text)
        pattern = phrases_pattern(list(found)) if found else None
    elif insight.key == "metric" and answer.metric_step is not None:
        where = answer.steps[answer.metric_step][1]
        check = metric_check(where)
        named = [p for p in (check.metric, check.guardrail) if p]
        pattern = phrases_pattern(named) if named else None
    elif insight.key == "options" and answer.options_step is not None:
        where = answer.steps[answer.options_step][1]
        pattern = re.compile(r"\S")
    elif insight.key == "top-words":
        top = top_words(text, 1)
        pattern = phrases_pattern([top[0][0]]) if top else None
    elif insight.key == "terms-used":
        used, _unused = glossary_usage(text, answer.glossary)
        pattern = phrases_pattern(used) if used else None
    if pattern is None:
        return insight
    evidence = sentence_with(where, pattern)
    return replace(insight, evidence=evidence) if evidence else insight
