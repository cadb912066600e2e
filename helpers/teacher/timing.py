"""How long a lesson takes in class, computed from its content with the rates of data/notebooks.yaml.

Each part of a stored notebook (intro, §1, §2, …, the student's answer, summary, further work) takes
its narrative words at the narrative rate, the article's own passages and outside documents at the
passage rate, the items a task of a kind in classroom_time.per_item asks students to note (a
"check": each entry of its list, counted from the cell), the organiser's grid at its minutes a box by the box's kind (a drop-down or a text box,
read from its definition in data/notebooks.yaml, never typed) and its claim and evidence as one
written task, and the change into it from the part before (a transition, for every core part but the
first), all rounded up to whole minutes together; plus the fixed minutes of every task kind its
cells name in their metadata ("task") and the report-back to the class that follows a task of the
kinds that have one, plus a fixed minimum to run and read every cell that shows a chart,
map or widget (an organiser, a calculator). The lesson adds the minutes to open and run it and the
quiz (each closed question and each written one at its rate, taken together in class, with the
transition into it, rounded up, and running its cell). The core path is every part before "## Further work", the opening and the
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
from helpers.widgets.organiser import grid_kinds

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
ORGANISER = "organiser"  # the task kind timed by its boxes, at classroom_time.organiser
ITEM = re.compile(r"^\s*(?:\d+\.|[-*])\s+\S", re.M)  # an entry of a markdown list
NAMES = {"open": "open and run", "intro": "introduction", "answer": "your answer", "quiz": "quiz"}


@dataclass
class Part:
    """What students do in one part of a lesson: words at each rate and the task kinds."""

    narrative: int = 0
    passage: int = 0
    tasks: list[str] = field(default_factory=list)
    runs: int = 0  # cells that show a chart, map or widget, each run and read
    boxes: dict[str, int] = field(default_factory=dict)  # organiser grid boxes by kind
    organisers: int = 0  # organisers to fill in (each ends in a claim and its evidence)
    items: dict[str, int] = field(default_factory=dict)  # items a task asks to note, by kind

    def minutes(self, rates: dict[str, Any], entered: bool = False) -> int:
        """Reading, the organiser (its grid by box kind, its claim and evidence), the items a task
        asks students to note (at classroom_time.per_item) and the transition into the part (if
        `entered`), rounded up together; every task with its report-back and every figure or
        widget."""
        reading = self.narrative / rates["narrative_wpm"] + self.passage / rates["passage_wpm"]
        organiser = rates["organiser"]
        written = sum(organiser[f"{kind}_box"] * n for kind, n in self.boxes.items())
        written += self.organisers * organiser["claim_and_evidence"]
        written += sum(rates["per_item"][kind] * n for kind, n in self.items.items())
        moving = rates["transition_minutes"] if entered else 0
        return (
            math.ceil(reading + written + moving - 1e-9)
            + sum(task_minutes(k, rates) for k in self.tasks)
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


def organiser_boxes(notebook_id: str | None) -> dict[str, int]:
    """The grid boxes of a lesson's organiser by kind ("choice", "written"), from its definition in
    data/notebooks.yaml ({} if none)."""
    spec = next((s for s in data.notebook_spec() if s["id"] == notebook_id), {})
    return grid_kinds(spec["organiser"]) if spec.get("organiser") else {}


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


def items_asked(cell: Any) -> int:
    """The items a task cell asks students to note: the entries of its numbered or bulleted list
    (one if it has none)."""
    return len(ITEM.findall(cell.source)) or 1


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


def parts_of(
    nb: Any, where: str = "notebook", boxes: dict[str, int] | None = None
) -> dict[str, Part]:
    """Every part of a notebook ('intro', '1', …, 'answer', 'summary', 'further') and its content;
    a cell of task kind "organiser" brings the organiser's `boxes`."""
    parts: dict[str, Part] = {}
    per_item = data.classroom_time()["per_item"]
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
        for kind in kinds:
            if kind in per_item:
                part.items[kind] = part.items.get(kind, 0) + items_asked(cell)
        if ORGANISER in kinds:
            if not boxes:
                raise DataError(
                    [Problem(where, f"cell {cell.get('id')}: an organiser task, but no organiser")]
                )
            part.boxes = {k: part.boxes.get(k, 0) + n for k, n in boxes.items()}
            part.organisers += 1
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


def question_minutes(question: Any, rates: dict[str, Any]) -> float:
    """One quiz question taken in class: a written one, a closed one that asks for worked steps
    (its skill one of classroom_time.quiz.worked_skills, e.g. a calendar sum beyond +13 days), or
    any other closed one."""
    quiz_rates = rates["quiz"]
    if question.type == "written":
        return quiz_rates["written"]
    return quiz_rates["worked" if question.skill in quiz_rates["worked_skills"] else "closed"]


def quiz_minutes(notebook_id: str, part: str = "core", entered: bool = False) -> int:
    """The minutes of a quiz part: running its cell, each closed and each written question at its
    rate, with the transition into it (if `entered`), rounded up (0 if the part has no question)."""
    rates = data.classroom_time()
    asked = [q for q in quiz.load(notebook_id).questions if q.part == part]
    if not asked:
        return 0
    questions = sum(question_minutes(q, rates) for q in asked)
    moving = rates["transition_minutes"] if entered else 0
    return rates["run_minutes"] + math.ceil(questions + moving - 1e-9)


def minutes(nb: Any, notebook_id: str) -> dict[str, int]:
    """Minutes of every part in order: 'open', the parts, 'quiz' (core) and 'further' (if any);
    every core part after the first adds the transition into it."""
    rates = data.classroom_time()
    parts = parts_of(nb, f"notebooks/{notebook_id}.ipynb", organiser_boxes(notebook_id))
    found = {"open": rates["open_minutes"]}
    core_parts = [k for k in parts if k != "further"]
    found |= {k: parts[k].minutes(rates, entered=n > 0) for n, k in enumerate(core_parts)}
    found["quiz"] = quiz_minutes(notebook_id, entered=bool(core_parts))
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
        f"open {rates['open_minutes']}, each change of part {rates['transition_minutes']}, "
        f"run a figure or widget {rates['run_minutes']}, "
        f"tasks {rates['tasks']}, report-back after {rates['report_back']}, "
        f"each item noted {rates['per_item']}, "
        f"organiser {rates['organiser']}, quiz {rates['quiz']}"
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
