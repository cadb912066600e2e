"""What a wrong answer shows, for the reteach view: the misconception the bank names for the option
or tempting value picked, an order's items out of place, a typed number or date's likely mistake
(off by ten, the other calendar), a source answer's judgement and reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from helpers.data.quiz_bank import Question
from helpers.quiz import attempts, grading, typed

UNTAGGED = "(no misconception named in the bank)"


def misplaced(q: Question, answer: Any) -> list[str]:
    """The items of an order answer that need moving (the fewest: those outside the longest run
    already in the right relative order), each by the first words of its text."""
    given = [cid for cid in grading.ids_of(answer) or [] if cid in q.answer]
    rank = {cid: k for k, cid in enumerate(q.answer)}
    best: list[list[str]] = []  # best[k]: a longest in-order run ending at given[k]
    for k, cid in enumerate(given):
        runs = [best[j] for j in range(k) if rank[given[j]] < rank[cid]]
        best.append([*max(runs, key=len, default=[]), cid])
    keep = set(max(best, key=len, default=[]))
    out = [cid for cid in given if cid not in keep]
    out += [cid for cid in q.answer if cid not in given]  # items left out of the answer
    return [brief(q.choice(cid).text if q.choice(cid) else cid) for cid in out]


def brief(text: str, words: int = 6) -> str:
    """The first few words of an item, for a one-line list."""
    cut = text.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")


def order_mistake(q: Question, answer: Any) -> str:
    """A wrong order in a few words: reversed, or the items out of place."""
    given = grading.ids_of(answer) or []
    if len(given) > 2 and given == list(reversed(q.answer)):
        return "the whole order reversed"
    return "out of place: " + "; ".join(misplaced(q, answer))


def mistakes(q: Question, e: dict[str, Any]) -> list[str]:
    """The misconceptions a student's wrong tries stand for (the bank's names), once each."""
    out: list[str] = []
    for answer in e["attempts"][: attempts.TRIES]:
        fb = grading.check(q, answer)
        if fb.correct is not False:
            continue
        if q.type in ("single", "source", "multiple"):
            raw = judgement_and_reason(answer)[0] if q.type == "source" else answer
            ids = [str(raw)] if q.type != "multiple" else grading.ids_of(answer) or []
            for cid in ids:
                c = q.choice(cid)
                if c and cid not in (q.answer if q.type == "multiple" else [q.answer]):
                    out.append(c.misconception or f"{UNTAGGED}: {c.text}")
        elif q.type == "order":
            out.append(order_mistake(q, answer))
        else:
            out.append(tempting_name(q, fb.message) or typed_mistake(q, answer))
    return list(dict.fromkeys(out))


def tempting_name(q: Question, message: str) -> str:
    """The bank's name for a typed answer that matches one of its `tempting` values (the grader
    matched it and gave that entry's feedback); '' when it matches none."""
    for t in q.tempting:
        if t.feedback == message:
            return t.misconception or f"{UNTAGGED}: {brief(t.feedback, 10)}"
    return ""


def typed_mistake(q: Question, answer: Any) -> str:
    """A typed number or date the bank names no misconception for, grouped by its likely mistake:
    off by ten (×10, ÷10), the other calendar (12 or 13 days off in 1917-18), or another value."""
    if q.type == "numeric":
        try:
            value = float(typed.parse_number(answer, q.answer) or "nan")
        except (ValueError, TypeError, typed.NumberInputError):
            return "other wrong value"
        if any(abs(value - q.answer * k) <= max(q.tolerance * k, 1e-9) for k in (10, 0.1)):
            return "off by a factor of ten"
    if q.type == "date":
        try:
            ymd, _ = typed.parse_dated_answer(answer, q.year)
            days = abs((dt.date(*ymd) - dt.date(*q.answer)).days)
        except (ValueError, TypeError):
            return "other wrong value"
        if days in (12, 13):
            return "the other calendar (Old Style / New Style)"
    return "other wrong value"


def judgement_and_reason(answer: Any) -> tuple[str, str]:
    """A source question's answer: the judgement picked and the sentence giving the reason."""
    if isinstance(answer, dict):
        return str(answer.get("judgement") or ""), str(answer.get("sentence") or "")
    if isinstance(answer, list | tuple) and len(answer) == 2:
        return str(answer[0] or ""), str(answer[1] or "")
    return "", ""
