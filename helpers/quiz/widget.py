"""The quiz widget: a thin ipywidgets view over grading.load / grading.check and the saved progress.

Nothing about an answer (key, explanation, feedback) enters a widget's synced state before the student
presses Check; the answer key stays in the kernel. Teacher mode fills every feedback box at once.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from helpers.data.errors import DataError
from helpers.data.quiz_bank import Question, Quiz
from helpers.figures.labels import CALENDAR_IN_FULL, confidence, escaped, note_box
from helpers.quiz import grading, progress

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


def feedback_html(fb: Any, teacher: bool = False) -> str:
    """The feedback of grading.check as HTML: verdict, answer, explanation, evidence, citation, outside."""
    if fb.correct is None:
        return panel(HINT, f"<strong>Try again:</strong> {escaped(fb.hint)}")
    if teacher:
        head, colours = "<strong>Teacher view.</strong>", TEACH
    elif fb.correct:
        head, colours = "<strong>✔ Right.</strong>", RIGHT
    else:
        head, colours = "<strong>✘ Not quite.</strong>", WRONG
    parts = [head + (f" {escaped(fb.message)}" if fb.message else "")]
    parts.append(f"<em>Answer:</em> {escaped(fb.answer)}")
    if fb.model_answer:
        parts.append(f"<em>Model answer:</em> {escaped(fb.model_answer)}")
    parts.append(escaped(fb.explanation))
    cite = f"({escaped(fb.citation)})" if fb.citation else "(this paragraph prints no citation)"
    if fb.evidence:
        parts.append(f"<em>The article says:</em> “{escaped(fb.evidence)}” {cite}")
    parts.append(f"<em>How we know:</em> the article, {cite}")
    if fb.outside:
        conf = confidence(fb.outside.get("confidence", ""))
        parts.append(
            f"<em>Beyond the article</em> (outside context, {escaped(conf)}): {escaped(fb.outside['note'])}"
        )
    return panel(colours, "<br>".join(parts))


class Parts:
    """Makes a quiz's widgets with shared Layout and style models (one per widget class).

    Every ipywidget otherwise brings a Layout and a style model of its own, each one more message to
    the browser: an eight-question quiz had 173 models and took 44 ms to build in a kernel. Nothing
    changes a quiz widget's layout or style after it is made, so sharing them changes nothing seen.
    """

    def __init__(self) -> None:
        self.layout = w.Layout()
        self.wide = w.Layout(width="auto")
        self.styles: dict[type, w.Widget] = {}

    def __call__(self, cls: type, *args: Any, **kwargs: Any) -> Any:
        """cls(*args, **kwargs) with the shared layout and the shared style of its class."""
        kwargs.setdefault("layout", self.layout)
        if cls in self.styles:
            kwargs.setdefault("style", self.styles[cls])
        widget = cls(*args, **kwargs)
        if "style" in widget.keys:
            self.styles.setdefault(cls, widget.style)
        return widget


class QuestionView:
    """The widgets of one question and the glue to check and restore an answer."""

    def __init__(self, number: int, q: Question, on_check: Any, make: Parts | None = None):
        self.q = q
        self.on_check = on_check
        self.make = make = make or Parts()
        prompt = f"<strong>{number}.</strong> {escaped(q.prompt)}"
        for s in q.sources:
            prompt += (
                f"<blockquote><em>{escaped(s['label'])}:</em> {escaped(s['text'])}</blockquote>"
            )
        self.prompt = make(w.HTML, prompt)
        self.feedback = make(w.HTML, "")
        self.check_button = make(w.Button, description="Check", button_style="primary")
        self.check_button.on_click(lambda _: self.on_check(self))
        self.inputs = self.build_inputs()
        self.box = make(w.VBox, [self.prompt, self.inputs, self.check_button, self.feedback])

    def build_inputs(self) -> w.Widget:
        """The input widgets for the question type."""
        q, make = self.q, self.make
        labelled = [(f"{c.id}) {c.text}", c.id) for c in q.choices]
        if q.type in ("single", "source"):
            self.radio = make(w.RadioButtons, options=labelled, value=None, layout=make.wide)
            if q.type == "single":
                return self.radio
            self.sentence = make(
                w.Textarea, placeholder="One sentence: why? Point to the evidence."
            )
            return make(
                w.VBox, [make(w.HTML, "<em>Your judgement:</em>"), self.radio, self.sentence]
            )
        if q.type == "multiple":
            self.boxes = [
                make(w.Checkbox, description=t, value=False, indent=False) for t, _ in labelled
            ]
            return make(w.VBox, [make(w.HTML, "<em>Tick every right answer.</em>"), *self.boxes])
        if q.type == "order":
            self.items = [(c.text, c.id) for c in q.choices]
            self.select = make(
                w.Select,
                options=self.items,
                rows=len(self.items),
                description="Order",
                tooltip="Events in order",
            )
            up = make(w.Button, description="Move up ▲")
            down = make(w.Button, description="Move down ▼")
            up.on_click(lambda _: self.move(-1))
            down.on_click(lambda _: self.move(1))
            tip = make(w.HTML, "<em>Select an item and move it; put the earliest first.</em>")
            return make(w.VBox, [tip, make(w.HBox, [self.select, make(w.VBox, [up, down])])])
        placeholder = "e.g. 28 May 1918" if q.type == "date" else "e.g. 4.4 or 12,000"
        self.text = make(w.Text, placeholder=placeholder)
        note = f" {escaped(q.unit)}" if q.type == "numeric" and q.unit else ""
        if q.type == "date" and q.calendar:
            note = f" <em>(give the {CALENDAR_IN_FULL[q.calendar]} date)</em>"
        return make(w.HBox, [self.text, make(w.HTML, note)])

    def move(self, step: int) -> None:
        """Move the selected item of an order question up (-1) or down (+1)."""
        chosen = self.select.value
        ids = [i for _, i in self.items]
        if chosen not in ids:
            return
        k = ids.index(chosen)
        j = min(max(k + step, 0), len(ids) - 1)
        self.items[k], self.items[j] = self.items[j], self.items[k]
        self.select.options = list(self.items)
        self.select.value = chosen

    def answer(self) -> Any:
        """The student's answer, as grading.check takes it (and JSON can store it)."""
        t = self.q.type
        if t == "single":
            return self.radio.value
        if t == "source":
            return {"judgement": self.radio.value, "sentence": self.sentence.value}
        if t == "multiple":
            return [c.id for c, b in zip(self.q.choices, self.boxes, strict=True) if b.value]
        if t == "order":
            return [i for _, i in self.items]
        return self.text.value

    def restore(self, answer: Any) -> None:
        """Put a saved answer back into the inputs."""
        t = self.q.type
        ids = [c.id for c in self.q.choices]
        if t == "single" and answer in ids:
            self.radio.value = answer
        elif t == "source" and isinstance(answer, dict):
            self.radio.value = answer.get("judgement") if answer.get("judgement") in ids else None
            self.sentence.value = str(answer.get("sentence") or "")
        elif t == "multiple" and isinstance(answer, list):
            for c, b in zip(self.q.choices, self.boxes, strict=True):
                b.value = c.id in answer
        elif t == "order" and isinstance(answer, list) and sorted(answer) == sorted(ids):
            text = {c.id: c.text for c in self.q.choices}
            self.items = [(text[i], i) for i in answer]
            self.select.options = list(self.items)
        elif t in ("numeric", "date"):
            self.text.value = str(answer or "")

    def clear(self) -> None:
        """Empty the inputs and the feedback."""
        t = self.q.type
        if t in ("single", "source"):
            self.radio.value = None
        if t == "source":
            self.sentence.value = ""
        if t == "multiple":
            for b in self.boxes:
                b.value = False
        if t == "order":
            self.items = [(c.text, c.id) for c in self.q.choices]
            self.select.options = list(self.items)
        if t in ("numeric", "date"):
            self.text.value = ""
        self.feedback.value = ""


class QuizBox(w.VBox):
    """The quiz of one notebook (its text repr names the quiz and holds no answers)."""

    def __repr__(self) -> str:
        return f"<Quiz: {getattr(self, 'quiz_title', 'quiz')}>"


def quiz_box(notebook_id: str, *, teacher: bool = False) -> w.Widget:
    """Build the widget of one notebook's quiz (a data mistake shows as a message, not a traceback)."""
    try:
        bank = grading.load(notebook_id)
    except DataError as e:
        return w.HTML(panel(WRONG, f"<strong>This quiz cannot be shown.</strong> {escaped(e)}"))
    return QuizView(bank, teacher=teacher).box


class QuizView:
    """The glue between the question views, grading.check and the progress file."""

    def __init__(self, bank: Quiz, *, teacher: bool = False):
        self.bank = bank
        self.teacher = teacher
        saved, note = progress.read()
        make = Parts()
        self.notice = make(w.HTML, panel(HINT, escaped(note)) if note else "")
        self.score = make(w.HTML, "")
        self.views = [
            QuestionView(n, q, self.check, make) for n, q in enumerate(bank.questions, start=1)
        ]
        again = make(
            w.Button, description="Start again", tooltip="Clear your saved answers to this quiz"
        )
        again.on_click(lambda _: self.start_again())
        answers = saved["notebooks"].get(bank.notebook, {})
        for view in self.views:
            if view.q.id in answers:
                view.restore(answers[view.q.id].get("answer"))
                self.show_feedback(view, view.answer())
            elif teacher:
                view.feedback.value = feedback_html(grading.key_feedback(view.q), teacher=True)
        self.box = QuizBox(
            [self.notice, self.score, *(v.box for v in self.views), again],
        )
        self.box.quiz_title = bank.title
        self.box.view = self  # the Python side (tests drive it); nothing of it is synced
        self.update_score(answers)

    def show_feedback(self, view: QuestionView, answer: Any) -> Any:
        """Mark an answer and put its feedback under the question."""
        fb = grading.check(view.q, answer)
        view.feedback.value = feedback_html(fb)
        return fb

    def check(self, view: QuestionView) -> None:
        """The Check button: mark, show feedback, save."""
        answer = view.answer()
        fb = self.show_feedback(view, answer)
        if fb.correct is None:
            return
        try:
            progress.record_answer(self.bank.notebook, view.q.id, answer, fb.correct)
        except OSError as e:
            self.notice.value = panel(
                HINT, escaped(f"Your answer could not be saved ({e.strerror}).")
            )
        self.update_score()

    def update_score(self, answers: dict[str, Any] | None = None) -> None:
        """Show 'n right of m answered (k questions)'."""
        if answers is None:
            answers = progress.answers(self.bank.notebook)
        ids = {q.id for q in self.bank.questions}
        mine = {k: v for k, v in answers.items() if k in ids}
        right = sum(bool(v.get("correct")) for v in mine.values())
        total = len(self.bank.questions)
        self.score.value = (
            f"<strong>Score:</strong> {right} right of {len(mine)} answered ({total} questions)"
        )

    def start_again(self) -> None:
        """Forget this quiz's saved answers and clear the inputs."""
        try:
            progress.reset(self.bank.notebook)
        except OSError as e:
            self.notice.value = panel(
                HINT, escaped(f"Saved answers could not be cleared ({e.strerror}).")
            )
        for view in self.views:
            view.clear()
            if self.teacher:
                view.feedback.value = feedback_html(grading.key_feedback(view.q), teacher=True)
        self.update_score({})


def show(notebook_id: str, *, teacher: bool | None = None) -> w.Widget:
    """The quiz of one notebook as an ipywidgets widget (teacher=True reveals every answer)."""
    return quiz_box(notebook_id, teacher=grading.teacher_mode(teacher))
