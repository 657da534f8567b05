"""What the text of an answer contains, counted: words, pronouns, hedges and fillers,
metric and guardrail phrases, options compared, repeated words, glossary terms.

Plain measures over the words the person typed (no network, no model), each public so
screens can show the raw numbers too. `tui.core.insights` turns them into judgements.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# Spelled as escapes so the source stays plain ASCII-looking for linters and readers.
_CURLY_APOSTROPHE = "\u2019"

#: Conversational speaking pace used for the time estimate.
WORDS_PER_MINUTE = 150

#: How many repeated words `top_words` reports.
TOP_WORDS = 8


# --------------------------------------------------------------------------- words

# A word is a run of letters/digits, optionally joined by apostrophes or hyphens
# ("don't", "browse-to-play"); a number may carry decimals and a percent sign.
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:['\u2019-][^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, with curly apostrophes made straight."""
    return [_straight(w.lower()) for w in _WORD_RE.findall(text)]


def _straight(text: str) -> str:
    """`text` with curly apostrophes made straight, so "I'm" typed on a phone (with a
    curly one) matches the plain words and patterns."""
    return text.replace(_CURLY_APOSTROPHE, "'")


def speaking_seconds(word_count: int, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Estimated seconds to say `word_count` words aloud at `words_per_minute` (config.toml's
    [practice] words_per_minute; `WORDS_PER_MINUTE` by default)."""
    return round(word_count * 60 / words_per_minute)


# --------------------------------------------------------------------- I versus we

_I_WORDS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
_WE_WORDS = frozenset(
    {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll", "let's"}
)


def pronoun_counts(text: str) -> tuple[int, int]:
    """(first person singular, first person plural) pronoun counts in `text`.

    An all-capitals "US" is the country, not "us".
    """
    tokens = [_straight(w.lower()) for w in _WORD_RE.findall(text) if w != "US"]
    return (
        sum(1 for w in tokens if w in _I_WORDS),
        sum(1 for w in tokens if w in _WE_WORDS),
    )


# ------------------------------------------------------------ hedges and fillers

#: Hedging phrases, matched as whole words, case-insensitively.
HEDGES: tuple[str, ...] = (
    "maybe",
    "perhaps",
    "i think",
    "i guess",
    "i believe",
    "i feel like",
    "i suppose",
    "sort of",
    "kind of",
    "probably",
    "possibly",
    "might",
    "somewhat",
    "hopefully",
)

#: Filler words, matched as whole words. "like" counts only when followed by a comma
#: ("like, we shipped"), because "members like short episodes" is not filler.
FILLERS: tuple[str, ...] = (
    "um",
    "umm",
    "uh",
    "er",
    "erm",
    "like,",
    "basically",
    "actually",
    "literally",
    "honestly",
    "you know",
    "i mean",
)

# "what kind of", "this sort of" name a type; they are not hedges.
_DETERMINERS = frozenset(
    {"what", "which", "this", "that", "these", "those", "the", "a", "an", "any", "one", "some"}
    | {"every", "each", "same", "other", "another", "no"}
)
_PREVIOUS_WORD_RE = re.compile(r"([^\W_]+)\W*$")


def _phrase_re(phrase: str) -> re.Pattern[str]:
    trailing_comma = phrase.endswith(",")
    body = phrase.rstrip(",")
    pattern = r"\s+".join(re.escape(part) for part in body.split())
    tail = r"(?=\s*,)" if trailing_comma else r"(?![\w'\u2019-])"
    return re.compile(r"(?<![\w'\u2019-])" + pattern + tail, re.IGNORECASE)


def _count_phrases(text: str, phrases: Sequence[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    text = _straight(text)
    for phrase in phrases:
        for match in _phrase_re(phrase).finditer(text):
            if phrase in ("kind of", "sort of"):
                previous = _PREVIOUS_WORD_RE.search(text[: match.start()])
                if previous and previous.group(1).lower() in _DETERMINERS:
                    continue
            found[phrase.rstrip(",")] += 1
    return found


def hedges(text: str) -> Counter[str]:
    """Which hedging phrases of `HEDGES` occur in `text`, and how often."""
    return _count_phrases(text, HEDGES)


def fillers(text: str) -> Counter[str]:
    """Which filler words of `FILLERS` occur in `text`, and how often."""
    return _count_phrases(text, FILLERS)


# ------------------------------------------------------------------ metric step

# What makes a metric measurable: a number, a unit of rate or share, or a named
# measurable quantity. Matched on the metric step only.
_MEASURABLE_RE = re.compile(
    r"\d+(?:[.,]\d+)*%?|%|\bpercent|\brates?\b|\bratio\b|\bshare of\b|\btime to\b"
    r"|\bchurn|\bconversion|\bretention\b|\bper\s+[a-z]+|\bcount\b|\bnumber of\b"
    r"|\baverage\b|\bmedian\b|\bp(?:50|90|95|99)\b|\blatency\b"
    r"|\bdaily active\b|\bweekly active\b|\bmonthly active\b|\bdau\b|\bmau\b|\bnps\b",
    re.IGNORECASE,
)
# A guardrail or a condition that stops the change.
_GUARDRAIL_RE = re.compile(
    r"\bguardrails?\b|\broll(?:ed|ing)?[\s-]+(?:\w+\s+)?back\b|\brollback\b|\bkill[\s-]?switch"
    r"|\b(?:stop|pause|halt|abort)\s+(?:\w+\s+){0,3}if\b|\brevert"
    r"|\b(?:switch|turn)(?:ed)?\s+(?:\w+\s+)?off\b|\bmust\s+not\s+(?:drop|fall|rise|get worse)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MetricCheck:
    """What the metric step names: the first measurable phrase and guardrail phrase found."""

    metric: str | None
    guardrail: str | None


def metric_check(text: str) -> MetricCheck:
    """Whether `text` names a measurable metric and a guardrail or rollback condition."""
    metric = _MEASURABLE_RE.search(text)
    guardrail = _GUARDRAIL_RE.search(text)
    return MetricCheck(
        metric=metric.group(0) if metric else None,
        guardrail=guardrail.group(0) if guardrail else None,
    )


# ---------------------------------------------------------------- options count

# Letter labels must be capitals ("Option A"), so "the option a member picks" is no label.
_LABELLED_OPTION_RE = re.compile(
    r"\b(?i:option|approach|alternative)\s+([A-Z]|\d+|(?i:one|two|three|four|five))\b"
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth")
_ORDINAL_RE = re.compile(r"\b(first|second|third|fourth|fifth)(?:ly)?\b", re.IGNORECASE)
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)]|\(?[a-z][.)])\s+\S", re.IGNORECASE | re.MULTILINE)
_ALTERNATIVE_RE = re.compile(
    r"\balternatively\b|\banother option\b|\bthe other option\b|\bor else\b", re.IGNORECASE
)
_VERSUS_RE = re.compile(r"\b(?:versus|vs)\b\.?", re.IGNORECASE)
# Sentence ends, except the full stop of "vs." which continues the comparison.
_SENTENCE_SPLIT_RE = re.compile(r"(?<![Vv][Ss]\.)(?<=[.!?])\s+|\n+")


def count_options(text: str) -> int:
    """How many options `text` compares, by the largest of these signals.

    - labelled options: distinct labels in "Option A", "option 2", "approach three";
    - ordinals: the highest of first/second/third... used, if "second" or later appears
      (a lone "first" is sequencing, not an enumeration);
    - list items: lines starting with "-", "*", "•", "1." / "1)" or "a)" / "(a)";
    - "alternatively" / "another option": one plus the number of such phrases;
    - "versus" / "vs": in the sentence with most of them, one plus their count.

    The maximum, not the sum, because the signals usually describe the same options twice
    ("Option A ... versus Option B" is two options, not four).
    """
    labels = {m.group(1).lower() for m in _LABELLED_OPTION_RE.finditer(text)}
    ordinals = [_ORDINALS.index(m.group(1).lower()) + 1 for m in _ORDINAL_RE.finditer(text)]
    highest_ordinal = max(ordinals, default=0)
    ordinal_count = highest_ordinal if highest_ordinal >= 2 else 0
    list_items = len(_LIST_ITEM_RE.findall(text))
    alternatives = len(_ALTERNATIVE_RE.findall(text))
    versus = max(
        (len(_VERSUS_RE.findall(sentence)) for sentence in _SENTENCE_SPLIT_RE.split(text)),
        default=0,
    )
    return max(
        len(labels),
        ordinal_count,
        list_items,
        alternatives + 1 if alternatives else 0,
        versus + 1 if versus else 0,
    )


# -------------------------------------------------------------------- top words

#: Words too common to say anything about an answer.
_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each few for from further get gets got had
    hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
    him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself
    just let's me more most mustn't my myself no nor not now of off on once only or other
    ought our ours ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under
    until up us very was wasn't we we'd we'll we're we've were weren't what what's when
    when's where where's which while who who's whom why why's will with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves one two three
    first second third would could should might maybe perhaps probably like really
    actually basically um uh yeah okay ok well think thing things way lot
    """
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def top_words(text: str, n: int = TOP_WORDS) -> list[tuple[str, int]]:
    """The `n` most used words of `text` that are not stop words, numbers or single
    letters, each used at least twice; ties are broken alphabetically."""
    counts = Counter(
        w for w in words(text) if w not in STOP_WORDS and len(w) > 1 and not w[0].isdigit()
    )
    repeated = [(w, c) for w, c in counts.items() if c >= 2]
    repeated.sort(key=lambda item: (-item[1], item[0]))
    return repeated[:n]


# ---------------------------------------------------------------------- glossary


def _term_re(term: str) -> re.Pattern[str]:
    # Hyphens and spaces are interchangeable ("browse-to-play" = "browse to play"), and the
    # last word may be plural ("guardrail metrics"), so the person is not punished for
    # grammar; otherwise the whole phrase must match on word boundaries.
    parts = [re.escape(part) for part in re.split(r"[\s-]+", term.strip()) if part]
    pattern = r"[\s-]+".join(parts)
    return re.compile(r"(?<![\w-])" + pattern + r"(?:s|es)?(?![\w-])", re.IGNORECASE)


def glossary_usage(text: str, glossary: Sequence[str]) -> tuple[list[str], list[str]]:
    """(terms used, terms not used) of `glossary` in `text`, each in glossary order.

    Matching is case-insensitive on whole words or phrases; spaces and hyphens are
    interchangeable and the last word may carry a plural "s"/"es".
    """
    text = _straight(text)
    used: list[str] = []
    unused: list[str] = []
    for term in glossary:
        if not term.strip():
            continue
        (used if _term_re(term).search(text) else unused).append(term)
    return used, unused


#: Evidence longer than this is cut with "…": one line under its insight.
EVIDENCE_MAX = 160


def sentence_with(text: str, pattern: re.Pattern[str]) -> str:
    """The first sentence of `text` that `pattern` finds something in, on one line (cut
    at EVIDENCE_MAX), or "" when there is none: the evidence an insight points at."""
    for sentence in _SENTENCE_SPLIT_RE.split(text):
        if pattern.search(_straight(sentence)):
            line = " ".join(sentence.split())
            return line if len(line) <= EVIDENCE_MAX else line[: EVIDENCE_MAX - 1] + "…"
    return ""


def phrases_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    """One pattern for any of `phrases`, as whole words, ignoring case."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE)
