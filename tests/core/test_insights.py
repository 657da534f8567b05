"""insights: every rule on fixed texts, including empty answers and edge cases."""

from __future__ import annotations

import pytest

from tui.core.answer_text import (
    count_options,
    fillers,
    glossary_usage,
    hedges,
    metric_check,
    pronoun_counts,
    speaking_seconds,
    top_words,
    words,
)
from tui.core.insights import Insight, compute_insights

X = "\u00d7"  # the multiplication sign the insights print between a word and its count

SIX_STEP_TITLES = (
    "Restate the goal",
    "Pick one user segment",
    "Name the key constraint",
    "Compare two or three options",
    "Choose and own the trade-off",
    "Metric and rollback condition",
)


def by_key(insights: list[Insight]) -> dict[str, Insight]:
    return {insight.key: insight for insight in insights}


def six_step(**texts: str) -> list[tuple[str, str]]:
    """The six-step scaffold with text only in the steps named by index (s0..s5)."""
    return [(title, texts.get(f"s{i}", "")) for i, title in enumerate(SIX_STEP_TITLES)]


# ------------------------------------------------------------------ words, time


def test_words_counts_contractions_hyphens_and_numbers_as_one_word() -> None:
    assert words("Don't cut browse-to-play conversion by 2.5%!") == [
        "don't",
        "cut",
        "browse-to-play",
        "conversion",
        "by",
        "2.5%",
    ]


def test_words_straightens_curly_apostrophes_and_ignores_punctuation() -> None:
    assert words("I\u2019m sure — really... (yes)") == ["i'm", "sure", "really", "yes"]
    assert words("  ... — !!! ") == []


def test_speaking_seconds_uses_150_words_a_minute() -> None:
    assert speaking_seconds(150) == 60
    assert speaking_seconds(75) == 30
    assert speaking_seconds(0) == 0


def test_length_insights_per_step_and_total() -> None:
    steps = [("Situation", "word " * 150), ("Task", "one two three"), ("Action", "")]
    got = by_key(compute_insights(steps))
    assert got["step-0-length"].title == "Situation"
    assert got["step-0-length"].value == "150 words · ~1:00 spoken"
    assert got["step-1-length"].value == "3 words · ~0:01 spoken"
    assert got["step-2-length"].value == "0 words · ~0:00 spoken"
    assert got["step-2-length"].level == "warn"
    assert got["length"].value == "153 words · ~1:01 spoken"
    assert "longest step: Situation (150 words)" in got["length"].explanation


def test_the_speaking_rate_is_said_once_not_on_every_step() -> None:
    steps = [(f"Step {n}", "some words here") for n in range(6)]
    got = compute_insights(steps)
    said = [i.key for i in got if "words a minute" in i.explanation]
    assert said == ["length"]
    assert by_key(got)["step-0-length"].explanation == ""


def test_one_word_is_singular() -> None:
    assert by_key(compute_insights([("A", "Hello.")]))["length"].value.startswith("1 word ·")


def test_empty_answer_reports_only_length() -> None:
    got = compute_insights(six_step(), glossary=("Cohort",), kind="behavioral")
    assert [i.key for i in got] == [f"step-{i}-length" for i in range(6)] + ["length"]
    assert got[-1].value == "0 words · ~0:00 spoken"
    assert got[-1].level == "warn"


def test_no_steps_at_all() -> None:
    got = compute_insights([])
    assert [i.key for i in got] == ["length"]
    assert got[0].explanation == "Nothing written yet."


def test_explanations_are_single_lines() -> None:
    steps = six_step(
        s0="Line one.\nLine two with um, maybe, we and we and we.",
        s3="- Option A\n- Option B",
        s5="Churn rate;\nroll back if support contacts rise.",
    )
    for insight in compute_insights(steps, glossary=("Cohort", "Churn rate")):
        assert "\n" not in insight.explanation


def test_insight_rejects_multi_line_explanation() -> None:
    with pytest.raises(ValueError):
        Insight("k", "t", "v", "two\nlines", "note")


# ------------------------------------------------------------------ I versus we


def test_pronoun_counts_include_object_forms_and_contractions_not_the_country() -> None:
    text = "I'm sure my team and I did it; we\u2019ve told us and our US partners. Me too."
    # I: I'm, my, I, me   we: we've, us, our   ("US" is the country)
    assert pronoun_counts(text) == (4, 3)


def test_we_dominating_a_behavioral_answer_warns() -> None:
    text = "We decided to cut scope. We shipped. Our team did well and I helped."
    insight = by_key(compute_insights([("Action", text)], kind="behavioral"))["i-vs-we"]
    assert insight.value == f'"I" {X}1 · "we" {X}3'
    assert insight.level == "warn"
    assert "yours" in insight.explanation


def test_we_dominating_a_case_answer_is_only_a_note() -> None:
    text = "We could ship it. We could wait. Our choice matters."
    insight = by_key(compute_insights([("Options", text)], kind="case"))["i-vs-we"]
    assert insight.level == "note"


def test_we_below_minimum_count_does_not_warn() -> None:
    # Two "we" and no "I" is 100% but under WE_MIN_COUNT (3): not yet a pattern.
    insight = by_key(compute_insights([("Action", "We shipped. We won.")], kind="behavioral"))
    assert insight["i-vs-we"].level == "note"


def test_equal_i_and_we_is_not_dominated() -> None:
    text = "We met. We argued. We paused. I decided. I wrote it. I told them."
    insight = by_key(compute_insights([("Action", text)], kind="behavioral"))["i-vs-we"]
    assert insight.level == "good"


# ------------------------------------------------------------ hedges, fillers


def test_hedges_counted_case_insensitively_as_whole_words() -> None:
    text = "Maybe we ship. I THINK so, perhaps. Mighty members might churn. Maybe-ish."
    found = hedges(text)
    # "Mighty" is not "might"; "Maybe-ish" is one hyphenated word, not "maybe".
    assert found == {"maybe": 1, "i think": 1, "perhaps": 1, "might": 1}


def test_kind_of_after_a_determiner_is_not_a_hedge() -> None:
    text = "What kind of members? This sort of test. It kind of worked, sort of."
    assert hedges(text) == {"kind of": 1, "sort of": 1}


def test_fillers_including_like_only_before_a_comma() -> None:
    text = "Um, so, like, members like short episodes. Uh, you know, it basically worked."
    assert fillers(text) == {"um": 1, "like": 1, "uh": 1, "you know": 1, "basically": 1}


def test_hedge_insight_lists_which_ones_and_warns_when_dense() -> None:
    text = "Maybe we test it. Maybe not. I think the segment is probably parents."
    insight = by_key(compute_insights([("Goal", text)]))["hedges"]
    assert insight.value == "4"
    assert insight.explanation.startswith(f'"maybe" {X}2, "I think" {X}1, "probably" {X}1;')
    assert insight.level == "warn"


def test_single_hedge_in_long_answer_is_a_note_and_none_is_good() -> None:
    long_text = "members " * 300 + "maybe"
    assert by_key(compute_insights([("A", long_text)]))["hedges"].level == "note"
    clean = by_key(compute_insights([("A", "Parents on shared TV accounts.")]))
    assert clean["hedges"].value == "0"
    assert clean["hedges"].level == "good"
    assert clean["fillers"].level == "good"


def test_two_hedges_sparse_in_long_answer_do_not_warn() -> None:
    # 2 hedges in 400 words is 0.5 per 100: under SOFTENER_WARN_PER_100.
    text = "members " * 398 + "maybe perhaps"
    assert by_key(compute_insights([("A", text)]))["hedges"].level == "note"


# ------------------------------------------------------------------ metric step


@pytest.mark.parametrize(
    ("text", "metric", "guardrail"),
    [
        ("Time to first play, with a guardrail on support contacts.", True, True),
        ("Cut month-one churn by 2 points; roll it back if re-browse rises.", True, True),
        ("Conversion; kill switch on crash rate.", True, True),
        ("Stop the test if complaints rise by 10%.", True, True),
        ("Members will be happier and we revert if not.", False, True),
        ("Retention at day 30.", True, False),
        ("Engagement goes up.", False, False),
        ("", False, False),
    ],
)
def test_metric_check(text: str, metric: bool, guardrail: bool) -> None:
    check = metric_check(text)
    assert (check.metric is not None) == metric
    assert (check.guardrail is not None) == guardrail


def test_metric_step_found_by_title_and_needs_both() -> None:
    got = by_key(compute_insights(six_step(s0="Goal.", s5="Churn rate within 30 days.")))
    assert got["metric"].title == "Metric check: Metric and rollback condition"
    assert got["metric"].value == "metric ✓ · guardrail ✗"
    assert got["metric"].level == "warn"


def test_metric_step_good_when_both_present() -> None:
    text = "Browse-to-play conversion up 3%; guardrail: content diversity must not drop."
    got = by_key(compute_insights(six_step(s5=text)))
    assert got["metric"].level == "good"
    assert got["metric"].value == "metric ✓ · guardrail ✓"


def test_metric_rule_only_looks_at_the_metric_step() -> None:
    # Measurable words in step 0 do not count for the metric step.
    got = by_key(compute_insights(six_step(s0="Churn is 5%.", s5="People like it.")))
    assert got["metric"].value == "metric ✗ · guardrail ✗"


def test_explicit_metric_step_index_overrides_title_detection() -> None:
    steps = [("Impact", "Cut churn 4%; rolled back twice."), ("Metric", "Nothing here.")]
    assert by_key(compute_insights(steps, metric_step=0))["metric"].level == "good"
    assert by_key(compute_insights(steps))["metric"].level == "warn"


def test_no_metric_insight_without_a_metric_step() -> None:
    assert "metric" not in by_key(compute_insights([("Situation", "Churn 5%.")]))


# ------------------------------------------------------------------ options count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Option A is a reminder; option B a row; Option A again.", 2),
        ("Option 1, option 2 and option 3.", 3),
        ("The option a member picks first.", 0),  # lone "first", lower-case "a": no labels
        ("First, a reminder. Second, a row. Third, nothing.", 3),
        ("First I would narrow the segment.", 0),
        ("- reminder email\n- trailer row\n* do nothing", 3),
        ("1. reminder\n2) trailer row", 2),
        ("(a) reminder\nb) trailer row", 2),
        ("A reminder. Alternatively a row. Another option is nothing.", 3),
        ("Reminder versus row. Speed vs. quality vs cost.", 3),
        ("Build a reminder and ship it.", 0),
        ("", 0),
    ],
)
def test_count_options(text: str, expected: int) -> None:
    assert count_options(text) == expected


def test_options_signals_take_the_maximum_not_the_sum() -> None:
    text = "- Option A: reminder\n- Option B: row, versus doing nothing"
    assert count_options(text) == 2


def test_options_insight_levels() -> None:
    one = by_key(compute_insights(six_step(s3="Build a reminder.")))["options"]
    assert (one.value, one.level) == ("0 options", "warn")
    two = by_key(compute_insights(six_step(s3="Option A or Option B.")))["options"]
    assert (two.value, two.level) == ("2 options", "good")
    five = by_key(compute_insights(six_step(s3="- a\n- b\n- c\n- d\n- e")))["options"]
    assert (five.value, five.level) == ("5 options", "note")


def test_options_step_index_can_be_given() -> None:
    steps = [("Decision", "Option A versus Option B."), ("Execution", "Did it.")]
    assert "options" not in by_key(compute_insights(steps))
    assert by_key(compute_insights(steps, options_step=0))["options"].value == "2 options"


# ------------------------------------------------------------------ top words


def test_top_words_excludes_stop_words_numbers_and_singletons() -> None:
    text = "The members, the MEMBERS and members! Churn churn. 30 30 30. A a a. Parents."
    assert top_words(text) == [("members", 3), ("churn", 2)]


def test_top_words_caps_at_eight_and_breaks_ties_alphabetically() -> None:
    text = " ".join(
        f"{w} {w}"
        for w in ("kilo", "juliet", "india", "hotel", "golf", "foxtrot", "echo", "delta", "cat")
    )
    assert [w for w, _ in top_words(text)] == [
        "cat",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
    ]


def test_top_words_insight_when_nothing_repeats() -> None:
    got = by_key(compute_insights([("A", "Parents pick faster.")]))["top-words"]
    assert got.value == "—"


def test_top_words_insight_lists_counts() -> None:
    got = by_key(compute_insights([("A", "Parents, parents; kids kids kids.")]))["top-words"]
    assert got.value == "kids"
    assert got.explanation == f"kids {X}3, parents {X}2 (common words left out)."


# ------------------------------------------------------------------ glossary

GLOSSARY = (
    "Time to first play",
    "Browse-to-play conversion",
    "Guardrail metric",
    "Cohort",
    "Latency",
    "Trade-off",
)


def test_glossary_usage_whole_phrases_case_insensitive() -> None:
    text = (
        "TIME TO FIRST PLAY drops; browse to play conversion rises; two guardrail metrics; "
        "cohorts by month. Latencyish is not a word."
    )
    used, unused = glossary_usage(text, GLOSSARY)
    assert used == ["Time to first play", "Browse-to-play conversion", "Guardrail metric", "Cohort"]
    assert unused == ["Latency", "Trade-off"]


def test_glossary_needs_the_whole_phrase_and_word_boundaries() -> None:
    used, _ = glossary_usage("A guardrail. The first play. Tradeoff. Cohorted.", GLOSSARY)
    assert used == []


def test_glossary_hyphen_and_space_are_interchangeable() -> None:
    used, _ = glossary_usage("The trade off I accept.", GLOSSARY)
    assert used == ["Trade-off"]


def test_glossary_insights() -> None:
    got = by_key(compute_insights([("A", "Latency on old TVs.")], glossary=GLOSSARY))
    assert got["terms-used"].value == "1 of 6"
    assert got["terms-used"].explanation == "Used: Latency."
    assert got["terms-unused"].value == "5"
    assert got["terms-unused"].explanation.startswith("Not used: Time to first play, ")


def test_no_glossary_insights_without_a_glossary() -> None:
    got = by_key(compute_insights([("A", "Latency.")]))
    assert "terms-used" not in got
    assert "terms-unused" not in got


# ------------------------------------------------------------------ assembly


def test_insight_order_for_a_full_six_step_answer() -> None:
    steps = six_step(
        s0="Help parents pick faster.",
        s1="Parents on shared TV profiles.",
        s2="Latency on old TVs.",
        s3="Option A: a kids row. Option B: a profile picker.",
        s4="I choose A and accept less personalization.",
        s5="Time to first play under 60 seconds; roll back if support contacts rise 5%.",
    )
    keys = [i.key for i in compute_insights(steps, glossary=GLOSSARY, kind="case")]
    assert keys == [f"step-{i}-length" for i in range(6)] + [
        "length",
        "i-vs-we",
        "hedges",
        "fillers",
        "metric",
        "options",
        "top-words",
        "terms-used",
        "terms-unused",
    ]


def test_metric_check_quotes_the_whole_number_and_the_stop_phrase() -> None:
    check = metric_check("Up 2.5% in a week; pause the rollout if crashes rise.")
    assert check.metric == "2.5%"
    assert check.guardrail == "pause the rollout if"


def test_every_finding_points_at_the_sentence_it_came_from() -> None:
    """Issue 16: the review shows, for each insight, the sentence of the answer behind it."""
    steps = [
        ("Restate the goal", "Parents want faster picks. We should maybe act, we hope, now."),
        ("Compare two or three options", "Option A is a kids row. Option B is a picker."),
        (
            "Metric and rollback condition",
            "Plays rise. Time to first play drops 20%; roll back if it rises.",
        ),
    ]
    by_key = {i.key: i for i in compute_insights(steps, glossary=("kids row",), kind="behavioral")}
    assert by_key["i-vs-we"].evidence == "We should maybe act, we hope, now."
    assert by_key["hedges"].evidence == "We should maybe act, we hope, now."
    assert by_key["metric"].evidence == "Time to first play drops 20%; roll back if it rises."
    assert by_key["options"].evidence == "Option A is a kids row."
    assert by_key["terms-used"].evidence == "Option A is a kids row."
    assert by_key["fillers"].evidence == ""  # none found: nothing to point at


def test_evidence_is_one_line_and_short() -> None:
    long = "We " + "really " * 60 + "maybe think so.\nNext line."
    insight = {i.key: i for i in compute_insights([("Step", long)])}["hedges"]
    assert "\n" not in insight.evidence
    assert len(insight.evidence) <= 160 and insight.evidence.endswith("…")


def test_the_speaking_rate_is_a_setting() -> None:
    assert speaking_seconds(150, words_per_minute=100) == 90
    [*_steps, total] = compute_insights([("Only", "word " * 120)], words_per_minute=120)[:2]
    assert total.key == "length"
    assert "~1:00 spoken" in total.value and "~120 words a minute" in total.explanation
