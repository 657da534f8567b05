"""Coaching questions from an answer's gaps (issue 16): each rule on fixed texts written the
way each track's answers are (product, content, engineering leadership, people leadership)."""

from __future__ import annotations

from tui.core.coaching import MAX_QUESTIONS, AnswerStep, coaching_questions

SIX_STEP = (
    "Restate the goal",
    "Pick one user segment",
    "Name the key constraint",
    "Compare two or three options",
    "Choose and own the trade-off",
    "Metric and rollback condition",
)
TIMED_STORY = ("Challenge", "Decision", "Execution", "Communication", "Impact")
STAR = ("Situation", "Task", "Action", "Result")


def answer(titles: tuple[str, ...], *texts: str, seconds: float = 0.0) -> list[AnswerStep]:
    return [AnswerStep(title, text, seconds) for title, text in zip(titles, texts, strict=True)]


def keys(steps: list[AnswerStep], kind: str) -> list[str]:
    return [question.key for question in coaching_questions(steps, kind=kind)]


# A product answer with every move made: nothing to push back on.
STRONG_PRODUCT = answer(
    SIX_STEP,
    "The goal is faster picks for parents on shared accounts, measured at the first play.",
    "Parents of young children browsing on the living-room TV on weeknights.",
    "The constraint is the five minutes before the kids lose patience.",
    "Option A is a kids row on the shared profile; option B a profile picker prompt.",
    "I choose option A and accept less personal rows for the adults in exchange.",
    "Time to first play drops 20%; guardrail: adult viewing hours must not drop, "
    "and I roll back if they fall 2% for a week.",
)


def test_a_complete_product_answer_gets_no_question() -> None:
    assert coaching_questions(STRONG_PRODUCT, kind="case") == []


def test_nothing_is_asked_of_an_empty_answer() -> None:
    assert coaching_questions(answer(SIX_STEP, "", "", "", "", "", ""), kind="case") == []


def test_product_metric_without_a_rollback_asks_what_would_roll_it_back() -> None:
    steps = list(STRONG_PRODUCT)
    steps[5] = AnswerStep(SIX_STEP[5], "Time to first play drops 20% for these parents.")
    questions = coaching_questions(steps, kind="case")
    assert [q.key for q in questions] == ["guardrail"]
    assert questions[0].question == "What would make you roll this back?"
    assert questions[0].finding == 'a metric ("Time to") but no guardrail or rollback condition'
    assert questions[0].step == 5


def test_product_single_option_asks_what_else_was_considered() -> None:
    steps = list(STRONG_PRODUCT)
    steps[3] = AnswerStep(SIX_STEP[3], "A kids row on the shared profile.")
    questions = coaching_questions(steps, kind="case")
    assert [(q.key, q.step) for q in questions] == [("options", 3)]
    assert questions[0].question == "What else did you consider, and why not that?"
    assert questions[0].finding == "one option only in Compare two or three options"


def test_hedged_choice_asks_for_a_decision_now() -> None:
    steps = list(STRONG_PRODUCT)
    steps[4] = AnswerStep(
        SIX_STEP[4], "Maybe option A, I think, though it might cost the adults some rows."
    )
    questions = coaching_questions(steps, kind="case")
    assert [q.key for q in questions] == ["decide"]
    assert questions[0].question == "If you had to decide now, which one?"
    assert questions[0].finding.startswith("hedging in Choose and own the trade-off (")


def test_content_answer_without_a_trade_off_asks_what_it_cost() -> None:
    steps = answer(
        ("Audience and goal", "Options", "The bet and its budget", "Risks", "Measuring success"),
        "Grow weekly viewing among Korean drama fans in Latin America.",
        "Option A: license a finished series. Option B: co-produce a local remake.",
        "We bet on the co-production with a mid-size budget.",
        "The local partner could miss the delivery date.",
        "60% of those who start it finish season one; we stop season two if under 40% do.",
    )
    questions = coaching_questions(steps, kind="case")
    assert [q.key for q in questions] == ["trade-off"]
    assert questions[0].finding == "no trade-off or cost named"
    assert questions[0].step is None


def test_engineering_leadership_story_with_we_and_no_number() -> None:
    steps = answer(
        TIMED_STORY,
        "Our payments service fell over every Friday under peak load.",
        "We decided to rebuild the queue instead of adding more machines.",
        "We split the work, we reviewed every change, and we shipped in six weeks.",
        "I told the VP plainly that the launch date would slip.",
        "Things got a lot better and the team was happier.",
    )
    questions = coaching_questions(steps, kind="behavioral")
    assert [q.key for q in questions] == ["result-number", "ownership"]
    assert questions[0].question == "What changed, and by how much?"
    assert questions[0].finding == "no number in Impact"
    assert questions[0].step == 4
    assert questions[1].question == "What did you do yourself?"
    assert questions[1].finding == '"we" 5 times against "I" 1 times'


def test_people_leadership_story_without_a_result_asks_how_it_ended() -> None:
    steps = answer(
        STAR,
        "A senior engineer on my team kept missing reviews.",
        "I was the manager responsible for giving the feedback instead of letting it slide.",
        "I met him weekly, named the pattern and agreed a plan with him.",
        "",
    )
    questions = coaching_questions(steps, kind="behavioral")
    assert [q.key for q in questions] == ["story-ending"]  # not asked twice as an empty step
    assert questions[0].question == "How did it end, and what did you learn?"
    assert questions[0].finding == "the story has no Result part"


def test_ownership_is_only_asked_of_behavioral_answers() -> None:
    steps = list(STRONG_PRODUCT)
    steps[0] = AnswerStep(SIX_STEP[0], "We want, we need, we think our parents pick faster.")
    assert "ownership" not in keys(steps, "case")


def test_an_empty_step_is_named() -> None:
    steps = list(STRONG_PRODUCT)
    steps[2] = AnswerStep(SIX_STEP[2], "")
    questions = coaching_questions(steps, kind="case")
    assert [(q.key, q.step) for q in questions] == [("empty-step", 2)]
    assert (
        questions[0].question == "You left Name the key constraint out: what would you say there?"
    )


def test_a_step_far_over_its_budget_asks_for_two_sentences() -> None:
    steps = list(STRONG_PRODUCT)
    steps[1] = AnswerStep(SIX_STEP[1], steps[1].text, seconds=200, budget_s=60)
    questions = coaching_questions(steps, kind="case")
    assert [q.key for q in questions] == ["over-budget"]
    assert questions[0].finding == "Pick one user segment took 3:20 of 1:00"
    # Slightly over, or over by less than half a minute, is no finding.
    steps[1] = AnswerStep(SIX_STEP[1], steps[1].text, seconds=100, budget_s=60)
    assert coaching_questions(steps, kind="case") == []
    steps[1] = AnswerStep(SIX_STEP[1], steps[1].text, seconds=25, budget_s=10)
    assert coaching_questions(steps, kind="case") == []


def test_at_most_a_few_questions_most_telling_first_and_always_the_same() -> None:
    steps = answer(
        SIX_STEP,
        "Parents.",
        "",
        "",
        "A kids row.",
        "Maybe a kids row, probably.",
        "Time to first play drops.",
    )
    first = coaching_questions(steps, kind="case")
    assert len(first) == MAX_QUESTIONS
    assert [q.key for q in first] == ["guardrail", "options", "decide", "trade-off"]
    assert coaching_questions(steps, kind="case") == first


def test_pushback_asks_the_prompts_own_questions_first_and_never_twice() -> None:
    from tui.core.coaching import PushbackQuestion, pushback_questions

    steps = list(STRONG_PRODUCT)
    steps[3] = AnswerStep(SIX_STEP[3], "A kids row on the shared profile.")
    asked = pushback_questions(
        ["Why not a kids profile?", "What else did you consider, and why not that?"],
        steps,
        kind="case",
    )
    assert asked == [
        PushbackQuestion("Why not a kids profile?"),
        PushbackQuestion("What else did you consider, and why not that?"),
    ]  # the coach's "options" question is the prompt's second one: asked once
    assert asked[0].stored == "Why not a kids profile?"
    coach = PushbackQuestion("What changed, and by how much?", "no number in Impact")
    assert coach.stored == "What changed, and by how much? (from: no number in Impact)"
