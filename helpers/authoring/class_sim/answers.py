"""The quiz as a student answers it in the class simulation (the one place that knows the quiz's
public API): the kernel code a Check and Hand in run, each student's plan and what their progress keeps."""

from __future__ import annotations

import json
from typing import Any

REASON = (
    "reads the cited passage, asks who wrote it and when, and checks it against another account."
)
WRITTEN = (
    "the article relies on one side's memoirs, while other historians used archives and newspapers, "
    "so the claim needs corroboration before we accept it."
)


def answer_code(notebook_id: str, attempts: list[tuple[str, Any]]) -> str:
    """Kernel code that answers as the quiz widget's Check button does (attempts.add on the saved
    entry, then progress.record_answer when the answer could be read), then hands the quiz in as its
    Hand in button does. Prints the marks, the progress file and the hand-in as JSON.
    Re-point this function (only) when the quiz flow or the progress API changes."""
    return f"""
import json as _json
from helpers import quiz as _quiz
from helpers.quiz import attempts as _attempts, handin as _handin, progress as _progress
_bank = {{_q.id: _q for _q in _quiz.load({notebook_id!r}).questions}}
_marks = []
for _qid, _answer in _json.loads({json.dumps(json.dumps(attempts))}):
    _q = _bank[_qid]
    _entry = _attempts.entry(_progress.answers({notebook_id!r}).get(_qid))
    _fb = _attempts.add(_q, _entry, _answer, _handin.now())
    if _fb.correct is not None or _fb.written:
        _right = _attempts.grade(_q, {{"answer": _entry}}) is True
        _progress.record_answer({notebook_id!r}, _qid, _entry, _right)
    _marks.append(_fb.correct)
_handed = _quiz.hand_in({notebook_id!r})
print(_json.dumps({{"marks": _marks, "progress": str(_progress.path()), "handin": str(_handed)}}))
"""


def without_times(entry: Any) -> Any:
    """A saved quiz entry without its attempt times (which differ from run to run)."""
    if isinstance(entry, dict):
        return {k: v for k, v in entry.items() if k != "times"}
    return entry


STUDENT = "_student"  # helpers.quiz.attempts.STUDENT: the seed's place in a progress file


def stored(record: dict[str, Any], notebook_id: str) -> dict[str, Any]:
    """The answers a progress record keeps for one notebook: {question_id: (entry, correct)}."""
    saved = record.get("notebooks", {}).get(notebook_id, {})
    return {
        qid: (without_times(entry.get("answer")), entry.get("correct"))
        for qid, entry in saved.items()
    }


def right_answer(q: Any, name: str) -> Any:
    """What a student who knows the answer types or picks (sample_class.right, in their name)."""
    from helpers.teacher.sample_class import right

    return right(q, reason=f"{name} {REASON}", written=f"{name} writes: {WRITTEN}")


def wrong_answer(q: Any, index: int, name: str) -> Any:
    """A readable wrong answer, different from student to student where the type allows."""
    others = [
        c.id for c in q.choices if c.id not in (q.answer if q.type == "multiple" else [q.answer])
    ]
    if q.type == "single":
        return others[index % len(others)]
    if q.type == "multiple":
        return [others[index % len(others)]]
    if q.type == "order":
        return list(reversed(q.answer))
    if q.type in (
        "numeric",
        "date",
    ):  # a tempting value, else a near miss within the sensible range
        from helpers.teacher.sample_class import wrong

        return wrong(q, index)
    if q.type == "source":
        return {"judgement": others[index % len(others)], "sentence": f"{name} {REASON}"}
    if q.type == "written":
        return right_answer(q, name)  # a written answer is never marked right or wrong
    raise ValueError(f"no wrong answer for a {q.type} question")


def plan(notebook_id: str, index: int, name: str) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    """One student's attempts (right, wrong, wrong then right) and what their progress must keep."""
    from helpers import quiz

    attempts: list[tuple[str, Any]] = []
    questions = quiz.load(notebook_id).questions
    for k, q in enumerate(questions):
        if len(questions) > 3 and k == index % len(questions):
            continue  # each student leaves a different question out
        right, wrong = right_answer(q, name), wrong_answer(q, index, name)
        kind = (k + index) % 3
        attempts += [(q.id, right)] if kind == 0 else [(q.id, wrong)]
        if kind == 2:
            attempts.append((q.id, right))  # the retry after a wrong answer
    from helpers.quiz import attempts as quiz_attempts

    entries: dict[str, Any] = {}
    by_id = {q.id: q for q in questions}
    for qid, answer in attempts:
        e = entries.setdefault(qid, quiz_attempts.entry(None))
        fb = quiz_attempts.add(by_id[qid], e, json.loads(json.dumps(answer)))
        assert fb.correct is not None or fb.written, f"{answer!r} to {qid} is unreadable"
    expected = {
        qid: (e, quiz_attempts.grade(by_id[qid], {"answer": e}) is True)
        for qid, e in entries.items()
    }
    return attempts, expected
