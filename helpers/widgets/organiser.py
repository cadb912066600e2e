"""The organiser a student fills in (SHEG's graphic organisers): a grid of documents or items by
questions (sourcing, contextualisation, corroboration, close reading, or the lesson's own sort),
ending in the student's claim on the central question with evidence.

The widget owns its parts and knows nothing of files: it starts from the saved answers it is given
and calls `on_save(answers)` whenever a box loses focus with a changed text; the lesson layer saves
them with the quiz's progress (and they go into the hand-in).
Answers: {"grid": {"<row id>.<column id>": text}, "claim": text, "evidence": text}.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from helpers.text import escaped
from helpers.widget_parts import Parts

CLAIM = "Your claim"
STYLE = {"description_width": "12em"}  # the boxes' labels, in a column
EVIDENCE = "Your evidence"


def box_count(spec: dict[str, Any]) -> int:
    """The boxes a student fills in: one per row and question, then the claim and the evidence."""
    return len(spec["rows"]) * len(spec["columns"]) + 2


def grid_kinds(spec: dict[str, Any]) -> dict[str, int]:
    """The grid's boxes by kind: "choice" (a drop-down, a column with `choices`) and "written" (a
    text box); the claim and the evidence are not in the grid."""
    choice = sum(1 for c in spec["columns"] if c.get("choices")) * len(spec["rows"])
    return {"choice": choice, "written": len(spec["rows"]) * len(spec["columns"]) - choice}


def blank() -> dict[str, Any]:
    """Answers of an organiser nobody has written in yet."""
    return {"grid": {}, "claim": "", "evidence": ""}


class Organiser(w.VBox):
    """One lesson's organiser: a labelled box per row and question, then a claim and its evidence."""

    def __init__(
        self,
        spec: dict[str, Any],
        saved: dict[str, Any] | None = None,
        on_save: Callable[[dict[str, Any]], str] | None = None,
    ):
        self.spec = spec
        self.on_save = on_save
        saved = {**blank(), **(saved or {})}
        self.boxes: dict[str, Any] = {}
        # one layout per kind of part and one style model per style class, shared (helpers.widget_parts):
        # nothing changes them after, and each box's own were two more models to send to the browser
        self.make = Parts()
        self.box_layout = w.Layout(width="98%")
        self.row_layout = w.Layout(margin="0.3em 0")  # the rows' boxes; labels and drop-downs have
        # the default layout, the Parts' `row` (one model for both: they were two of the same)
        rows = [self.row(r, saved["grid"]) for r in spec["rows"]]
        self.claim = self.text(CLAIM, spec["claim"], saved.get("claim", ""), rows=3)
        self.evidence = self.text(
            EVIDENCE,
            "Two pieces of evidence from the documents, each with its citation or work",
            saved.get("evidence", ""),
            rows=4,
        )
        self.status = self.make(w.HTML, layout=w.Layout(min_height="1.5em"))
        title = self.label(f"<h3 style='margin:0.2em 0'>{escaped(spec['title'])}</h3>")
        super().__init__(
            [title, *rows, self.claim, self.evidence, self.status],
            layout=w.Layout(border="1px solid #888", padding="0.5em", width="100%"),
            _dom_classes=("caucasus-organiser",),
        )
        for box in [*self.boxes.values(), self.claim, self.evidence]:
            box.observe(self.changed, names="value")

    def text(self, label: str, hint: str, value: str, rows: int = 2) -> Any:
        """A labelled text box: the label is its accessible name, the hint (naming the row) its
        tooltip, so that boxes of the same question in different rows are told apart."""
        return self.make(
            w.Textarea,
            value=value,
            description=label,
            placeholder=hint,
            tooltip=hint,
            rows=rows,
            continuous_update=False,
            style=STYLE,
            layout=self.box_layout,
            classes=("organiser-box",),
        )

    def label(self, html: str) -> Any:
        """Static HTML (the title, a row's label) with the shared label layout and style."""
        return self.make(w.HTML, html)

    def row(self, row: dict[str, Any], grid: dict[str, str]) -> Any:
        """One document or item: its label, then a box (or a choice, for a sort) per question."""
        parts: list[Any] = [self.label(f"<strong>{escaped(row['label'])}</strong>")]
        for col in self.spec["columns"]:
            key = f"{row['id']}.{col['id']}"
            value = grid.get(key, "")
            if col.get("choices"):
                options = ["", *col["choices"]]
                box = self.make(
                    w.Dropdown,
                    options=options,
                    value=value if value in options else "",
                    description=col["label"],
                    tooltip=f"{col['label']} ({row['label']})",
                    style=STYLE,
                )
            else:
                box = self.text(col["label"], f"{col['label']} ({row['label']})", value)
            self.boxes[key] = box
            parts.append(box)
        return w.VBox(parts, layout=self.row_layout)

    def answers(self) -> dict[str, Any]:
        """What the student has written, in the saved layout."""
        grid = {k: b.value for k, b in self.boxes.items() if b.value}
        return {"grid": grid, "claim": self.claim.value, "evidence": self.evidence.value}

    def changed(self, _change: Any = None) -> None:
        """Save after a change and say whether it was saved."""
        if self.on_save is not None:
            self.status.value = escaped(self.on_save(self.answers()))

    def __repr__(self) -> str:
        """What a notebook shows before the cell is run in a live kernel (not a Python repr)."""
        return f"Run this cell to open the organiser: {self.spec['title']}."


def blank_grid_html(spec: dict[str, Any]) -> str:
    """The organiser as an empty printed grid (handouts): rows by questions, then claim and evidence."""
    head = "".join(f"<th>{escaped(c['label'])}</th>" for c in spec["columns"])
    cells = "".join(
        "<td>" + escaped(" / ".join(c["choices"])) + "</td>" if c.get("choices") else "<td></td>"
        for c in spec["columns"]
    )
    body = "".join(f"<tr><th>{escaped(r['label'])}</th>{cells}</tr>" for r in spec["rows"])
    return (
        f'<section class="organiser"><h2>{escaped(spec["title"])}</h2>'
        f'<table class="organiser-grid"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
        f"<p><strong>{CLAIM}:</strong> {escaped(spec['claim'])}</p><div class='lines'></div>"
        f"<p><strong>{EVIDENCE}:</strong></p><div class='lines'></div></section>"
    )
