"""Attempts, reveal and score of a quiz (H5P's pattern), and the per-student order of the choices.

A saved entry (through helpers.quiz.progress, as the entry's "answer") is
`{"attempts": [answer, ...], "shown_at": n | None, "ticks": [...]}`: every readable answer the student
checked, in order; `times` (optional) when each attempt was made (UTC, ISO 8601); `shown_at` is how many attempts had been made when the answer was shown (by a right
answer, a second wrong try or "Show answer"); `ticks` are the rubric points a student ticked for a
written answer. The score is recomputed by grading the stored attempts, never read from a stored
`correct` flag: a question counts as right if the first or second attempt made before the answer was
shown is right. A written answer is never counted right or wrong; its ticks are reported apart.
An entry saved by an older version (the bare answer) counts as one attempt.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from helpers.data.quiz_bank import Question, Quiz
from helpers.quiz import grading, progress

TRIES = 2  # tries before the answer is shown
KEEP = 10  # attempts kept per question (older ones beyond this are dropped)
STUDENT = "_student"  # the progress "notebook" that keeps the student's shuffling seed


@dataclass(frozen=True)
class Score:
    """The recomputed score of one quiz."""

    right: int
    answered: int  # questions with at least one graded attempt (written answers apart)
    total: int  # questions that are graded right or wrong
    written: int = 0  # written answers saved
    written_total: int = 0
    ticks: int = 0  # rubric points ticked over the written answers
    points: int = 0  # rubric points available over the written answers saved


def entry(saved: Any) -> dict[str, Any]:
    """A saved progress entry in the current form (older entries held only the answer)."""
    raw = saved.get("answer") if isinstance(saved, Mapping) else None
    if isinstance(raw, Mapping) and isinstance(raw.get("attempts"), list):
        shown = raw.get("shown_at")
        ticks = raw.get("ticks")
        kept = {
            "attempts": list(raw["attempts"])[-KEEP:],
            "shown_at": shown if isinstance(shown, int) and not isinstance(shown, bool) else None,
            "ticks": [t for t in ticks if isinstance(t, int)] if isinstance(ticks, list) else [],
        }
        times = raw.get("times")
        if isinstance(times, list):
            kept["times"] = [t for t in times if isinstance(t, str)][-KEEP:]
        return kept
    if isinstance(saved, Mapping) and "answer" in saved:
        return {"attempts": [raw], "shown_at": None, "ticks": []}
    return {"attempts": [], "shown_at": None, "ticks": []}


def grade(q: Question, saved: Any) -> bool | None:
    """Right (True), wrong (False) or not graded (None: no attempt, or a written answer)."""
    e = entry(saved)
    if q.type == "written":
        return None
    if not e["attempts"]:
        return False if e["shown_at"] is not None else None  # answer shown before any try
    limit = TRIES if e["shown_at"] is None else min(TRIES, e["shown_at"])
    for answer in e["attempts"][:limit]:
        if grading.check(q, answer).correct is True:
            return True
    readable = [a for a in e["attempts"] if grading.check(q, a).correct is not None]
    return False if readable or e["shown_at"] is not None else None


def add(q: Question, e: dict[str, Any], answer: Any, when: str = "") -> Any:
    """Check an answer as the Check button does; a readable one joins the entry's attempts (with the
    time, if given) and may reveal the answer. Returns the Feedback (a hint is never an attempt)."""
    fb = grading.check(q, answer)
    if fb.correct is None and not fb.written:
        return fb
    e["attempts"] = (e["attempts"] + [answer])[-KEEP:]
    if when:
        e["times"] = (e.get("times", []) + [when])[-KEEP:]
    if e["shown_at"] is None and revealed(q, e):
        e["shown_at"] = len(e["attempts"])
    return fb


def revealed(q: Question, e: Mapping[str, Any]) -> bool:
    """Whether the answer of a question is shown for this entry."""
    if e["shown_at"] is not None:
        return True
    if q.type == "written":
        return bool(e["attempts"])
    return len(e["attempts"]) >= TRIES or any(
        grading.check(q, a).correct is True for a in e["attempts"][:TRIES]
    )


def score(bank: Quiz, answers: Mapping[str, Any]) -> Score:
    """The score of one quiz, recomputed from the stored attempts."""
    graded = [q for q in bank.questions if q.type != "written"]
    written = [q for q in bank.questions if q.type == "written"]
    marks = [grade(q, answers[q.id]) for q in graded if q.id in answers]
    saved_written = [entry(answers[q.id]) for q in written if q.id in answers]
    saved_written = [e for e in saved_written if e["attempts"]]
    by_id = {q.id: q for q in written}
    points = sum(
        len(by_id[q_id].rubric)
        for q_id in answers
        if q_id in by_id and entry(answers[q_id])["attempts"]
    )
    return Score(
        right=sum(m is True for m in marks),
        answered=sum(m is not None for m in marks),
        total=len(graded),
        written=len(saved_written),
        written_total=len(written),
        ticks=sum(len(e["ticks"]) for e in saved_written),
        points=points,
    )


def new_seed() -> str:
    """A fresh random id for one student's order of choices."""
    return secrets.token_hex(8)


def student_seed() -> str:
    """The student's shuffling seed, kept with the progress (made and saved on first use)."""
    saved = progress.answers(STUDENT).get("seed")
    seed = saved.get("answer") if isinstance(saved, Mapping) else None
    if isinstance(seed, str) and seed:
        return seed
    seed = new_seed()
    try:
        progress.record_answer(STUDENT, "seed", seed, False)
    except OSError:  # cannot save: an order stable for this progress file's place
        try:
            where = str(progress.path())
        except OSError:  # not even a place for it (no home folder)
            where = "no progress file"
        seed = hashlib.sha256(where.encode()).hexdigest()[:16]
    return seed


def shuffled(q: Question, seed: str) -> list[str]:
    """The ids of a question's choices in this student's order (an order item never starts solved)."""
    ids = [c.id for c in q.choices]

    def rank(cid: str) -> str:
        return hashlib.sha256(f"{seed}|{q.id}|{cid}".encode()).hexdigest()

    order = sorted(ids, key=rank)
    if q.type == "order" and len(order) > 1 and order == list(q.answer):
        order = order[1:] + order[:1]
    return order
