"""The controls of one quiz question (choices, order rows, number, date and written boxes, Check and
Show answer) and the shared layouts they are made with. The quiz around them (feedback, score, Hand
in, Start again) is helpers.quiz.widget.

Each control is named for a screen reader by its question and item ("Check question 5", "Move 'The
Musavat accepts the ultimatum' up"), with helpers.text.name (helpers.widgets.page's script reads it); an order question announces
each move in a live region.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import ipywidgets as w

from helpers import widget_parts
from helpers.data.quiz_bank import Question
from helpers.text import CALENDAR_IN_FULL, LIVE, escaped, name

STYLE = """<style>
.cq-quiz .cq-choices, .cq-quiz .cq-choices .widget-radio-box, .cq-quiz .widget-checkbox,
.cq-quiz .cq-row { width: 100%; max-width: 100%; box-sizing: border-box; }
.cq-quiz .cq-choices .widget-radio-box label, .cq-quiz .widget-checkbox label {
  white-space: normal; height: auto; min-height: var(--jp-widgets-inline-height, 28px);
  line-height: 1.4; overflow: visible; text-overflow: clip; display: flex;
  align-items: flex-start; gap: 0.5em; margin: 0.15em 0; width: 100%; }
.cq-quiz .cq-choices .widget-radio-box label input, .cq-quiz .widget-checkbox label input {
  flex: none; order: -1; float: none; height: 1.2em; line-height: 1.2em; margin: 0.1em 0.2em 0 1px; }
.cq-quiz .widget-checkbox label span { white-space: normal; overflow: visible; }
.cq-quiz .cq-choices .widget-radio-box { margin-bottom: 0.2em; }
.cq-quiz .widget-checkbox { height: auto; }
.cq-quiz .cq-row { align-items: flex-start; gap: 0.4em; border-bottom: 1px solid #ddd; }
.cq-quiz .cq-row .widget-html { flex: 1 1 auto; min-width: 0; }
.cq-quiz .cq-row .jupyter-button, .cq-quiz .cq-row .widget-button {
  flex: 0 0 auto; width: auto; padding: 0 0.7em; }
.cq-quiz .cq-row .widget-html-content { white-space: normal; line-height: 1.4; }
.cq-quiz .widget-html-content { white-space: normal; }
.cq-quiz textarea { width: 100%; box-sizing: border-box; }
</style>"""
LETTERS = "ABCDEFGH"


class Parts(widget_parts.Parts):
    """A quiz's widgets with shared Layout and style models (helpers.widget_parts): an eight-question
    quiz had 173 models and took 44 ms to build before they were shared. Its full width is also its
    most, so that a long choice wraps inside the quiz's box."""

    def __init__(self) -> None:
        super().__init__()
        self.fixed: dict[tuple[str, int], w.HTML] = {}

    @cached_property
    def full(self) -> w.Layout:
        """The full-width layout, no wider."""
        return w.Layout(width="100%", max_width="100%")

    @cached_property
    def flow(self) -> w.Layout:
        """A question's box and the quiz's: full width, their parts in rows that wrap. Every part
        is full width (a row of its own) but a question's buttons, a number box and its unit (the
        row ended by `line_end`), and the hand-in's name and button, which share a row as in a
        box of their own (one model less for each such row;
        the box keeps its class, only the flow is set)."""
        return w.Layout(width="100%", max_width="100%", flex_flow="row wrap")

    @cached_property
    def rule(self) -> w.Layout:
        """The layout of Start again's box: full width, a line above it, apart from Hand in."""
        return w.Layout(
            width="100%",
            max_width="100%",
            margin="2.5em 0 0 0",
            padding="0.8em 0 0 0",
            border_top="1px solid #999",
        )

    @cached_property
    def name_shown(self) -> w.Layout:
        """The layout of the hand-in's name box while it is asked for."""
        return w.Layout(width="24em", display="flex")

    @cached_property
    def name_hidden(self) -> w.Layout:
        """The layout of the hand-in's name box once a name is kept (hidden)."""
        return w.Layout(width="24em", display="none")

    @cached_property
    def line_end(self) -> w.Box:
        """An empty part of no height that ends a row of a flowing box (Parts.flow): a number box
        and its unit share a row, the buttons start the next. One model for every such row."""
        return w.Box([], layout=w.Layout(width="100%", height="0", margin="0"))

    def static(self, value: str, layout: w.Layout | None = None) -> w.HTML:
        """An HTML widget that nothing ever changes (a tip, a unit, the quiz's style sheet): one
        model for each text and layout, shown by every view that has it (a lesson's two quiz cells
        and every number question with that unit send it once)."""
        layout = layout or self.row
        key = (value, id(layout))
        if key not in self.fixed:
            self.fixed[key] = self(w.HTML, value, layout=layout)
        return self.fixed[key]


class QuestionView:
    """The widgets of one question and the glue to check and restore an answer.

    order: the ids of the choices in this student's order (attempts.shuffled); the letters shown
    (A, B, ...) follow that order, while answers are stored by the bank's choice ids.
    """

    def __init__(
        self,
        number: int,
        q: Question,
        on_check: Any,
        make: Parts | None = None,
        order: list[str] | None = None,
    ):
        self.q = q
        self.number = number
        self.on_check = on_check
        self.on_show: Any = None
        self.on_tick: Any = None
        self.make = make = make or Parts()
        self.order = list(order or [c.id for c in q.choices])
        prompt = f"<strong>{number}.</strong> {escaped(q.prompt)}"
        for s in q.sources:
            prompt += (
                f"<blockquote><em>{escaped(s['label'])}:</em> {escaped(s['text'])}</blockquote>"
            )
        self.prompt = make(w.HTML, prompt, layout=make.full)
        self.made_feedback: w.HTML | None = None  # made when first written (feedback)
        self.check_button = make(
            w.Button,
            description="Check",
            button_style="primary",
            named=f"Check question {number}",
        )
        self.check_button.on_click(lambda _: self.on_check(self))
        self.show_button = make(
            w.Button,
            description="Show answer",
            named=f"Show answer to question {number} (it then no longer scores)",
        )
        self.show_button.on_click(lambda _: self.on_show and self.on_show(self))
        self.made_rubric: w.VBox | None = None  # a written answer's rubric: made when first shown
        self.ticks: list[w.Checkbox] = []
        self.inputs = self.build_inputs()
        self.buttons = [self.check_button] + ([] if q.type == "written" else [self.show_button])
        self.box = make(
            w.VBox, [self.prompt, *self.inputs, *self.buttons], layout=make.flow
        )  # a row each but the buttons', one row (Parts.flow)

    @property
    def feedback(self) -> w.HTML:
        """The feedback box, under the buttons: made when first written (Check, Show answer, a
        restored answer), as an empty box for every question was one more model sent each."""
        if self.made_feedback is None:
            self.made_feedback = self.make(w.HTML, "", layout=self.make.full)
            children = list(self.box.children)  # prompt, inputs, buttons, feedback, rubric
            children.insert(children.index(self.buttons[-1]) + 1, self.made_feedback)
            self.box.children = children
        return self.made_feedback

    @property
    def rubric(self) -> w.VBox:
        """A written answer's rubric box, last: made when the rubric is first shown (an empty box
        under every written question was one more model sent each)."""
        if self.made_rubric is None:
            self.made_rubric = self.make(w.VBox, [], layout=self.make.full)
            self.box.children = [*self.box.children, self.made_rubric]
        return self.made_rubric

    def label(self, cid: str) -> str:
        """A choice as shown: its letter in this student's order and its text."""
        c = self.q.choice(cid)
        return f"{LETTERS[self.order.index(cid)]}) {c.text if c else cid}"

    def build_inputs(self) -> list[w.Widget]:
        """The input widgets for the question type, as the question's box holds them under its
        prompt (with no box of their own: one model less, the same view)."""
        q, make = self.q, self.make
        labelled = [(self.label(i), i) for i in self.order]
        if q.type in ("single", "source"):
            self.radio = make(
                w.RadioButtons,
                options=labelled,
                value=None,
                layout=make.full,
                classes=("cq-choices",),
                named=self.asked(),
            )
            if q.type == "single":
                return [self.radio]
            self.sentence = make(
                w.Textarea,
                placeholder="Your reason in a sentence or two: point to the evidence.",
                layout=make.full,
                named=f"Your reason for question {self.number}",
            )
            return [make.static("<em>Your judgement:</em>"), self.radio, self.sentence]
        if q.type == "multiple":
            self.boxes = {
                i: make(w.Checkbox, description=t, value=False, indent=False, layout=make.full)
                for t, i in labelled
            }
            tip = make.static("<em>Tick every right answer.</em>")
            return [tip, *self.boxes.values()]
        if q.type == "order":
            self.items = list(self.order)
            self.rows = []
            self.row_texts = []
            self.row_buttons: list[tuple[w.Button, w.Button]] = []
            for k, cid in enumerate(self.items):  # made as show_rows writes them
                text = make(w.HTML, self.row_html(k, cid))
                up = make(w.Button, description="▲ Up", named=self.move_name(cid, "up"))
                down = make(w.Button, description="▼ Down", named=self.move_name(cid, "down"))
                up.on_click(lambda _, k=k: self.move_row(k, -1))
                down.on_click(lambda _, k=k: self.move_row(k, 1))
                row = make(w.HBox, [text, up, down], layout=make.full, classes=("cq-row",))
                self.rows.append(row)
                self.row_texts.append(text)
                self.row_buttons.append((up, down))
            self.moved = make(w.HTML, "", layout=make.full, classes=(LIVE,))
            tip = make.static("<em>Move the items with ▲ and ▼ until the earliest is first.</em>")
            return [tip, *self.rows, self.moved]
        if q.type == "written":
            self.text = make(
                w.Textarea,
                placeholder=f"Your answer, in your own words (at least {q.min_words} words).",
                rows=5,
                layout=make.full,
                named=f"Your answer to question {self.number}",
            )
            return [self.text]
        placeholder = "e.g. 28 May 1918" if q.type == "date" else "e.g. 4.4 or 12,000"
        kind = "a date" if q.type == "date" else "a number" + (f", in {q.unit}" if q.unit else "")
        self.text = make(
            w.Text,
            placeholder=placeholder,
            named=f"Your answer to question {self.number} ({kind})",
        )
        note = f" {escaped(q.unit)}" if q.type == "numeric" and q.unit else ""
        if q.type == "date" and q.calendar:
            note = f" <em>(give the {CALENDAR_IN_FULL[q.calendar]} date)</em>"
        self.note = make.static(note)
        return [self.text, self.note, make.line_end]  # one row, then the buttons'

    def show_rows(self) -> None:
        """Write the order question's items into its rows, first to last."""
        for k, (cid, html_box) in enumerate(zip(self.items, self.row_texts, strict=True)):
            html_box.value = self.row_html(k, cid)
            up, down = self.row_buttons[k]
            name(up, self.move_name(cid, "up"))
            name(down, self.move_name(cid, "down"))

    def row_html(self, k: int, cid: str) -> str:
        """Row k of an order question, holding the item with this choice id."""
        return f"<strong>{k + 1}.</strong> {escaped(self.item_text(cid))}"

    def move_name(self, cid: str, way: str) -> str:
        """The accessible name of an order item's button ('up' or 'down')."""
        return f"Move '{self.item_text(cid)}' {way}"

    def item_text(self, cid: str) -> str:
        """An order question's item as shown (its choice text)."""
        c = self.q.choice(cid)
        return c.text if c else cid

    def asked(self) -> str:
        """The question as a screen reader names its choices: its number and prompt."""
        return f"Question {self.number}: {self.q.prompt}"

    def move_row(self, k: int, step: int) -> None:
        """Move the item in row k up (-1) or down (+1), and say where it went (the live region)."""
        j = min(max(k + step, 0), len(self.items) - 1)
        self.items[k], self.items[j] = self.items[j], self.items[k]
        self.show_rows()
        item, n = self.item_text(self.items[j]), len(self.items)
        if j == k:
            self.moved.value = f"'{escaped(item)}' is already {'first' if step < 0 else 'last'}."
        else:
            self.moved.value = f"'{escaped(item)}' moved to place {j + 1} of {n}."

    def move(self, cid: str, step: int) -> None:
        """Move the item with this choice id up (-1) or down (+1)."""
        if cid in self.items:
            self.move_row(self.items.index(cid), step)

    def answer(self) -> Any:
        """The student's answer, as grading.check takes it (and JSON can store it)."""
        t = self.q.type
        if t == "single":
            return self.radio.value
        if t == "source":
            return {"judgement": self.radio.value, "sentence": self.sentence.value}
        if t == "multiple":
            return [c.id for c in self.q.choices if self.boxes[c.id].value]
        if t == "order":
            return list(self.items)
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
            for cid, b in self.boxes.items():
                b.value = cid in answer
        elif t == "order" and isinstance(answer, list) and sorted(answer) == sorted(ids):
            self.items = list(answer)
            self.show_rows()
        elif t in ("numeric", "date", "written"):
            self.text.value = str(answer or "")

    def show_rubric(self, ticked: list[int]) -> None:
        """The rubric of a written answer as checkboxes (made only once the answer is in)."""
        if self.q.type != "written":
            return
        if not self.ticks:
            self.ticks = [
                self.make(
                    w.Checkbox, description=point, value=False, indent=False, layout=self.make.full
                )
                for point in self.q.rubric
            ]
            for box in self.ticks:
                box.observe(lambda _: self.on_tick and self.on_tick(self), names="value")
            self.rubric.children = [
                self.make(
                    w.HTML, "<em>My own check (self-assessment, not a mark): my answer…</em>"
                ),
                *self.ticks,
            ]
        for k, box in enumerate(self.ticks):
            box.value = k in ticked

    def ticked(self) -> list[int]:
        """The rubric points ticked."""
        return [k for k, box in enumerate(self.ticks) if box.value]

    def clear(self) -> None:
        """Empty the inputs and the feedback."""
        t = self.q.type
        if t in ("single", "source"):
            self.radio.value = None
        if t == "source":
            self.sentence.value = ""
        if t == "multiple":
            for b in self.boxes.values():
                b.value = False
        if t == "order":
            self.items = list(self.order)
            self.show_rows()
        if t in ("numeric", "date", "written"):
            self.text.value = ""
        self.ticks = []
        if self.made_rubric is not None:
            self.made_rubric.children = []
        if self.made_feedback is not None:
            self.made_feedback.value = ""
