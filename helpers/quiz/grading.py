"""Grading: load a notebook's questions, check an answer (the widget, quiz.show, is in widget.py).

`quiz.load("03_commissariat_and_elections")` returns the questions of data/quiz/03_….yaml;
`quiz.check(question, answer)` returns a Feedback; `quiz.show(notebook_id)` returns the widget (a thin
view over those two). Teacher mode (answers and explanations shown from the start, for whole-class
discussion): set the environment variable `CAUCASUS_TEACHER=1` or call `quiz.show(nb, teacher=True)`.
Answers are checked in the kernel: the browser never holds an answer before the student answers.
Typed answers are parsed as text (never evaluated as code); unreadable input gets a hint of what to type.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.data.errors import DataError
from helpers.data.quiz_bank import Question, Quiz, check_banks, load_bank
from helpers.figures.labels import CALENDAR_IN_FULL, day_words

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

NUMBER_HINT = "Type a number in digits, e.g. 4.4 or 12,000 (a % sign is fine; no letters)."
DATE_HINT = "Type a date such as 28 May 1918, 1918-05-28 or May 28, 1918."


@dataclass(frozen=True)
class Feedback:
    """What the student sees after pressing Check (correct is None when the input was unreadable)."""

    correct: bool | None
    explanation: str = ""
    citation: str = ""
    hint: str = ""  # what to type, when the answer could not be read
    outside: Mapping[str, str] | None = None  # {note, confidence}: outside context (fact sheet)
    message: str = ""  # feedback on the answer given, e.g. why a wrong choice is tempting
    answer: str = ""  # the right answer in words
    model_answer: str = ""  # source-reasoning questions: a model sentence
    evidence: str = ""  # the article's words the answer rests on


def load(notebook_id: str) -> Quiz:
    """The quiz of one notebook (raises DataError naming file, line and key if the bank is broken)."""
    from helpers import data

    try:
        data.ensure_valid()  # every data file, quiz banks included: once per change of data/
    except DataError:
        # something in data/ is broken: check this bank alone, so it names only its own problems
        return load_bank(Path(data.DATA_DIR), notebook_id)
    return load_bank(Path(data.DATA_DIR), notebook_id, checked=True)


def teacher_mode(teacher: bool | None = None) -> bool:
    """Whether answers are revealed: the argument if given, else CAUCASUS_TEACHER=1."""
    if teacher is not None:
        return bool(teacher)
    return os.environ.get("CAUCASUS_TEACHER", "").strip().lower() in {"1", "true", "yes", "on"}


def parse_number(value: Any) -> float | None:
    """'12,000' -> 12000.0, '4,4' or '4.4%' -> 4.4; None for anything that is not plainly a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ")
    text = text.removesuffix("%").strip()
    if re.fullmatch(r"[+-]?\d{1,3}([ ,]\d{3})+(\.\d+)?", text):
        text = text.replace(",", "").replace(" ", "")
    elif re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        return None
    return float(text)


def parse_answer_date(text: Any, year: int | None) -> tuple[int, int, int]:
    """A typed date -> (y, m, d); a date without a year takes the question's year."""
    from helpers.history.calendars import DateInputError, parse_date

    raw = str(text or "").strip()
    if not raw:
        raise DateInputError(DATE_HINT)
    try:
        return tuple(parse_date(raw))  # type: ignore[return-value]
    except DateInputError as first:
        if year is None or re.search(r"\d{4}", raw):
            raise
        try:
            return tuple(parse_date(f"{raw.rstrip(',')} {year}"))  # type: ignore[return-value]
        except DateInputError:
            raise first from None


def answer_words(q: Question) -> str:
    """The right answer of a question, in words."""
    if q.type in ("single", "source"):
        c = q.choice(q.answer)
        return f"{c.id}) {c.text}" if c else str(q.answer)
    if q.type == "multiple":
        return "; ".join(f"{c.id}) {c.text}" for c in q.choices if c.id in q.answer)
    if q.type == "order":
        return " → ".join(q.choice(i).text for i in q.answer)  # type: ignore[union-attr]
    if q.type == "numeric":
        tol = f" (within ±{q.tolerance:g})" if q.tolerance else ""
        return f"{q.answer:g}{q.unit}{tol}"
    if q.type == "date":
        cal = f", {CALENDAR_IN_FULL[q.calendar]}" if q.calendar else ""
        return day_words(*q.answer) + cal
    return str(q.answer)


def reveal(q: Question, correct: bool, message: str = "") -> Feedback:
    """Feedback for a readable answer: right or wrong, with the explanation and citation."""
    return Feedback(
        correct=correct,
        explanation=q.explanation,
        citation=q.citation,
        outside=q.outside,
        message=message,
        answer=answer_words(q),
        model_answer=q.model_answer,
        evidence=q.evidence,
    )


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


def check_multiple(q: Question, answer: Any) -> Feedback:
    """Tick every right choice and no wrong one."""
    listed = ", ".join(c.id for c in q.choices)
    picked = ids_of(answer)
    if not picked:
        return hint(q, f"Tick one or more of the choices: {listed}.")
    unknown = [p for p in picked if q.choice(p) is None]
    if unknown:
        return hint(q, f"{', '.join(unknown)} is not a choice; pick from {listed}.")
    chosen, right = set(picked), set(q.answer)
    notes = [f"{c.id}) {c.feedback}" for c in q.choices if c.id in chosen and c.id not in right]
    missed = sorted(right - chosen)
    if missed:
        notes.append(f"You left out {', '.join(missed)}.")
    return reveal(q, chosen == right, " ".join(notes))


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
    value = parse_number(answer)
    if value is None:
        return hint(q, NUMBER_HINT)
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
        ymd = parse_answer_date(answer, q.year)
    except DateInputError as e:
        return hint(q, str(e) or DATE_HINT)
    except (ValueError, TypeError):
        return hint(q, DATE_HINT)
    for t in q.tempting:
        if ymd == t.value:
            return reveal(q, False, t.feedback)
    return reveal(q, ymd == q.answer, "" if ymd == q.answer else f"You gave {day_words(*ymd)}.")


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
    if len(re.findall(r"\w+", str(sentence or ""))) < 4:
        return hint(q, "Write a sentence (at least a few words) giving your reason, then check.")
    return reveal(q, choice.id == q.answer, choice.feedback)


CHECKERS = {
    "single": check_single,
    "multiple": check_multiple,
    "order": check_order,
    "numeric": check_numeric,
    "date": check_date,
    "source": check_source,
}


def check(question: Question, answer: Any) -> Feedback:
    """Mark one answer: right or wrong with the explanation, or a hint if it cannot be read."""
    try:
        return CHECKERS[question.type](question, answer)
    except (TypeError, ValueError, AttributeError):
        return hint(question, "That answer could not be read; see the example under the question.")
