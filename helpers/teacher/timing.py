"""How long a lesson takes in class, computed from its content with the rates of data/notebooks.yaml.

Each part of a stored notebook (intro, §1, §2, …, the student's answer, summary, further work) takes
its narrative words at the narrative rate, the article's own passages and outside documents at the
passage rate (rounded up to whole minutes together), plus the fixed minutes of every task kind its
cells name in their metadata ("task") and the report-back to the class that follows a task of the
kinds that have one, plus the organiser at its minutes a box (its boxes counted from its definition in
data/notebooks.yaml, never typed), plus a fixed minimum to run and read every cell that shows a chart,
map or widget (an organiser, a calculator). The lesson adds the minutes to open and run it and the
quiz (each closed question and each written one at its rate, taken together in class, rounded up,
and running its cell). The core path is every part before "## Further work", the opening and the
core quiz; further work takes the quiz questions of part `further`. Not counted: the generated
boilerplate's words (title, set-up, quiz, navigation), code, and the cleaned reading copy beside each
verbatim passage (a student reads one of the two). `python -m helpers.teacher.timing` prints the
table.
"""

from __future__ import annotations

import html
import math
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import nbformat

from helpers import data, quiz
from helpers.data.errors import DataError, Problem
from helpers.widgets.organiser import box_count

SECTION = re.compile(r"^## (\d+)\.", re.M)
PART = {"## Summary": "summary", "## Your answer": "answer", "## Further work": "further"}
TAG = re.compile(r"<(style|script)[^>]*>.*?</\1>|<[^>]+>", re.S)
SKIPPED = ("application/vnd.jupyter.widget-view+json", "application/vnd.plotly.v1+json")
PASSAGE = re.compile(
    r'<details class="article-passage".*?<blockquote[^>]*>(.*?)</blockquote>', re.S
)
READING_COPY = re.compile(r'<details class="reading-copy".*?</details>', re.S)
JIGSAW = re.compile(r'<details class="jigsaw-part">(.*?)</details>', re.S)
NOTEBOOKS = data.REPO / "notebooks"
ORGANISER = "organiser"  # the task kind timed per box, at classroom_time.organiser_box_minutes
NAMES = {"open": "open and run", "intro": "introduction", "answer": "your answer", "quiz": "quiz"}


@dataclass
class Part:
    """What students do in one part of a lesson: words at each rate and the task kinds."""

    narrative: int = 0
    passage: int = 0
    tasks: list[str] = field(default_factory=list)
    runs: int = 0  # cells that show a chart, map or widget, each run and read
    boxes: int = 0  # organiser boxes to fill in

    def minutes(self, rates: dict[str, Any]) -> int:
        """Reading (rounded up), every task with its report-back, the organiser's boxes and every
        figure or widget."""
        reading = self.narrative / rates["narrative_wpm"] + self.passage / rates["passage_wpm"]
        return (
            math.ceil(reading - 1e-9)
            + sum(task_minutes(k, rates) for k in self.tasks)
            + math.ceil(self.boxes * rates["organiser_box_minutes"] - 1e-9)
            + self.runs * rates["run_minutes"]
        )


def task_minutes(kind: str, rates: dict[str, Any]) -> int:
    """The fixed minutes of one task, with the report-back that follows it (the organiser is timed
    by its boxes instead)."""
    if kind == ORGANISER:
        return 0
    return rates["tasks"][kind] + rates["report_back"].get(kind, 0)


def known_kinds() -> list[str]:
    """The task kinds a cell may name: those of the rates table and the organiser."""
    return [*data.classroom_time()["tasks"], ORGANISER]


def organiser_boxes(notebook_id: str | None) -> int:
    """The boxes of a lesson's organiser, from its definition in data/notebooks.yaml (0 if none)."""
    spec = next((s for s in data.notebook_spec() if s["id"] == notebook_id), {})
    return box_count(spec["organiser"]) if spec.get("organiser") else 0


def number(spec: dict[str, Any]) -> str:
    """'01_revolution_in_russia' -> '01'."""
    return spec["id"].split("_", 1)[0]


def words(text: str) -> int:
    """Words of a text, with HTML tags and markdown punctuation left out."""
    plain = html.unescape(TAG.sub(" ", text))
    return len(re.findall(r"[^\W_]+(?:[-'’.,][^\W_]+)*", plain))


def output_text(output: dict[str, Any]) -> str:
    """The readable text of one stored output ('' for a figure or a widget)."""
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    bundle = output.get("data", {})
    if any(kind in bundle for kind in SKIPPED):
        return ""
    for kind in ("text/html", "text/markdown", "text/plain"):
        if kind in bundle:
            value = bundle[kind]
            return "".join(value) if isinstance(value, list) else str(value)
    return ""


def read_words(text: str) -> tuple[int, int]:
    """(narrative, passage) words one student reads in an output: the verbatim passages at the
    passage rate, never their reading copy; of a jigsaw only the longest part (each student reads
    one part and hears the others reported)."""
    text = READING_COPY.sub(" ", text)
    passage = sum(words(p) for p in PASSAGE.findall(text))
    text = PASSAGE.sub(" ", text)
    parts = JIGSAW.findall(text)
    if parts:
        text = JIGSAW.sub(" ", text) + " " + max(parts, key=words)
    return words(text), passage


def task_kinds(cell: Any, where: str) -> list[str]:
    """The task kinds a cell names in its metadata, each checked against the rates table."""
    kinds = cell.metadata.get("task", [])
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    known = known_kinds()
    unknown = [k for k in kinds if k not in known]
    if unknown:
        raise DataError(
            [
                Problem(
                    where,
                    f"cell {cell.get('id')}: task kind {unknown[0]!r} is not in "
                    f"data/notebooks.yaml classroom_time.tasks ({', '.join(known)})",
                )
            ]
        )
    return kinds


def parts_of(nb: Any, where: str = "notebook", boxes: int = 0) -> dict[str, Part]:
    """Every part of a notebook ('intro', '1', …, 'answer', 'summary', 'further') and its content;
    a cell of task kind "organiser" brings the organiser's `boxes`."""
    parts: dict[str, Part] = {}
    key = "intro"
    for cell in nb.cells:
        if cell.metadata.get("boilerplate"):
            continue
        if cell.cell_type == "markdown" and key != "further":
            heading = SECTION.match(cell.source)
            named = next((k for h, k in PART.items() if cell.source.startswith(h)), None)
            key = heading.group(1) if heading else named or key
        part = parts.setdefault(key, Part())
        kinds = task_kinds(cell, where)
        part.tasks += kinds
        if ORGANISER in kinds:
            if not boxes:
                raise DataError(
                    [Problem(where, f"cell {cell.get('id')}: an organiser task, but no organiser")]
                )
            part.boxes += boxes
        if cell.cell_type == "markdown":
            if cell.metadata.get("read") == "document":
                part.passage += words(cell.source)
            else:
                part.narrative += words(cell.source)
            continue
        outputs = cell.get("outputs", [])
        if any(kind in o.get("data", {}) for o in outputs for kind in SKIPPED):
            part.runs += 1
        for out in outputs:
            narrative, passage = read_words(output_text(out))
            part.narrative += narrative
            part.passage += passage
    return parts


def quiz_minutes(notebook_id: str, part: str = "core") -> int:
    """The minutes of a quiz part: running its cell, each closed and each written question at its
    rate, rounded up (0 if the part has no question)."""
    rates = data.classroom_time()
    asked = [q for q in quiz.load(notebook_id).questions if q.part == part]
    if not asked:
        return 0
    quiz_rates = rates["quiz"]
    questions = sum(quiz_rates["written" if q.type == "written" else "closed"] for q in asked)
    return rates["run_minutes"] + math.ceil(questions - 1e-9)


def minutes(nb: Any, notebook_id: str) -> dict[str, int]:
    """Minutes of every part in order: 'open', the parts, 'quiz' (core) and 'further' (if any)."""
    rates = data.classroom_time()
    parts = parts_of(nb, f"notebooks/{notebook_id}.ipynb", organiser_boxes(notebook_id))
    found = {"open": rates["open_minutes"]}
    found |= {k: p.minutes(rates) for k, p in parts.items() if k != "further"}
    found["quiz"] = quiz_minutes(notebook_id)
    if "further" in parts:
        found["further"] = parts["further"].minutes(rates) + quiz_minutes(notebook_id, "further")
    return found


def core(found: dict[str, int]) -> int:
    """Minutes of the core path: every part but further work."""
    return sum(m for k, m in found.items() if k != "further")


def stored(notebook_id: str) -> Any:
    """A stored notebook of notebooks/."""
    return nbformat.read(NOTEBOOKS / f"{notebook_id}.ipynb", as_version=4)


def lesson_minutes(notebook_id: str) -> dict[str, int]:
    """The minutes of every part of a stored notebook."""
    return minutes(stored(notebook_id), notebook_id)


def label(key: str) -> str:
    """'3' -> '§3', 'intro' -> 'introduction'."""
    return NAMES.get(key, key if not key.isdigit() else f"§{key}")


def time_line(found: dict[str, int]) -> str:
    """'open and run 3, introduction 2, §1 5, …, quiz 8' (the core path's parts)."""
    return ", ".join(f"{label(k)} {m}" for k, m in found.items() if k != "further")


def report() -> str:
    """A table of every notebook: each part's minutes, the core path and further work."""
    rates = data.classroom_time()
    lines = [
        f"rates: narrative {rates['narrative_wpm']} wpm, passages {rates['passage_wpm']} wpm, "
        f"open {rates['open_minutes']}, run a figure or widget {rates['run_minutes']}, "
        f"tasks {rates['tasks']}, report-back after {rates['report_back']}, "
        f"organiser {rates['organiser_box_minutes']} a box, quiz {rates['quiz']}"
    ]
    for spec in data.notebook_spec():
        found = lesson_minutes(spec["id"])
        lines.append(
            f"{spec['id']}: core {core(found)} min (of {rates['period_minutes']}); "
            f"further work {found.get('further', 0)} min\n  {time_line(found)}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
    sys.exit(0)
