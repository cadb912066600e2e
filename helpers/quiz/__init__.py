"""The quiz: `quiz.show(notebook_id)` is what a notebook calls; `quiz.load` and `quiz.check` grade;
`quiz.hand_in(notebook_id)` hands the student's answers in (helpers.quiz.handin).

Inside the package: `typed` (typed numbers and dates read) <- `grading` (load a bank, check an answer) <- `attempts` (tries, points, the
outcome once the answer is shown, what a hand-in may hold) <- `session` (one student's quiz state,
kept in `progress` under its lock) <- `widget` (the ipywidgets view that asks the session, and
`show`); `handin` writes the student's record. The banks themselves are read and checked in the data
layer (the model in helpers.data.quiz_bank; the breakage rules the validator runs in
helpers.data.bank_rules); their teaching policy is reviewed by `make check` (helpers.authoring.bank_review
and the echo check, helpers.authoring.echo), never in a lesson.
"""

from helpers.quiz.grading import (
    Feedback,
    Question,
    Quiz,
    check,
    check_banks,
    key_feedback,
    load,
    teacher_mode,
)
from helpers.quiz.handin import HandInError, hand_in
from helpers.quiz.typed import NUMBER_HINT
from helpers.quiz.widget import show

__all__ = [
    "NUMBER_HINT",
    "Feedback",
    "HandInError",
    "Question",
    "Quiz",
    "check",
    "check_banks",
    "hand_in",
    "key_feedback",
    "load",
    "show",
    "teacher_mode",
]
