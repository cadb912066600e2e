"""The state of one notebook's quiz for one student: its entries, outcomes, score and saving.

The widget (helpers.quiz.widget) renders a `Session` and asks it; it never touches the progress file.
Every change (a checked answer, Show answer, a rubric tick) is applied to the entry as it is stored
*now*, read under the progress lock (progress.change): two kernels of one student with the same quiz
open merge their attempts instead of overwriting each other's. An entry whose answer is shown is
closed (helpers.quiz.attempts): later presses are answered but change nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from helpers.data.quiz_bank import Question, Quiz
from helpers.quiz import attempts, grading, progress
from helpers.quiz.grading import Feedback

Entry = dict[str, Any]


@dataclass(frozen=True)
class Result:
    """What a Check press gave: the feedback and the stage the question is now at.

    stage: hint (unreadable, not an attempt) | try (wrong, tries left) | first | second (right at
    that try) | wrong (answer now shown) | after (the answer was already shown: nothing changed) |
    written (a written answer saved) | shown (the answer shown with no answer given)."""

    feedback: Feedback
    stage: str
    tries_left: int = 0


def tidy(q: Question, e: Entry) -> Entry:
    """An entry as the quiz now keeps it: a marked question's attempts end where the answer was
    shown (older versions kept later presses), and its outcome is fixed."""
    if q.type != "written" and e["shown_at"] is not None and len(e["attempts"]) > e["shown_at"]:
        e["attempts"] = e["attempts"][: e["shown_at"]]
        if "times" in e:
            e["times"] = e["times"][: e["shown_at"]]
    attempts.close(q, e)
    return e


class Session:
    """One student's quiz of one notebook: what is answered, shown and scored, kept in progress."""

    def __init__(self, bank: Quiz):
        self.bank = bank
        saved, self.note = progress.read()  # note: a message about the progress file, or ''
        self.opened = saved  # the progress as read when the quiz opened: one read for the cell
        self.error = ""  # why the last change could not be saved ('' if it was)
        answers = saved["notebooks"].get(bank.notebook, {})
        self.entries: dict[str, Entry] = {
            q.id: tidy(q, attempts.entry(answers[q.id])) for q in bank.questions if q.id in answers
        }
        self.seed = attempts.student_seed(saved)

    def order(self, q: Question) -> list[str]:
        """The ids of a question's choices in this student's order."""
        return attempts.shuffled(q, self.seed)

    def entry(self, qid: str) -> Entry:
        """The entry of one question (an empty one if it has none)."""
        return self.entries.get(qid) or attempts.entry(None)

    def saved(self, qid: str) -> bool:
        """Whether a question has anything saved."""
        return qid in self.entries

    def update(self, q: Question, action: Callable[[Entry], Any]) -> Any:
        """Apply a change to the question's entry as stored now, under the progress lock, and save
        it; if the file cannot be read or written, to the entry in memory (self.error says so)."""
        nb = self.bank.notebook
        try:
            with progress.change() as record:
                stored = record["notebooks"].get(nb, {}).get(q.id)
                e = tidy(q, attempts.entry(stored))
                before = copy.deepcopy(e)
                result = action(e)
                if e != before:
                    right = attempts.grade(q, {"answer": e}) is True
                    record["notebooks"].setdefault(nb, {})[q.id] = {"answer": e, "correct": right}
            self.error = ""
        except OSError as err:
            e = copy.deepcopy(self.entry(q.id))
            result = action(e)
            self.error = f"Your answer could not be saved ({err.strerror or err})."
        if e["attempts"] or e["shown_at"] is not None:
            self.entries[q.id] = e
        return result

    def check(self, q: Question, answer: Any, when: str = "") -> Result:
        """The Check button: mark an answer; a readable one is an attempt unless the answer is
        already shown (then nothing changes)."""
        fb = grading.check(q, answer)
        if fb.correct is None and not fb.written:
            return Result(fb, "hint")
        late = self.update(q, lambda e: self.attempt(q, e, answer, when))
        return self.result(q, fb, late)

    @staticmethod
    def attempt(q: Question, e: Entry, answer: Any, when: str) -> bool:
        """Add an attempt to an entry; whether the answer had been shown already (a late press)."""
        late = q.type != "written" and attempts.revealed(q, e)
        attempts.add(q, e, answer, when)
        return late

    def result(self, q: Question, fb: Feedback, late: bool = False) -> Result:
        """The stage a question is at after an answer (see Result)."""
        e = self.entry(q.id)
        if q.type == "written":
            return Result(fb, "written")
        if late:
            return Result(fb, "after")
        if not attempts.revealed(q, e):
            return Result(fb, "try", attempts.TRIES - len(e["attempts"]))
        if fb.correct and e["shown_at"] == len(e["attempts"]):
            return Result(fb, "first" if len(e["attempts"]) == 1 else "second")
        return Result(fb, "wrong" if e["attempts"] and fb.correct is not None else "shown")

    def restored(self, q: Question) -> Result | None:
        """The last answer's feedback and stage of a saved entry (None if nothing is saved)."""
        e = self.entries.get(q.id)
        if not e:
            return None
        if not e["attempts"]:
            return Result(grading.key_feedback(q), "shown")
        return self.result(q, grading.check(q, e["attempts"][-1]))

    def show_answer(self, q: Question) -> Feedback:
        """The Show answer button: the answer is shown and the outcome fixed as it stands."""
        self.update(q, lambda e: attempts.show(q, e))
        return grading.key_feedback(q)

    def tick(self, q: Question, ticked: list[int]) -> None:
        """The rubric points a student ticks beside a written answer (their self-assessment)."""

        def set_ticks(e: Entry) -> None:
            e["ticks"] = sorted(set(ticked))

        self.update(q, set_ticks)

    def points(self, qid: str) -> float | None:
        """A marked question's points so far (None if not marked yet or written)."""
        return attempts.points(self.bank.question(qid), self.entry(qid))

    def score(self) -> attempts.Score:
        """The score, recomputed by grading the stored attempts (never a stored flag)."""
        return attempts.score(self.bank, {qid: {"answer": e} for qid, e in self.entries.items()})

    def start_again(self) -> None:
        """Forget this quiz's saved answers."""
        try:
            progress.reset(self.bank.notebook)
            self.error = ""
        except OSError as err:
            self.error = f"Saved answers could not be cleared ({err.strerror or err})."
        self.entries = {}
