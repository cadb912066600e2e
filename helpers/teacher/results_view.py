"""The teacher notebook's menus: the folder of hand-ins, a roster and the lesson chosen in widgets
(no code to edit), and the lesson's report drawn below them, the marking form included."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

from helpers import lesson
from helpers.teacher import class_report, marks, reteach


def draw(report: dict[str, Any], notebook: str) -> None:
    """One lesson's report in the notebook: what to reteach, its questions, written answers, the
    marking form; then the class-wide parts."""
    folder = report["folder"]
    print(f"{folder.line()} in {folder.path}")
    for line in folder.problems:
        print(line)
    if not notebook:
        print("No hand-ins of any lesson in this folder yet.")
        return
    bank = report["banks"][notebook]
    lesson.show(class_report.question_figure(report["table"], bank))
    display(HTML("".join(reteach.notebook_html(report, bank))))
    for qid, frame in class_report.written_answers(report["table"], bank).items():
        heading = f"Written answers: {qid}. {bank.question(qid).prompt}"
        display(HTML("".join(reteach.named_table(bank, heading, frame))))
    display(HTML("<h3>Mark the written answers against the rubric</h3>"))
    display(marks.marker(report, notebook))
    display(HTML("".join(reteach.class_html(report))))


class Menus(w.VBox):
    """The menus (their text repr, what a notebook stores, names them without a folder's path)."""

    def __repr__(self) -> str:
        return "Menus: the folder of hand-ins, a roster and the lesson (run the cell to use them)."


def menus(folder: str | Path | None = None, read_now: bool = False) -> w.Widget:
    """The folder (default $CAUCASUS_HANDIN), an optional roster file and the lesson, as menus; the
    report is drawn when the teacher presses Read the folder (or at once with read_now)."""
    folder_box = w.Text(
        value=str(folder or os.environ.get("CAUCASUS_HANDIN", "")),
        description="Hand-ins",
        placeholder="the folder of hand-ins, e.g. /srv/caucasus1917/handin",
        layout=w.Layout(width="100%"),
    )
    hub_roster = Path(folder_box.value) / ".roster"  # the hub's students (deploy/course_config.py)
    roster_box = w.Text(
        value=str(hub_roster) if folder_box.value and hub_roster.is_file() else "",
        description="Roster",
        placeholder="optional: a file with one student a line",
        layout=w.Layout(width="100%"),
    )
    read_button = w.Button(description="Read the folder", button_style="primary")
    choice = w.Dropdown(description="Lesson", layout=w.Layout(width="100%"))
    out = w.Output()
    state: dict[str, Any] = {}

    def show(_: Any = None, clear: bool = True) -> None:
        if clear:  # (not on the first draw: nbclient cannot clear a widget it has not seen)
            out.clear_output()
        with out:
            if "report" in state:
                draw(state["report"], choice.value or "")

    def read(_: Any = None, clear: bool = True) -> None:
        if clear:
            out.clear_output()
        try:
            names = reteach.roster(Path(roster_box.value)) if roster_box.value.strip() else []
        except OSError as e:
            with out:
                print(f"{roster_box.value}: the roster cannot be read ({e.strerror})")
            return
        report = class_report.build(Path(folder_box.value).expanduser(), names)
        state["report"] = report
        banks = report["banks"]
        choice.unobserve(show, names="value")
        choice.options = [(f"{nb}: {banks[nb].title}", nb) for nb in report["notebooks"]]
        choice.value = report["notebooks"][0] if report["notebooks"] else None
        choice.observe(show, names="value")
        show(clear=clear)

    read_button.on_click(read)
    choice.observe(show, names="value")
    if folder_box.value and read_now:
        read(clear=False)
    return Menus([folder_box, roster_box, read_button, choice, out])
