"""The quiz engine: every question type with right, wrong and malformed answers."""

from __future__ import annotations

import builtins

import pytest

from helpers import quiz
from helpers.data.quiz_bank import build

CHOICES = [
    {"id": "a", "text": "Page 139 of work 12", "feedback": "Right: a page of a numbered work."},
    {"id": "b", "text": "Chapter 12", "feedback": "Tempting, but the article has no chapters."},
    {"id": "c", "text": "A date", "feedback": "No: 'p.' means page."},
]
BANK = {
    "notebook": "00_start_here",
    "title": "Test bank",
    "questions": [
        {
            "id": "q0.1",
            "type": "single",
            "objective": "o0.2",
            "prompt": "What is (12, p.139)?",
            "choices": CHOICES,
            "answer": "a",
            "explanation": "Work 12, page 139.",
            "citation": "12, p.139",
        },
        {
            "id": "q0.2",
            "type": "multiple",
            "objective": "o0.2",
            "prompt": "Which are printed?",
            "choices": CHOICES,
            "answer": ["a", "c"],
            "explanation": "a and c are printed.",
            "citation": "12, s.141",
        },
        {
            "id": "q0.3",
            "type": "order",
            "objective": "o1.1",
            "prompt": "Put these in order.",
            "choices": [
                {"id": "a", "text": "April"},
                {"id": "b", "text": "January"},
                {"id": "c", "text": "October"},
            ],
            "answer": ["b", "a", "c"],
            "explanation": "January, April, October.",
            "citation": "5, p.114",
        },
        {
            "id": "q0.4",
            "type": "numeric",
            "objective": "o3.3",
            "prompt": "Bolshevik share?",
            "answer": 3.81,
            "tolerance": 0.06,
            "unit": "%",
            "explanation": "93,581 / 2,455,274.",
            "citation": "12, s.141",
            "tempting": [
                {"value": 4.4, "feedback": "That is the article's figure, another count."}
            ],
        },
        {
            "id": "q0.5",
            "type": "numeric",
            "objective": "o5.3",
            "prompt": "How many died?",
            "answer": 12000,
            "tolerance": 0,
            "explanation": "About 12,000, says the article.",
            "citation": "6, p.27-37",
        },
        {
            "id": "q0.6",
            "type": "date",
            "objective": "o6.2",
            "prompt": "Azerbaijan's independence?",
            "answer": "1918-05-28",
            "calendar": "NS",
            "explanation": "May 28, 1918.",
            "citation": "22, p.287",
            "tempting": [{"value": "1918-05-15", "feedback": "That is the Old Style date."}],
        },
        {
            "id": "q0.7",
            "type": "source",
            "objective": "o2.3",
            "prompt": "Openly supported?",
            "choices": CHOICES,
            "answer": "b",
            "explanation": "The support was tactical.",
            "citation": "24, p.289",
            "evidence": "The party openly supported the Bolsheviks.",
            "model_answer": "The article says openly, but calls it a tactic.",
            "outside": {"note": "Swietochowski: tactical.", "confidence": "sourced"},
        },
    ],
}
QUIZ = build(BANK)


def q(qid: str) -> quiz.Question:
    return QUIZ.question(qid)


def test_single_right_wrong_and_malformed():
    right = quiz.check(q("q0.1"), "a")
    assert right.correct is True
    assert right.explanation == "Work 12, page 139." and right.citation == "12, p.139"
    wrong = quiz.check(q("q0.1"), "B")
    assert wrong.correct is False and "no chapters" in wrong.message
    assert wrong.answer == "Page 139 of work 12"  # no letter: letters follow each student's order
    for bad in ("e", "", None, 7):
        fb = quiz.check(q("q0.1"), bad)
        assert fb.correct is None and "a, b, c" in fb.hint and fb.explanation == ""


def test_multiple_right_wrong_and_malformed():
    assert quiz.check(q("q0.2"), ["c", "a"]).correct is True
    assert quiz.check(q("q0.2"), "a, c").correct is True
    wrong = quiz.check(q("q0.2"), ["a", "b"])
    assert wrong.correct is False
    assert (
        "1 is right and 1 is wrong" in wrong.message and "left out 1 right answer" in wrong.message
    )
    for c in q("q0.2").choices:  # a try says how many ticks are right and wrong, never which
        assert c.text not in wrong.message and c.feedback not in wrong.message
    assert quiz.check(q("q0.2"), []).correct is None
    assert "not a choice" in quiz.check(q("q0.2"), ["a", "z"]).hint


def test_order_right_wrong_and_malformed():
    assert quiz.check(q("q0.3"), ["b", "a", "c"]).correct is True
    wrong = quiz.check(q("q0.3"), ["a", "b", "c"])
    assert wrong.correct is False and "1 of 3" in wrong.message
    assert wrong.answer == "January → April → October"
    for bad in (["a", "b"], ["a", "a", "c"], "", None):
        assert quiz.check(q("q0.3"), bad).correct is None


@pytest.mark.parametrize("typed", ["3.81", "3,8", "3.8%", " 3.85 ", 3.81])
def test_numeric_right_within_tolerance(typed):
    assert quiz.check(q("q0.4"), typed).correct is True


def test_numeric_wrong_and_tempting():
    tempting = quiz.check(q("q0.4"), "4.4")
    assert tempting.correct is False and "another count" in tempting.message
    assert quiz.check(q("q0.4"), "3.9").correct is False
    assert quiz.check(q("q0.5"), "12,000").correct is True
    assert quiz.check(q("q0.5"), "12 000").correct is True
    assert quiz.check(q("q0.5"), "3,000").correct is False


@pytest.mark.parametrize(
    "bad",
    ["12,OOO", "", "twelve thousand", "1e4", "nan", "inf", "__import__('os')", "12,00,0", True],
)
def test_numeric_unreadable_gives_hint(bad):
    fb = quiz.check(q("q0.5"), bad)
    assert fb.correct is None
    assert fb.hint == quiz.NUMBER_HINT
    assert fb.explanation == "" and fb.answer == ""


@pytest.mark.parametrize(
    "typed",
    ["28 May 1918", "1918-05-28", "May 28, 1918", "May 28th", "May 28th 1918", "28.05.1918"],
)
def test_date_right_in_every_form(typed):
    assert quiz.check(q("q0.6"), typed).correct is True


def test_date_wrong_and_tempting():
    old_style = quiz.check(q("q0.6"), "15 May 1918")
    assert old_style.correct is False and "Old Style" in old_style.message
    other = quiz.check(q("q0.6"), "26 May 1918")
    assert other.correct is False and "26 May 1918" in other.message
    assert "New Style" in other.answer


@pytest.mark.parametrize("bad", ["tomorrow", "", "May 32, 1918", "31.02.1918", None])
def test_date_unreadable_gives_hint(bad):
    fb = quiz.check(q("q0.6"), bad)
    assert fb.correct is None and "28 May 1918" in fb.hint
    assert fb.explanation == ""
    assert "Traceback" not in fb.hint


def test_source_right_wrong_and_malformed():
    sentence = "The article itself calls the cooperation a tactic."
    right = quiz.check(q("q0.7"), {"judgement": "b", "sentence": sentence})
    assert right.correct is True
    assert right.model_answer.startswith("The article says") and right.evidence
    assert right.outside == {"note": "Swietochowski: tactical.", "confidence": "sourced"}
    wrong = quiz.check(q("q0.7"), ("a", sentence))
    assert wrong.correct is False and wrong.model_answer and wrong.evidence
    assert quiz.check(q("q0.7"), {"judgement": "b", "sentence": ""}).correct is None
    assert quiz.check(q("q0.7"), {"judgement": "b", "sentence": "yes"}).correct is None
    assert quiz.check(q("q0.7"), {"judgement": None, "sentence": sentence}).correct is None
    assert quiz.check(q("q0.7"), "b").correct is None


def test_typed_answers_are_never_evaluated(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("input was evaluated as code")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    for typed in ["__import__('os').system('true')", "1+1", "2*6000"]:
        assert quiz.check(q("q0.5"), typed).correct is None
        assert quiz.check(q("q0.6"), typed).correct is None


def test_load_real_bank_and_key_feedback():
    bank = quiz.load("03_commissariat_and_elections")
    assert bank.notebook == "03_commissariat_and_elections"
    assert 5 <= len(bank.questions) <= 8
    key = quiz.key_feedback(bank.questions[0])
    assert key.correct is True and key.explanation and key.citation


def test_load_unknown_notebook_raises_data_error():
    from helpers.data.errors import DataError

    with pytest.raises(DataError, match="no quiz bank"):
        quiz.load("99_nothing")


def test_teacher_mode_from_argument_and_env(monkeypatch):
    monkeypatch.delenv("CAUCASUS_TEACHER", raising=False)
    assert quiz.teacher_mode() is False
    assert quiz.teacher_mode(True) is True
    monkeypatch.setenv("CAUCASUS_TEACHER", "1")
    assert quiz.teacher_mode() is True
    assert quiz.teacher_mode(False) is False


WRITTEN = build(
    {
        "notebook": "00_start_here",
        "title": "Written",
        "questions": [
            {
                "id": "q0.9",
                "type": "written",
                "objective": "o0.4",
                "prompt": "Explain how you would report Lenin's movements in July 1917.",
                "model_answer": "The article says Finland on 8 July; beyond the article, Razliv.",
                "rubric": ["Cites the article.", "Labels outside context.", "Keeps both."],
                "explanation": "Keep the two voices apart.",
                "citation": "4, p.89",
            }
        ],
    }
).questions[0]


def test_written_is_accepted_or_hinted_never_marked():
    ok = quiz.check(
        WRITTEN,
        "I would give the article's date for Lenin with its citation and then the other account.",
    )
    assert ok.correct is None and ok.written and ok.hint == ""
    assert ok.model_answer.startswith("The article says") and ok.rubric == WRITTEN.rubric
    for bad in (
        "Too short.",
        WRITTEN.prompt,
        "Explain how you would report Lenin's movements in July 1917 please now",
        None,
    ):
        fb = quiz.check(WRITTEN, bad)
        assert fb.correct is None and not fb.written and fb.hint and fb.model_answer == ""


def test_grade_counts_the_first_two_tries_before_the_answer_is_shown():
    from helpers.quiz.attempts import grade

    single = q("q0.1")
    entry = lambda attempts, shown=None: {"answer": {"attempts": attempts, "shown_at": shown}}  # noqa: E731
    assert grade(single, entry(["a"], 1)) is True
    assert grade(single, entry(["b", "a"], 2)) is True
    assert grade(single, entry(["b", "c", "a"], 2)) is False  # third try, after the reveal
    assert grade(single, entry(["b", "a"], 1)) is False  # Show answer after one wrong try
    assert grade(single, entry([], 0)) is False  # answer shown before any try
    assert grade(single, entry([])) is None
    assert grade(single, {"answer": "a", "correct": False}) is True  # an older entry, re-graded
    assert grade(single, {"answer": "b", "correct": True}) is False  # never the stored flag
    assert grade(WRITTEN, entry(["a long enough answer"], 1)) is None


def test_numbers_outside_a_sensible_range_are_hints():
    share = q("q0.4")  # a % question: 0 to 100
    for typed in ("-3", "250", "100.5"):
        fb = quiz.check(share, typed)
        assert fb.correct is None and "between 0 and 100" in fb.hint and fb.answer == ""
    count = q("q0.5")
    assert "cannot be below 0" in quiz.check(count, "-12000").hint


OS_QUESTION = build(
    {
        **BANK,
        "questions": [
            {
                **BANK["questions"][5],
                "id": "q0.8",
                "answer": "1918-05-15",
                "calendar": "OS",
                "tempting": [],
            },
            {**BANK["questions"][5], "id": "q0.9", "calendar": "", "tempting": []},
        ],
    }
)


class TestAnswersInTheCoursesNotations:
    """Dates as the course writes them are read with their calendar; numbers with a dot for thousands."""

    @pytest.mark.parametrize(
        "typed",
        [
            "15 (28) May 1918",
            "O.S. 15 May 1918",
            "28 May 1918 N.S.",
            "15 May 1918 Old Style",
            "28 May 1918 (Gregorian)",
            "15 May (28 May N.S.) 1918",
            "28 May (15 May O.S.) 1918",
            "15 May 1918 O.S. = 28 May 1918 N.S. (13 days apart)",  # the converter's output
            "15 May 1918 (28 May 1918 N.S.)",
            "May 15 O.S.",
        ],
    )
    def test_right_in_either_calendar(self, typed):
        assert quiz.check(q("q0.6"), typed).correct is True  # asks N.S.
        assert OS_QUESTION.question("q0.8").answer == (1918, 5, 15)
        assert quiz.check(OS_QUESTION.question("q0.8"), typed).correct is True  # asks O.S.
        # a question asking the date as printed (no calendar): both calendars given, or the printed day
        printed = any(mark in typed for mark in ("(", "=", "N.S."))
        assert quiz.check(OS_QUESTION.question("q0.9"), typed).correct is printed

    @pytest.mark.parametrize(
        "typed, says",
        [
            ("28 May 1918 O.S.", "You gave 28 May 1918 O.S., that is 10 June 1918 N.S."),
            ("16 (29) May 1918", "You gave 16 May 1918 O.S., that is 29 May 1918 N.S."),
            ("29 May 1918 N.S.", "You gave 29 May 1918 N.S."),
        ],
    )
    def test_wrong_in_either_calendar_says_what_was_read(self, typed, says):
        fb = quiz.check(q("q0.6"), typed)
        assert fb.correct is False and says in fb.message

    def test_the_old_style_date_labelled_is_still_right_not_tempting(self):
        assert quiz.check(q("q0.6"), "15 May 1918").correct is False  # no label: the N.S. asked
        assert quiz.check(q("q0.6"), "15 May 1918 O.S.").correct is True

    @pytest.mark.parametrize(
        "typed, hint",
        [
            ("15 (29) May 1918", "not the same day"),
            ("15 May 1918 O.S. = 29 May 1918 N.S.", "not the same day"),
            ("O.S. 15 May 1918 N.S.", "names two calendars"),
            ("15 (28) 1918", "write one date and its calendar"),
            ("11/07/1918", "could be 11 July or 7 November: write the month as a word"),
            ("05/06/1918", "write the month as a word"),
        ],
    )
    def test_unclear_notations_get_a_specific_hint(self, typed, hint):
        fb = quiz.check(q("q0.6"), typed)
        assert fb.correct is None and hint in fb.hint and fb.explanation == ""

    @pytest.mark.parametrize("typed", ["28/05/1918", "05/28/1918", "28-05-1918", "28.05.1918"])
    def test_numeric_dates_with_one_reading_are_read(self, typed):
        assert quiz.check(q("q0.6"), typed).correct is True

    @pytest.mark.parametrize(
        "typed", ["12.000", "12,000", "12 000", "12000", "12.000,0", "12,000.0"]
    )
    def test_twelve_thousand_in_every_notation(self, typed):
        assert quiz.check(q("q0.5"), typed).correct is True

    @pytest.mark.parametrize(
        "typed, value", [("3.000", 3000), ("1.234.567", 1234567), ("11.000", 11000)]
    )
    def test_a_dot_for_thousands_is_graded_where_the_answer_is_large(self, typed, value):
        fb = quiz.check(q("q0.5"), typed)
        assert fb.correct is False and f"{value:g}" in fb.message

    @pytest.mark.parametrize("typed", ["4,400", "4.400"])
    def test_three_decimals_are_decimals_where_the_answer_is_small(self, typed):
        fb = quiz.check(q("q0.4"), typed)  # answer 3.81%: 4.4 is the tempting figure
        assert fb.correct is False and "another count" in fb.message

    @pytest.mark.parametrize("typed", ["500.000", "500,000"])
    def test_neither_reading_near_the_answer_gets_a_hint(self, typed):
        fb = quiz.check(q("q0.4"), typed)
        assert fb.correct is None and "could be 500,000 or 500" in fb.hint

    def test_without_an_expected_answer_the_old_reading_stays(self):
        from helpers.quiz.typed import parse_number

        assert parse_number("12,000") == 12000 and parse_number("12.000") == 12.0
        assert parse_number("4,4") == 4.4 and parse_number("1.234,5") == 1234.5
