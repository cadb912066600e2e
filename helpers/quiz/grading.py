"""Grading: load a notebook's questions, check an answer (the widget, quiz.show, is in widget.py;
reading a typed number or date is in typed.py).

About 420 lines: loading a bank with its markup rendered, checking every question type and the
citation a student is shown belong to one answer path, read in one file.

`quiz.load("03_commissariat_and_elections")` returns the questions of data/quiz/03_….yaml;
`quiz.check(question, answer)` returns a Feedback; `quiz.show(notebook_id)` returns the widget (a thin
view over those two). Teacher mode (answers and explanations shown from the start, for whole-class
discussion): set the environment variable `CAUCASUS_TEACHER=1` or call `quiz.show(nb, teacher=True)`.
Answers are checked in the kernel: the browser never holds an answer before the student answers.
Typed answers are parsed as text (never evaluated as code); unreadable input gets a hint of what to type.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from helpers.data import article_citations
from helpers.data.errors import DataError
from helpers.data.quiz_bank import Question, Quiz, check_banks, load_bank
from helpers.data.quiz_bank import build as build_bank
from helpers.history import calendars
from helpers.quiz.typed import (
    DATE_HINT,
    NUMBER_HINT,
    NumberInputError,
    parse_dated_answer,
    parse_number,
)
from helpers.text import CALENDAR_IN_FULL, day_words, with_sources

__all__ = [
    "Feedback",
    "Question",
    "Quiz",
    "check",
    "check_banks",
    "key_feedback",
    "load",
    "teacher_mode",
]

NO_ITEM_CITATION = (
    "(the article gives no reference here)"  # an order item without the article's words
)
NO_CITATION = "(no words of the article named)"  # a question that names no sentence of the article


@dataclass(frozen=True)
class Feedback:
    """What the student sees after pressing Check (correct is None when the input was unreadable)."""

    correct: bool | None
    explanation: str = ""
    citation: str = ""
    hint: str = ""  # what to type, when the answer could not be read
    outside: Mapping[str, Any] | None = None  # {note, confidence, source}: outside context
    message: str = ""  # feedback on the answer given, e.g. why a wrong choice is tempting
    answer: str = ""  # the right answer in words
    model_answer: str = ""  # source-reasoning questions: a model sentence
    partly: str = ""  # written: an answer partly there, beside the model
    evidence: str = ""  # the article's words the answer rests on
    cited: str = ""  # the citation as shown: computed from the question's anchor
    written: bool = False  # a written answer was accepted: show the model answer and rubric
    rubric: tuple[str, ...] = ()  # written: the points to tick
    steps: tuple[tuple[str, str, str], ...] = ()  # order: (item, the article's words, its citation)


def load(notebook_id: str) -> Quiz:
    """The quiz of one notebook (raises DataError naming file, line and key if the bank is broken)."""
    from helpers import data

    try:
        stamp = (
            data.ensure_valid()
        )  # every data file, quiz banks included: once per change of data/
    except DataError:
        # something in data/ is broken: check this bank alone, so it names only its own problems
        return rendered(load_bank(Path(data.DATA_DIR), notebook_id))
    key = (str(data.DATA_DIR), stamp, notebook_id)
    if key not in _loaded:  # a lesson shows its quiz in two parts: read and render the bank once
        doc = data.snapshot_document(f"quiz/{notebook_id}.yaml", stamp)  # no YAML parser needed
        if doc is None:
            bank = load_bank(Path(data.DATA_DIR), notebook_id, checked=True)
        else:
            bank = build_bank(doc)
        _loaded[key] = rendered(bank)
    return _loaded[key]


_loaded: dict[tuple[str, str, str], Quiz] = {}  # (data folder, its fingerprint, notebook) -> bank


def rendered(bank: Quiz) -> Quiz:
    """A bank whose hand-written text shows its markup (`[[cite:…]]`, `[[item:…]]`, `[[label:…]]`)
    as computed from the article and data/outside.csv: labels and citations are never typed."""
    shown = with_sources
    questions = []
    for q in bank.questions:
        outside = dict(q.outside) if q.outside else None
        if outside and outside.get("note"):
            outside["note"] = shown(outside["note"])
        questions.append(
            replace(
                q,
                prompt=shown(q.prompt),
                explanation=shown(q.explanation),
                model_answer=shown(q.model_answer),
                partly=shown(q.partly),
                rubric=tuple(shown(r) for r in q.rubric),
                choices=tuple(
                    replace(c, text=shown(c.text), feedback=shown(c.feedback)) for c in q.choices
                ),
                tempting=tuple(replace(t, feedback=shown(t.feedback)) for t in q.tempting),
                sources=tuple(
                    {k: shown(v) if isinstance(v, str) else v for k, v in s.items()}
                    for s in q.sources
                ),
                outside=outside,
            )
        )
    return replace(bank, questions=tuple(questions))


def teacher_mode(teacher: bool | None = None) -> bool:
    """Whether answers are revealed: the argument if given, else CAUCASUS_TEACHER=1."""
    if teacher is not None:
        return bool(teacher)
    return os.environ.get("CAUCASUS_TEACHER", "").strip().lower() in {"1", "true", "yes", "on"}


def answer_words(q: Question) -> str:
    """The right answer of a question, in words."""
    if q.type in ("single", "source"):
        c = q.choice(q.answer)
        return c.text if c else str(q.answer)
    if q.type == "multiple":
        return "; ".join(c.text for c in q.choices if c.id in q.answer)
    if q.type == "written":
        return q.model_answer
    if q.type == "order":
        return " → ".join(q.choice(i).text for i in q.answer)  # type: ignore[union-attr]
    if q.type == "numeric":
        tol = f" (within ±{q.tolerance:g})" if q.tolerance else ""
        return f"{q.answer:g}{q.unit}{tol}"
    if q.type == "date":
        cal = f", {CALENDAR_IN_FULL[q.calendar]}" if q.calendar else ""
        return day_words(*q.answer) + cal
    return str(q.answer)


def reveal(q: Question, correct: bool | None, message: str = "") -> Feedback:
    """Feedback for a readable answer: right or wrong, with the explanation and citation."""
    return Feedback(
        correct=correct,
        written=q.type == "written",
        rubric=q.rubric,
        explanation=q.explanation,
        citation=q.citation,
        outside=q.outside,
        message=message,
        answer=answer_words(q),
        model_answer=q.model_answer,
        partly=q.partly,
        evidence=q.evidence,
        cited=shown_citation(q.evidence or q.anchor),
        steps=steps(q),
    )


def steps(q: Question) -> tuple[tuple[str, str, str], ...]:
    """An order question's items in the right order, each with the article's words for it and the
    citation shown for them (computed from those words, never the typed field)."""
    if q.type != "order":
        return ()
    chosen = (q.choice(i) for i in q.answer)
    return tuple((c.text, c.evidence, shown_citation(c.evidence)) for c in chosen if c)


def key_feedback(question: Question) -> Feedback:
    """The answer, explanation and evidence of a question (teacher mode and answer keys)."""
    return reveal(question, True)


def hint(q: Question, text: str) -> Feedback:
    """Feedback for unreadable input: only what to type, nothing of the answer."""
    return Feedback(correct=None, hint=text)


def ids_of(answer: Any) -> list[str] | None:
    """A list of choice ids from a list, tuple or 'a, c' string (None if it is none of those)."""
    if isinstance(answer, str):
        return [part for part in re.split(r"[\s,;]+", answer.strip().lower()) if part]
    if isinstance(answer, Iterable) and not isinstance(answer, Mapping):
        return [str(a).strip().lower() for a in answer]
    return None


def check_single(q: Question, answer: Any) -> Feedback:
    """One choice is right."""
    listed = ", ".join(c.id for c in q.choices)
    choice = q.choice(str(answer or "").strip().lower())
    if choice is None:
        return hint(q, f"Pick one of the choices: {listed}.")
    return reveal(q, choice.id == q.answer, choice.feedback)


TICK_ALL = (
    "Ticking every box is not an answer: tick only what the evidence supports. "
    "This counts as a try."
)


def ticks_all(q: Question, chosen: set[str]) -> bool:
    """Whether every box of a multiple-answer question is ticked (and some are not keys)."""
    return chosen == {c.id for c in q.choices} and len(q.answer) < len(q.choices)


def check_multiple(q: Question, answer: Any) -> Feedback:
    """Tick every right choice and no wrong one; a wrong try says how many ticks are right and
    wrong, never which (ticking every box is a wrong try with a hint)."""
    listed = ", ".join(c.id for c in q.choices)
    picked = ids_of(answer)
    if not picked:
        return hint(q, f"Tick one or more of the choices: {listed}.")
    unknown = [p for p in picked if q.choice(p) is None]
    if unknown:
        return hint(q, f"{', '.join(unknown)} is not a choice; pick from {listed}.")
    chosen, right = set(picked), set(q.answer)
    if chosen == right:
        return reveal(q, True)
    if ticks_all(q, chosen):
        return reveal(q, False, TICK_ALL)
    good, bad, missed = len(chosen & right), len(chosen - right), len(right - chosen)
    notes = [
        f"Of your {len(chosen)} ticks, {good} {'is' if good == 1 else 'are'} right and {bad} "
        f"{'is' if bad == 1 else 'are'} wrong."
    ]
    if missed:
        notes.append(f"You left out {missed} right answer{'s' if missed > 1 else ''}.")
    return reveal(q, False, " ".join(notes))


def check_order(q: Question, answer: Any) -> Feedback:
    """Put every item in its place."""
    given = ids_of(answer)
    listed = ", ".join(c.id for c in q.choices)
    if not given or sorted(given) != sorted(q.answer):
        return hint(q, f"Give every item once, first to last: a list of {listed}.")
    placed = sum(a == b for a, b in zip(given, q.answer, strict=True))
    message = (
        "" if placed == len(given) else f"{placed} of {len(given)} items are in the right place."
    )
    return reveal(q, list(given) == list(q.answer), message)


def check_numeric(q: Question, answer: Any) -> Feedback:
    """A number within the tolerance."""
    try:
        value = parse_number(answer, q.answer)
    except NumberInputError as e:
        return hint(q, str(e))
    if value is None:
        return hint(q, NUMBER_HINT)
    lo, hi = q.bounds
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return hint(q, range_hint(q, lo, hi))
    for t in q.tempting:
        if abs(value - float(t.value)) <= q.tolerance:
            return reveal(q, False, t.feedback)
    if abs(value - q.answer) <= q.tolerance:
        return reveal(q, True)
    side = "higher" if value > q.answer else "lower"
    return reveal(q, False, f"{value:g}{q.unit} is {side} than the answer.")


def check_date(q: Question, answer: Any) -> Feedback:
    """A date, in the calendar the question asks for."""
    from helpers.history.calendars import DateInputError

    try:
        ymd, calendar = parse_dated_answer(answer, q.year)
    except DateInputError as e:
        return hint(q, str(e) or DATE_HINT)
    except (ValueError, TypeError):
        return hint(q, DATE_HINT)
    given = f"You gave {day_words(*ymd)}" + (f" {calendar[0]}.{calendar[1]}." if calendar else "")
    if calendar and q.calendar:  # "15 May 1918 O.S." to a question asking for N.S.: convert it
        ymd = calendars.convert(ymd, calendar, q.calendar)
        if calendar != q.calendar:
            given += f", that is {day_words(*ymd)} {q.calendar[0]}.{q.calendar[1]}."
    elif calendar and re.search(r"[(=]", str(answer)):  # both calendars given, the question
        other = calendars.convert(ymd, calendar, calendars.other(calendar))  # asks as printed
        ymd = other if other == q.answer else ymd
    for t in q.tempting:
        if ymd == t.value:
            return reveal(q, False, t.feedback)
    return reveal(q, ymd == q.answer, "" if ymd == q.answer else given.rstrip(".") + ".")


def range_hint(q: Question, lo: float | None, hi: float | None) -> str:
    """What a sensible answer looks like, for a number outside the question's range."""
    if q.unit.strip() == "%" and lo == 0 and hi == 100:
        return "A share is a percentage between 0 and 100; check your sum and type it again."
    if hi is None:
        return f"The answer cannot be below {lo:g}{q.unit}; check your sum and type it again."
    return f"The answer lies between {lo:g} and {hi:g}{q.unit}; check your sum and type it again."


def words(text: Any) -> list[str]:
    """The words of a text, lower case."""
    return re.findall(r"\w+", str(text or "").lower())


def reason_problem(q: Question, text: Any, what: str = "answer") -> str:
    """Why a written reason is not yet an answer ('' if it is one): too short, or the prompt copied."""
    mine = words(text)
    if len(mine) < q.min_words:
        return (
            f"Write your {what} in your own words: at least {q.min_words} words "
            f"(you have {len(mine)})."
        )
    given = set(words(q.prompt + " " + " ".join(s.get("text", "") for s in q.sources)))
    new = [x for x in mine if x not in given]
    if len(new) < max(4, len(mine) // 4):
        return f"Your {what} mostly repeats the question; say in your own words what you think and why."
    return ""


ANCHOR_HINT = (
    "Point to the lesson: name at least one person, place, date or number from it, or quote its "
    "words in quotation marks."
)


@functools.lru_cache(maxsize=1)
def article_text() -> str:
    """The article the course teaches from (data/article.txt), '' if it cannot be read."""
    from helpers.data.files import DATA_DIR

    try:
        return (Path(DATA_DIR) / "article.txt").read_text(encoding="utf-8")
    except OSError:
        return ""


def names(text: str) -> set[str]:
    """The names of a text: words it capitalises and never writes in lower case (lower-cased)."""
    found = re.findall(r"\b[^\W\d_][\w'’-]*", text)
    lower = {x for x in found if x == x.lower()}
    return {x.lower() for x in found if len(x) > 2 and x[0].isupper() and x.lower() not in lower}


def anchored(q: Question, text: str) -> bool:
    """Whether a written answer names something of the lesson: a name or a number of the article
    or the question, or a phrase of two words or more quoted from them."""
    lesson = " ".join(
        [article_text(), q.prompt, q.model_answer, q.explanation, q.evidence, *q.rubric]
        + [s.get("text", "") for s in q.sources]
    )
    mine = set(words(text))
    if mine & names(lesson):
        return True
    if set(re.findall(r"\d+", text)) & set(re.findall(r"\d+", lesson)):
        return True
    flat_lesson = " ".join(words(lesson))
    quoted = re.findall(r"[\"“‘'«]([^\"”’'»]+)[\"”’'»]", text)
    return any(len(words(p)) >= 2 and " ".join(words(p)) in flat_lesson for p in quoted)


def check_written(q: Question, answer: Any) -> Feedback:
    """A written answer: accepted when plausible (enough words of its own, something of the lesson
    named), then self-assessed against the model and rubric; never marked."""
    text = answer.get("text") if isinstance(answer, Mapping) else answer
    if not isinstance(text, str):
        return hint(q, "Write your answer in the box, then press Check.")
    problem = reason_problem(q, text)
    if problem:
        return hint(q, problem)
    if not anchored(q, text):
        return hint(q, ANCHOR_HINT)
    return reveal(q, None)


def check_source(q: Question, answer: Any) -> Feedback:
    """A judgement (one of the choices) and a sentence giving the reason."""
    if isinstance(answer, Mapping):
        judgement, sentence = answer.get("judgement"), answer.get("sentence")
    elif isinstance(answer, list | tuple) and len(answer) == 2:
        judgement, sentence = answer
    else:
        return hint(q, "Pick a judgement and write one sentence giving your reason.")
    choice = q.choice(str(judgement or "").strip().lower())
    if choice is None:
        listed = ", ".join(c.id for c in q.choices)
        return hint(q, f"Pick a judgement: one of {listed}.")
    problem = reason_problem(q, sentence, "reason")
    if problem:
        return hint(q, problem)
    return reveal(q, choice.id == q.answer, choice.feedback)


CHECKERS = {
    "single": check_single,
    "multiple": check_multiple,
    "order": check_order,
    "numeric": check_numeric,
    "date": check_date,
    "source": check_source,
    "written": check_written,
}


def check(question: Question, answer: Any) -> Feedback:
    """Mark one answer: right or wrong with the explanation, or a hint if it cannot be read."""
    try:
        return CHECKERS[question.type](question, answer)
    except (TypeError, ValueError, AttributeError):
        return hint(question, "That answer could not be read; see the example under the question.")


def shown_citation(anchor: str) -> str:
    """The citation a student sees for some words of the article, computed from their sentence
    (`article_citations.citation_shown`), in brackets: '(12, p.139)', or '(no citation of its own;
    the next printed is (…))'; '' when no words of the article are named."""
    if not anchor:
        return ""
    shown = article_citations.citation_shown(anchor)
    return shown if shown.startswith("(") else f"({shown})"
