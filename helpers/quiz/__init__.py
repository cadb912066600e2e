"""The quiz: `quiz.show(notebook_id)` is what a notebook calls; `quiz.load` and `quiz.check` grade;
`quiz.hand_in(notebook_id)` hands the student's answers in (helpers.quiz.handin).

Inside the package, a module imports only those before it: `grading` (load a bank, check an answer)
and `progress` (the student's saved answers), which import no other quiz module; `attempts` (tries
and outcomes, over both); `handin` (over all three); `widget` (the ipywidgets view, and `show`, over
all four). The banks are read and checked for breakage in the data layer (helpers.data.quiz_bank,
which the validator runs); their teaching policy is reviewed by `make check`
(helpers.authoring.bank_review), never in a lesson.
"""

from helpers.quiz.grading import (
    NUMBER_HINT,
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
