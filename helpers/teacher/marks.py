"""The teacher's marks: written answers and the capstone marked against their rubric, with a comment.

Kept beside the hand-ins in one CSV, FILE (`teacher-marks.csv`: notebook, student, question, mark,
out_of, comment, marked_at), which the hand-in reader leaves aside; the class report counts a written
answer as met only by its mark, and gradebook.csv carries the marks and comments. `marker(report)`
is the form of the teacher notebook: a written question, a student, their text beside the rubric, a
mark and a comment, Save; `returned` writes one page per student with their marks and comments, to
give back through the school's LMS.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.quiz import handin, progress
from helpers.teacher import handins

FILE = handins.MARKS
COLUMNS = ["notebook", "student", "question", "mark", "out_of", "comment", "marked_at"]


def load(folder: Path) -> pd.DataFrame:
    """The marks saved beside a folder's hand-ins (an empty table if none; a damaged row skipped)."""
    path = Path(folder) / FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        try:
            mark, out_of = int(row["mark"]), int(row["out_of"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= mark <= out_of:
            rows.append({**{k: row.get(k) or "" for k in COLUMNS}, "mark": mark, "out_of": out_of})
    return pd.DataFrame(rows, columns=COLUMNS)


def save(
    folder: Path, notebook: str, student: str, question: str, mark: int, out_of: int, comment: str
) -> Path:
    """Save (or replace) one mark and comment; the file written atomically."""
    if not 0 <= mark <= out_of:
        raise ValueError(f"a mark is between 0 and {out_of}")
    table = load(folder)
    key = (table.notebook == notebook) & (table.student == student) & (table.question == question)
    when = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    row = [notebook, student, question, mark, out_of, comment.strip(), when]
    table = pd.concat([table[~key], pd.DataFrame([row], columns=COLUMNS)], ignore_index=True)
    path = Path(folder) / FILE
    progress.atomic_write(path, table.to_csv(index=False).encode("utf-8"), mode=0o640)
    return path


def merge(table: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """The report's table with each written answer's mark, comment and `met` from the teacher's
    mark only (not the student's own ticks: NaN until marked)."""
    if table.empty:
        return table
    keyed = {
        (r.notebook, r.student, r.question): (int(r.mark), int(r.out_of), r.comment)
        for r in marks.itertuples()
    }
    got = [keyed.get((r.notebook, r.student, r.question)) for r in table.itertuples()]
    table = table.copy()
    table["mark"] = [g[0] if g else None for g in got]
    table["out_of"] = [g[1] if g else None for g in got]
    table["comment"] = [g[2] if g else "" for g in got]
    written = table.type == "written"
    table.loc[written, "met"] = [
        g[0] / g[1] if g and g[1] else float("nan")
        for g, is_written in zip(got, written, strict=True)
        if is_written
    ]
    return table


def returned(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """One small HTML page per student with the teacher's marks and comments (each question's
    prompt, the student's answer), to give back through the school's LMS; the pages written."""
    import html

    table = report["table"]  # merged with the marks by class_report.build
    if table.empty or "mark" not in table:
        return []
    done = table[table.mark.notna()]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for student, part in done.groupby("student"):
        items = "".join(
            f"<h2>{html.escape(r.notebook)} {html.escape(r.question)}: "
            f"{int(r.mark)}/{int(r.out_of)}</h2>"
            f"<p><strong>{html.escape(report['banks'][r.notebook].question(r.question).prompt)}"
            f"</strong></p><blockquote>{html.escape(r.text)}</blockquote>"
            f"<p>{html.escape(r.comment)}</p>"
            for r in part.itertuples()
        )
        name = html.escape(str(student))
        digest = hashlib.sha256(str(student).encode()).hexdigest()[:8]
        path = out_dir / f"{handin.slug(str(student)) or 'student'}-{digest}.html"
        page = (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Marks: {name}"
            f"</title></head><body><h1>Your teacher's marks: {name}</h1>{items}</body></html>"
        )
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written


def marker(report: dict[str, Any], notebook: str) -> Any:
    """The teacher notebook's marking form for one notebook's written answers (and capstone)."""
    import ipywidgets as w

    folder: Path = report["folder"].path
    bank = report["banks"][notebook]
    table = report["table"]
    written = [q for q in bank.questions if q.type == "written"]
    if not written or table.empty:
        return w.HTML("<p>No written answers to mark in this notebook's hand-ins.</p>")
    last = written[-1].id if notebook.startswith("07_") else ""
    question = w.Dropdown(
        options=[(f"{q.id}{' (capstone)' if q.id == last else ''}", q.id) for q in written],
        description="Question",
    )
    student = w.Dropdown(options=sorted(set(table[table.notebook == notebook].student)))
    student.description = "Student"
    shown = w.HTML()
    mark = w.BoundedIntText(value=0, min=0, max=4, description="Mark")
    comment = w.Textarea(description="Comment", layout=w.Layout(width="100%"))
    save_button = w.Button(description="Save mark", button_style="primary")
    give_back = w.Button(description="Write returned files", tooltip="One page per student")
    said = w.HTML()

    def draw(_: Any = None) -> None:
        q = bank.question(question.value)
        row = table[
            (table.notebook == notebook)
            & (table.question == q.id)
            & (table.student == student.value)
        ]
        text = row.text.iloc[0] if not row.empty else ""
        rubric = "".join(f"<li>{html_escape(p)}</li>" for p in q.rubric)
        mark.max = len(q.rubric)
        old = load(folder)
        old = old[
            (old.notebook == notebook) & (old.question == q.id) & (old.student == student.value)
        ]
        mark.value = int(old.mark.iloc[0]) if not old.empty else 0
        comment.value = old.comment.iloc[0] if not old.empty else ""
        shown.value = (
            f"<p><strong>{html_escape(q.prompt)}</strong></p>"
            f"<blockquote>{html_escape(text) or '<em>(no answer)</em>'}</blockquote>"
            f"<p>Rubric (one mark a point):</p><ol>{rubric}</ol>"
        )
        said.value = ""

    def on_save(_: Any) -> None:
        try:
            path = save(
                folder, notebook, student.value, question.value, mark.value, mark.max, comment.value
            )
        except (OSError, ValueError) as e:
            said.value = f"<p>Not saved: {html_escape(getattr(e, 'strerror', None) or e)}</p>"
            return
        said.value = f"<p>Saved in <code>{html_escape(path)}</code>.</p>"

    def on_give_back(_: Any) -> None:
        out = Path.cwd() / "returned"  # beside the notebook: in JupyterLab, to download
        fresh = {**report, "table": merge(report["table"], load(folder))}  # marks saved since
        try:
            pages = returned(fresh, out)
        except OSError as e:
            said.value = f"<p>Not written: {html_escape(e.strerror or e)}</p>"
            return
        said.value = f"<p>{len(pages)} page(s) in <code>{html_escape(out)}</code> to return.</p>"

    give_back.on_click(on_give_back)
    question.observe(draw, names="value")
    student.observe(draw, names="value")
    save_button.on_click(on_save)
    draw()
    buttons = w.HBox([save_button, give_back])
    return w.VBox([w.HBox([question, student]), shown, mark, comment, buttons, said])


def html_escape(text: Any) -> str:
    """HTML-escaped text."""
    import html

    return html.escape(str(text))
