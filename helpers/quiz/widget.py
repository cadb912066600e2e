"""The quiz widget: a thin ipywidgets view over a quiz Session (helpers.quiz.session), which keeps the
quiz's state (attempts, outcome, score, saving); the view renders it and asks it, nothing more. The
controls of each question are helpers.quiz.controls; here are the feedback, the score line, Hand in
and Start again.

Nothing about an answer (key, explanation, feedback) enters a widget's synced state before the student
presses Check; the answer key stays in the kernel. Teacher mode fills every feedback box at once.

About 460 lines: the quiz's view with its two boxes (Hand in, Start again) and the parts made only
when first needed (feedback, notice, Start again's question), each small and all rendering one
Session, so they stay in one module beside the controls they hold.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

import ipywidgets as w

from helpers import data
from helpers.data.derived import item_label, item_works
from helpers.data.errors import DataError
from helpers.data.quiz_bank import Quiz
from helpers.quiz import grading, handin
from helpers.quiz.controls import STYLE, Parts, QuestionView
from helpers.quiz.grading import NO_CITATION, NO_ITEM_CITATION
from helpers.quiz.session import Result, Session
from helpers.text import confidence, escaped, note_box, works

RIGHT, WRONG, HINT, TEACH = (
    ("#009E73", "#e9f7f1"),
    ("#D55E00", "#fcefe6"),
    ("#E69F00", "#fdf6e3"),
    (
        "#0072B2",
        "#eef5fb",
    ),
)


def panel(colours: tuple[str, str], body: str) -> str:
    """A coloured note box around some HTML."""
    return note_box(body, *colours, role="status")


def feedback_html(fb: Any, teacher: bool = False, head: str = "") -> str:
    """The feedback of an answer as HTML: verdict, answer, explanation, evidence, citation, outside.

    head: the verdict to show (by default from fb.correct).
    """
    if fb.correct is None and not fb.written:
        return panel(HINT, f"<strong>Try again:</strong> {escaped(fb.hint)}")
    if teacher:
        head, colours = "<strong>Teacher view.</strong>", TEACH
    elif head:
        colours = RIGHT if fb.correct else TEACH
    elif fb.written:
        head = (
            "<strong>Your answer is saved.</strong> Compare it with the model answer and the "
            "answer that is only partly there, then tick below each point your answer makes: "
            "your own self-assessment, not a mark (your teacher marks it)."
        )
        colours = TEACH
    elif fb.correct:
        head, colours = "<strong>✔ Right.</strong>", RIGHT
    else:
        head, colours = "<strong>✘ Not quite.</strong>", WRONG
    parts = [head + (f" {escaped(fb.message)}" if fb.message and not fb.written else "")]
    if fb.written:
        parts.append(f"<em>Model answer:</em> {escaped(fb.model_answer)}")
        if fb.partly:
            parts.append(f"<em>Partly there:</em> {escaped(fb.partly)}")
    elif fb.steps:
        parts.append(
            "<em>Answer, each with the article's words and citation:</em><br>"
            + steps_html(fb.steps)
        )
    else:
        parts.append(f"<em>Answer:</em> {escaped(fb.answer)}")
        if fb.model_answer:
            parts.append(f"<em>Model answer (compare your reason):</em> {escaped(fb.model_answer)}")
    if teacher and fb.rubric:
        parts.append("<em>Rubric:</em> " + "; ".join(escaped(r) for r in fb.rubric))
    parts.append(escaped(fb.explanation))
    cited = escaped(fb.cited) if fb.cited else NO_CITATION
    if fb.evidence:
        parts.append(f"<em>The article says:</em> “{escaped(fb.evidence)}” {cited}")
    if fb.steps:
        parts.append("<em>How we know:</em> the article, each item's citation as printed beside it")
    elif not fb.cited and fb.outside:
        parts.append(f"<em>How we know:</em> {OUTSIDE_ONLY}")
    else:
        parts.append(f"<em>How we know:</em> the article, {cited}")
    if fb.outside:
        conf = confidence(outside_confidence(fb.outside))
        parts.append(
            f"<em>Beyond the article</em> (outside context, {escaped(conf)}): {escaped(fb.outside['note'])}"
            f" <em>Source:</em> {escaped(outside_works(fb.outside))}"
        )
    return panel(colours, "<br>".join(parts))


# a question that names no words of the article rests on its outside note alone
OUTSIDE_ONLY = "beyond the article, in the note below (the question names no words of the article)"


def outside_works(outside: Any) -> str:
    """The works an outside note's fact-sheet items name, by their labels, as the tables show them."""
    return works(item_works(outside.get("items") or [], data.load("outside")), data.load("sources"))


def outside_confidence(outside: Any) -> str:
    """The confidence labels the fact sheet prints for an outside note's items ('not stated' for none)."""
    return item_label(outside.get("items") or [], data.load("outside"))


def steps_html(steps: tuple[tuple[str, str, str], ...]) -> str:
    """An order question's items, first to last, each with the article's words and citation."""
    return "<br>".join(
        f"{k}. {escaped(text)}: the article says “{escaped(words)}” "
        f"{escaped(cite) if cite else NO_ITEM_CITATION}"
        for k, (text, words, cite) in enumerate(steps, start=1)
    )


def try_html(fb: Any, tries_left: int) -> str:
    """A wrong first try: that answer's feedback and 'Try again', nothing of the answer."""
    more = f" {escaped(fb.message)}" if fb.message else ""
    left = f"{tries_left} more try" + ("" if tries_left == 1 else "s")
    return panel(
        WRONG,
        f"<strong>✘ Not yet.</strong>{more}<br><strong>Try again</strong> ({left} before the "
        "answer is shown), or press Show answer.",
    )


def where_to_find(target: Path) -> str:
    """After "Handed in": where the student finds the file to upload it (nothing on a hub, where it
    is in the teacher's exchange)."""
    if handin.hub_user():
        return ""
    lab = (
        f" In JupyterLab's file browser it is in the folder <code>{escaped(target.parent.name)}"
        "</code> (right-click it, Download)."
        if target.parent.name == "hand-ins"
        else ""
    )
    return lab + " If your teacher asks you to upload it, this is the file."


class HandInBox:
    """The end of a quiz: "Hand in" writes the student's record for the teacher and shows where.

    Off a hub, a name box appears until the student has typed a name once (it is kept). Its parts
    (a tip, then the name and the button in one row) sit in the quiz's own box, `holder`, whose
    parts flow in rows (Parts.flow), with no box of their own (two models less for every quiz
    cell, the same view); the message goes under them."""

    holder: w.Box

    def __init__(
        self,
        notebook_id: str,
        make: Parts | None = None,
        named: str | None = None,
        boxed: bool = True,
    ):
        """named: the student's name if already known (handin.student_name), else it is read;
        boxed: the parts get a box of their own (a quiz sets `holder` to its box instead)."""
        make = make or Parts()
        self.notebook_id = notebook_id
        named = handin.student_name() if named is None else named
        self.name = make(  # its own layout (shown or hidden) and a label that is never clipped
            w.Text,
            placeholder="e.g. leyla-aliyeva",
            description="Your name",
            style={"description_width": "initial"},
            layout=make.name_hidden if named else make.name_shown,
        )
        self.button = make(
            w.Button,
            description="Hand in",
            button_style="success",
            tooltip="Hand in your answers to this quiz to your teacher (you can hand in again)",
        )
        self.button.on_click(lambda _: self.hand_in())
        self.make = make
        tip = make.static(
            "<em>When you have finished, hand in your answers for your teacher "
            "(handing in again replaces your earlier hand-in).</em>",
            make.full,
        )
        self.parts = [tip, self.name, self.button]  # the name and the button share a row
        if boxed:
            self.holder = make(w.VBox, self.parts, layout=make.flow)

    @cached_property
    def message(self) -> w.HTML:
        """What a hand-in gave (where the file is, or what to do), under the button: made at the
        first hand-in (an empty box in every quiz cell was one more model sent)."""
        message = self.make(w.HTML, "", layout=self.make.full)
        children = list(self.holder.children)
        children.insert(children.index(self.button) + 1, message)
        self.holder.children = children
        return message

    def hand_in(self) -> Path | None:
        """Write the hand-in; show its path, or what to do."""
        typed = self.name.value.strip() if self.name.layout.display != "none" else ""
        try:
            target = handin.hand_in(self.notebook_id, typed or None)
        except handin.HandInError as e:
            self.message.value = panel(HINT, escaped(str(e)))
            return None
        self.name.layout = self.make.name_hidden
        self.message.value = panel(
            RIGHT,
            f"<strong>Handed in</strong> at {escaped(handin.local_time())}, as "
            f"<code>{escaped(target.name)}</code> in <code>{escaped(target.parent)}</code>."
            + where_to_find(target),
        )
        return target


class Asking(NamedTuple):
    """Start again's question (erase every answer?) and its row of Yes and No."""

    question: w.HTML
    confirm: w.HBox
    yes: w.Button
    no: w.Button


class StartAgainBox:
    """ "Start again", apart from "Hand in" and after it: it asks before it erases a quiz's answers."""

    def __init__(self, on_confirm: Any, make: Parts | None = None, whole: str = ""):
        """whole: what the button's tooltip adds when the quiz is one part of the notebook's."""
        make = make or Parts()
        self.on_confirm = on_confirm
        self.ask = make(
            w.Button,
            description="Start again",
            tooltip="Erase your answers to this quiz and start it again (asks first)" + whole,
        )
        self.make = make
        self.ask.on_click(lambda _: self.show_question(True))
        self.box = w.VBox([self.ask], layout=make.rule)

    @cached_property
    def asking(self) -> Asking:
        """The question and its row of Yes and No, made when Start again is first pressed (few
        press it; made with the quiz, they were five more models sent for every quiz cell)."""
        make = self.make
        question = make(w.HTML, "", layout=make.full)
        yes = make(w.Button, description="Yes, erase my answers", button_style="danger")
        no = make(w.Button, description="No, keep them")
        no.on_click(lambda _: self.show_question(False))
        yes.on_click(lambda _: self.erase())
        confirm = w.HBox([yes, no], layout=w.Layout(display="none"))
        self.box.children = [self.ask, question, confirm]
        return Asking(question, confirm, yes, no)

    def show_question(self, shown: bool) -> None:
        """Ask (or stop asking) whether to erase every answer."""
        if not shown and "asking" not in self.__dict__:  # never asked: nothing to hide
            return
        self.asking.question.value = (
            "<strong>Erase every answer to this quiz, written ones too?</strong> "
            "They cannot be brought back."
            if shown
            else ""
        )
        self.asking.confirm.layout.display = "flex" if shown else "none"

    def erase(self) -> None:
        """The student said yes: stop asking, then start the quiz again."""
        self.show_question(False)
        self.on_confirm()


class QuizBox(w.VBox):
    """The quiz of one notebook (its text repr, what a notebook shows before the cell is run, names
    the quiz, says how to open it and holds no answers, like the other widgets')."""

    def __repr__(self) -> str:
        return f"Run this cell to open the quiz: {getattr(self, 'quiz_title', 'quiz')}."


def quiz_box(notebook_id: str, *, teacher: bool = False, part: str | None = None) -> w.Widget:
    """Build the widget of one notebook's quiz (a data mistake shows as a message, not a traceback)."""
    try:
        bank = grading.load(notebook_id)
    except DataError as e:
        return w.HTML(panel(WRONG, f"<strong>This quiz cannot be shown.</strong> {escaped(e)}"))
    if part is not None and not any(q.part == part for q in bank.questions):
        return w.HTML(panel(HINT, f"This quiz has no questions for the {escaped(part)} part."))
    return QuizView(bank, teacher=teacher, part=part).box


@cache
def kernel_parts() -> Parts:
    """The shared layouts and style models of every quiz a kernel shows: a lesson's two quiz cells
    (the quiz and the further-work quiz) make and send them once. Nothing changes them after they
    are made (a box that is hidden or shown has a layout of its own)."""
    return Parts()


class QuizView:
    """The view of a quiz Session: question views, the score line, Start again and Hand in.

    part ('core' or 'further', None for all) shows only that part's questions; the session, its
    score and the hand-in stay the whole notebook's (one hand-in covers both parts)."""

    def __init__(self, bank: Quiz, *, teacher: bool = False, part: str | None = None):
        self.bank = bank
        self.teacher = teacher
        self.session = Session(bank)
        self.make = make = kernel_parts()
        note = self.session.note
        if note:  # else made when first needed (notice)
            self.notice = make(w.HTML, panel(HINT, escaped(note)), layout=make.full)
        self.score = make(w.HTML, self.score_line(), layout=make.full)  # its first state at once
        self.views = [
            QuestionView(n, q, self.check, make, self.session.order(q))
            for n, q in enumerate(bank.questions, start=1)
            if part is None or q.part == part
        ]
        for view in self.views:
            view.on_show = self.show_answer
            view.on_tick = self.tick
        whole = " (both its parts: the quiz and the further-work quiz)" if part else ""
        self.again = StartAgainBox(self.start_again, make, whole)
        self.hand_in_box = HandInBox(
            bank.notebook, make, handin.student_name(self.session.opened), boxed=False
        )  # its parts in the quiz's box (below)
        for view in self.views:
            if self.session.saved(view.q.id):
                self.redraw(view)
            if teacher:  # on the projector: a key only when the teacher reveals that question
                self.add_reveal(view, make)
        self.box = make(
            QuizBox,
            [
                make.static(STYLE),
                *([self.notice] if note else []),
                self.score,
                *(v.box for v in self.views),
                *self.hand_in_box.parts,
                self.again.box,
            ],
            layout=make.flow,  # a row each, but the hand-in's name and button (Parts.flow)
            classes=("cq-quiz",),
        )
        self.hand_in_box.holder = self.box
        self.box.quiz_title = bank.title
        self.box.view = self  # the Python side (tests drive it); nothing of it is synced

    @cached_property
    def notice(self) -> w.HTML:
        """Why answers are not saved (the progress file), above the score: made when there is
        something to say (an empty box in every quiz cell was one more model sent)."""
        notice = self.make(w.HTML, "", layout=self.make.full)
        children = list(self.box.children)
        children.insert(1, notice)  # the style, the notice, the score, the questions, ...
        self.box.children = children
        return notice

    def redraw(self, view: QuestionView) -> None:
        """Show a restored entry: its last answer and the feedback it had."""
        e = self.session.entry(view.q.id)
        if e["attempts"]:
            view.restore(e["attempts"][-1])
        result = self.session.restored(view.q)
        if result:
            self.show_result(view, result)

    def show_result(self, view: QuestionView, result: Result) -> None:
        """Render the feedback of a question at its stage (Result.stage)."""
        fb, stage = result.feedback, result.stage
        if stage == "written":
            view.feedback.value = feedback_html(fb)
            view.show_rubric(self.session.entry(view.q.id)["ticks"])
        elif stage in ("hint", "try"):
            view.feedback.value = (
                feedback_html(fb) if stage == "hint" else try_html(fb, result.tries_left)
            )
        else:
            late = stage == "after" and not fb.correct
            view.feedback.value = feedback_html(fb, head=HEADS["after wrong" if late else stage])

    def notify(self) -> None:
        """Show why a change could not be saved, if it could not."""
        if self.session.error:
            self.notice.value = panel(HINT, escaped(self.session.error))

    def check(self, view: QuestionView) -> None:
        """The Check button: the session marks (and keeps) the answer; the view shows it."""
        result = self.session.check(view.q, view.answer(), handin.now())
        self.show_result(view, result)
        if result.stage != "hint":
            self.notify()
            self.update_score()

    def add_reveal(self, view: QuestionView, make: Parts) -> None:
        """Teacher mode: a "Reveal answer" button showing this question's key, saving nothing."""
        button = make(
            w.Button,
            description="Reveal answer",
            tooltip="Teacher: show the class this question's answer and explanation",
            button_style="warning",
        )
        key = grading.key_feedback(view.q)
        button.on_click(lambda _: setattr(view.feedback, "value", feedback_html(key, teacher=True)))
        children = list(view.box.children)
        children.insert(children.index(view.buttons[-1]) + 1, button)
        view.box.children = children
        view.buttons.append(button)

    def show_answer(self, view: QuestionView) -> None:
        """The Show answer button: the answer appears; later answers no longer score."""
        fb = self.session.show_answer(view.q)
        self.notify()
        view.feedback.value = feedback_html(fb, head=HEADS["shown"])
        self.update_score()

    def tick(self, view: QuestionView) -> None:
        """A rubric point of a written answer ticked or unticked: the session keeps the ticks."""
        self.session.tick(view.q, view.ticked())
        self.notify()
        self.update_score()

    def update_score(self) -> None:
        """Show the score line (score_line)."""
        self.score.value = self.score_line()

    def score_line(self) -> str:
        """The score line, as the session recomputes it from the stored attempts."""
        s = self.session.score()
        line = (
            f"<strong>Score:</strong> {s.marks:g} point{'' if s.marks == 1 else 's'} "
            f"({s.right} right of {s.answered} answered; {s.total} questions marked: a right "
            "answer scores 1 at the first try and 0.5 at the second, a multiple-answer question "
            "per right tick less wrong ones)"
        )
        if s.written_total:
            line += (
                f" · <strong>Written answers:</strong> {s.written} of {s.written_total} saved, "
                f"{s.ticks} of {s.points} rubric points ticked by you (your own check, not a mark)"
            )
        return line

    def start_again(self) -> None:
        """Forget this quiz's saved answers and clear the inputs."""
        self.session.start_again()
        self.notify()
        for view in self.views:
            view.clear()
        self.update_score()


HEADS = {  # the verdict line of each stage ('' : the feedback's own, ✔ Right. or ✘ Not quite.)
    "first": "",
    "wrong": "",
    "second": "<strong>✔ Right, at the second try.</strong> Half a point.",
    "after": "<strong>That is the answer shown above;</strong> it does not count toward the score.",
    "after wrong": "<strong>The answer is shown above;</strong> this try does not count.",
    "shown": "<strong>Answer shown.</strong>",
}


def show(notebook_id: str, *, teacher: bool | None = None, part: str | None = None) -> w.Widget:
    """The quiz of one notebook as an ipywidgets widget (teacher=True: a Reveal answer button on
    each question shows its key, one question at a time).

    part: 'core' (the quiz after the summary) or 'further' (the quiz of Further work) shows only
    the questions of that part (a bank's `part` field); None shows them all."""
    return quiz_box(notebook_id, teacher=grading.teacher_mode(teacher), part=part)
