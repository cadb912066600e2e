"""Attempts, reveal and score of a quiz, and the per-student order of the choices.

A saved entry (through helpers.quiz.progress, as the entry's "answer") is
`{"attempts": [answer, ...], "shown_at": n | None, "ticks": [...], "outcome": x | None}`: every
readable answer the student checked before the answer was shown, in order; `times` (optional) when
each attempt was made (UTC, ISO 8601); `shown_at` is how many attempts had been made when the answer
was shown (by a right answer, a second wrong try or "Show answer"); `outcome` the question's points
fixed at that moment; `ticks` the rubric points a student ticked for a written answer (their own
self-assessment, never a mark).

Scoring (H5P's rules): right at the first try 1 point, at the second 0.5; a multiple-answer try is
scored per tick (+1 a right tick, -1 a wrong one, floored at 0, over the number of keys) and ticking
every box scores 0. Once the answer is shown the entry is closed: later presses of Check are answered
but never stored, so nothing the student does changes the outcome. The score is recomputed by grading
the stored attempts (never a stored flag); `contradiction` says why an entry (e.g. in a hand-in)
cannot have been made by the quiz. A written answer is never marked; its revisions are kept (at most
KEEP). An entry saved by an older version (the bare answer) counts as one attempt.
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
WEIGHTS = (1.0, 0.5)  # the points of a right answer at the first and the second try
KEEP = 10  # revisions of a written answer kept (older ones are dropped)
STUDENT = "_student"  # the progress "notebook" that keeps the student's shuffling seed


@dataclass(frozen=True)
class Score:
    """The recomputed score of one quiz."""

    right: int  # questions right at the first or second try
    answered: int  # questions with at least one graded attempt, or the answer shown
    total: int  # questions that are graded right or wrong
    written: int = 0  # written answers saved
    written_total: int = 0
    ticks: int = 0  # rubric points ticked over the written answers (the student's self-assessment)
    points: int = 0  # rubric points available over the written answers saved
    marks: float = (
        0.0  # the score: 1 a first-try right, 0.5 a second, per tick for multiple answers
    )


def entry(saved: Any) -> dict[str, Any]:
    """A saved progress entry in the current form (older entries held only the answer)."""
    raw = saved.get("answer") if isinstance(saved, Mapping) else None
    if isinstance(raw, Mapping) and isinstance(raw.get("attempts"), list):
        shown = raw.get("shown_at")
        ticks = raw.get("ticks")
        outcome = raw.get("outcome")
        kept = {
            "attempts": list(raw["attempts"]),
            "shown_at": shown if isinstance(shown, int) and not isinstance(shown, bool) else None,
            "ticks": [t for t in ticks if isinstance(t, int)] if isinstance(ticks, list) else [],
        }
        if isinstance(outcome, int | float) and not isinstance(outcome, bool):
            kept["outcome"] = float(outcome)
        times = raw.get("times")
        if isinstance(times, list):
            kept["times"] = [t for t in times if isinstance(t, str)]
        return kept
    if isinstance(saved, Mapping) and "answer" in saved:
        return {"attempts": [raw], "shown_at": None, "ticks": []}
    return {"attempts": [], "shown_at": None, "ticks": []}


def value(q: Question, answer: Any) -> float:
    """What one try is worth before the weight of its try: 1 or 0, or per tick for multiple answers
    (+1 a right tick, -1 a wrong one, floored at 0, over the keys; every box ticked is 0)."""
    fb = grading.check(q, answer)
    if fb.correct is True:
        return 1.0
    if q.type != "multiple" or fb.correct is None:
        return 0.0
    chosen = set(grading.ids_of(answer) or [])
    if grading.ticks_all(q, chosen):
        return 0.0
    keys = set(q.answer)
    return max(0, len(chosen & keys) - len(chosen - keys)) / len(keys)


def points(q: Question, e: Mapping[str, Any]) -> float | None:
    """A marked question's points from its entry (None: not marked yet, or a written answer): the
    best try before the answer was shown, a second try at half weight."""
    if q.type == "written":
        return None
    if not e["attempts"]:
        return 0.0 if e["shown_at"] is not None else None
    limit = TRIES if e["shown_at"] is None else min(TRIES, e["shown_at"])
    tries = [WEIGHTS[k] * value(q, a) for k, a in enumerate(e["attempts"][:limit])]
    return max(tries, default=0.0)


def grade(q: Question, saved: Any) -> bool | None:
    """Right (True: at the first or second try, before the answer was shown), wrong (False) or not
    graded (None: no attempt, or a written answer)."""
    e = entry(saved)
    if q.type == "written":
        return None
    if not e["attempts"]:
        return False if e["shown_at"] is not None else None  # answer shown before any try
    limit = TRIES if e["shown_at"] is None else min(TRIES, e["shown_at"])
    return any(grading.check(q, a).correct is True for a in e["attempts"][:limit])


def add(q: Question, e: dict[str, Any], answer: Any, when: str = "") -> Any:
    """Check an answer as the Check button does; a readable one joins the entry's attempts (with the
    time, if given) unless the answer is already shown, and may reveal the answer (fixing the
    outcome). Returns the Feedback (a hint is never an attempt)."""
    fb = grading.check(q, answer)
    if fb.correct is None and not fb.written:
        return fb
    if q.type != "written" and revealed(q, e):
        return fb  # closed: answered, never stored, the outcome stays
    e["attempts"] = e["attempts"] + [answer]
    if when:
        e["times"] = e.get("times", []) + [when]
    if q.type == "written":
        e["attempts"], e["times"] = e["attempts"][-KEEP:], e.get("times", [])[-KEEP:]
        if not e["times"]:
            del e["times"]
    if e["shown_at"] is None and revealed(q, e):
        e["shown_at"] = len(e["attempts"])
    close(q, e)
    return fb


def show(q: Question, e: dict[str, Any]) -> None:
    """The Show answer button: the answer is shown; the outcome is fixed as it stands."""
    if e["shown_at"] is None:
        e["shown_at"] = len(e["attempts"])
    close(q, e)


def close(q: Question, e: dict[str, Any]) -> None:
    """Once a marked question's answer is shown, keep its outcome with the entry."""
    if q.type != "written" and e["shown_at"] is not None:
        e["outcome"] = points(q, e) or 0.0


def revealed(q: Question, e: Mapping[str, Any]) -> bool:
    """Whether the answer of a question is shown for this entry."""
    if e["shown_at"] is not None:
        return True
    if q.type == "written":
        return bool(e["attempts"])
    return len(e["attempts"]) >= TRIES or any(
        grading.check(q, a).correct is True for a in e["attempts"][:TRIES]
    )


def contradiction(q: Question, raw: Any) -> str:
    """Why an entry cannot have been made by the quiz ('' if it can): replayed from nothing, its
    attempts must end where the answer was shown, and its outcome must be theirs."""
    e = entry({"answer": raw})
    if not isinstance(raw, Mapping) or not isinstance(raw.get("attempts"), list):
        return "no list of attempts"
    n, shown = len(e["attempts"]), e["shown_at"]
    if q.type == "written":
        if n > KEEP:
            return f"{n} revisions of a written answer (the quiz keeps {KEEP})"
        fits = shown in (None, 0) if n == 0 else shown == 1
        return "" if fits else f"{n} revisions, but the answer was shown after {shown}"
    if shown is not None and shown != n:
        return f"{n} attempts, but the answer was shown after {shown}"
    replay: dict[str, Any] = {"attempts": [], "shown_at": None, "ticks": []}
    for k, answer in enumerate(e["attempts"]):
        if revealed(q, replay):
            return f"attempt {k + 1} of {n} comes after the answer was shown"
        replay["attempts"].append(answer)
    if shown is None and n and revealed(q, replay):
        return f"{n} attempts reveal the answer, but it is not marked as shown"
    outcome = raw.get("outcome")
    if shown is not None and outcome is not None and outcome != points(q, e):
        return f"outcome {outcome} is not what its attempts score ({points(q, e)})"
    return ""


def score(bank: Quiz, answers: Mapping[str, Any]) -> Score:
    """The score of one quiz, recomputed from the stored attempts."""
    graded = [q for q in bank.questions if q.type != "written"]
    written = [q for q in bank.questions if q.type == "written"]
    marks = [points(q, entry(answers[q.id])) for q in graded if q.id in answers]
    rights = [grade(q, answers[q.id]) for q in graded if q.id in answers]
    saved_written = [entry(answers[q.id]) for q in written if q.id in answers]
    saved_written = [e for e in saved_written if e["attempts"]]
    by_id = {q.id: q for q in written}
    rubric = sum(
        len(by_id[q_id].rubric)
        for q_id in answers
        if q_id in by_id and entry(answers[q_id])["attempts"]
    )
    return Score(
        right=sum(m is True for m in rights),
        answered=sum(m is not None for m in marks),
        total=len(graded),
        written=len(saved_written),
        written_total=len(written),
        ticks=sum(len(e["ticks"]) for e in saved_written),
        points=rubric,
        marks=sum(m or 0.0 for m in marks),
    )


def new_seed() -> str:
    """A fresh random id for one student's order of choices."""
    return secrets.token_hex(8)


def student_seed(record: Mapping[str, Any] | None = None) -> str:
    """The student's shuffling seed, kept with the progress (made and saved on first use).

    record: the progress as just read (progress.read), so that a quiz cell reads the file once."""
    mine = progress.answers(STUDENT) if record is None else record["notebooks"].get(STUDENT, {})
    saved = mine.get("seed")
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
