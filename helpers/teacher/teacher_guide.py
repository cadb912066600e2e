"""Write a printable teacher guide per lesson into build/teacher-guide/ (never into a notebook).

`make teacher-guide` runs it. Each guide joins the notebook's central question (data/notebooks.yaml), its
computed minutes (helpers/teacher/timing.py, the same figures as the notebook's header), its own file
data/teacher_guide/NN_slug.yaml (what the class does in each part, a 40-minute variant, what to
emphasise, the expected answer to every "Stop and think", "Look closely" and "Source work" prompt,
misconceptions), the guidance on the massacres of Baku in 1918 (data/teacher_guide/baku_1918.yaml)
where the lesson teaches them, and the quiz answer key (the answer-key code).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import nbformat

from helpers import data, quiz
from helpers.data.errors import DataError, Problem
from helpers.data.files import REPO, read_yaml
from helpers.teacher import answer_key, timing
from helpers.teacher.page import printable_page, write_pages
from helpers.teacher.timing import NOTEBOOKS, number
from helpers.text import escaped, with_sources

GUIDES = data.DATA_DIR / "teacher_guide"
PROMPT = re.compile(
    r"^(?:\*\*|###\s+)((?:Stop and think|Look closely|Source work)[^*\n]*?)(?:\*\*|\s*$)", re.M
)
SECTION = re.compile(r"^## (\d+)\.", re.M)
LABEL = re.compile(r"^(?:\*\*|#{3,4}\s+)([^*\n]+?)(?:\*\*|\s*$)", re.M)


def prompts_in(notebook_id: str) -> list[tuple[str, str]]:
    """(section, label) of every task and prompt: each "Stop and think", "Look closely" and "Source
    work" prompt, the label of any other task cell (metadata "task": its "prompt", else its first
    bold words or heading), and "Organiser" for the organiser. A cell moved out of its section names it (metadata "section")."""
    return prompts_of(nbformat.read(NOTEBOOKS / f"{notebook_id}.ipynb", as_version=4))


def prompts_of(nb: Any) -> list[tuple[str, str]]:
    """prompts_in for a notebook already read."""
    found, section = [], "intro"
    for cell in nb.cells:
        heading = SECTION.search(cell.source) if cell.cell_type == "markdown" else None
        if heading:
            section = heading.group(1)
        elif cell.cell_type == "markdown" and cell.source.startswith("## Your answer"):
            section = "answer"
        where = cell.metadata.get("section", section)
        if cell.cell_type == "code":
            if cell.metadata.get("task") and "lesson.organiser(" in cell.source:
                found.append((where, "Organiser"))
            continue
        labels = [m.group(1).strip().rstrip(".") for m in PROMPT.finditer(cell.source)]
        if not labels and cell.metadata.get("task"):
            first = LABEL.search(cell.source)
            named = cell.metadata.get("prompt") or (first and first.group(1).strip().rstrip(".:"))
            labels = [named or "Task"]
        found += [(where, label) for label in labels]
    return found


def further_prompts(notebook_id: str) -> set[tuple[str, str]]:
    """The prompts of prompts_in that sit under the notebook's "## Further work" heading."""
    nb = nbformat.read(NOTEBOOKS / f"{notebook_id}.ipynb", as_version=4)
    at = next(
        (i for i, c in enumerate(nb.cells) if c.source.startswith("## Further work")), len(nb.cells)
    )
    core = nbformat.v4.new_notebook(cells=nb.cells[:at])
    found = prompts_in(notebook_id)
    return set(found) - set(prompts_of(core))


def load(notebook_id: str) -> dict[str, Any]:
    """The teacher-guide file of one notebook, read as YAML (raises DataError if missing or broken)."""
    path = GUIDES / f"{notebook_id}.yaml"
    if not path.exists():
        raise DataError([Problem(f"data/teacher_guide/{path.name}", "file is missing")])
    doc, problems = read_yaml(path)
    if problems:
        raise DataError(problems)
    return doc


def with_items(text: object) -> str:
    """Guide text with each markup (`[[item:id]]`, `[[cite:phrase]]`, …) replaced by what the sources say:
    an item's works and label from data/outside.csv, a citation computed from the article; never typed."""
    return with_sources(text)


def esc(text: object) -> str:
    """HTML-escaped text, its outside items spelled out from data/outside.csv."""
    return escaped(with_items(text))


def quiz_parts(bank: Any) -> str:
    """Which questions the core quiz and the quiz on the further work ask, read from the bank's
    `part` fields (never typed in a guide)."""
    asked = {p: [q.id for q in bank.questions if q.part == p] for p in ("core", "further")}
    line = f"Core quiz: {', '.join(asked['core'])}."
    return line + (
        f" Quiz on the further work: {', '.join(asked['further'])}." if asked["further"] else ""
    )


def plan_html(plan: list[dict[str, Any]], found: dict[str, int], bank: Any) -> str:
    """The plan as a table: each core part's computed minutes (start and end) and its activity; the
    quiz's step names its questions from the bank."""
    rows, start = [], 0
    for step in plan:
        end = start + found.get(step["part"], 0)
        activity = step["activity"] + (" " + quiz_parts(bank) if step["part"] == "quiz" else "")
        rows.append(
            f"<tr><td>{start}–{end}</td><td>{esc(timing.label(step['part']))}</td>"
            f"<td>{esc(activity)}</td></tr>"
        )
        start = end
    return (
        "<table><thead><tr><th>Minutes</th><th>Part</th><th>Activity</th></tr></thead>"
        f"{''.join(rows)}</table>"
    )


def report_backs(rates: dict[str, Any]) -> str:
    """'written 2, look-closely 2': the report-back minutes added to each task kind."""
    return ", ".join(f"{kind} {m}" for kind, m in rates["report_back"].items())


def per_items(rates: dict[str, Any]) -> str:
    """'check 0.5 an item': the minutes of each item a task of these kinds asks to note."""
    return ", ".join(f"{kind} {m} an item" for kind, m in rates["per_item"].items())


def variant_minutes(found: dict[str, int], variant: dict[str, Any]) -> int:
    """The computed minutes of the 40-minute variant: the core path without the parts it drops."""
    return timing.core(found) - sum(found.get(k, 0) for k in variant["drop"])


def baku_1918_html() -> str:
    """The guidance on teaching the March Days and the September Days."""
    doc, problems = read_yaml(GUIDES / "baku_1918.yaml")
    if problems:
        raise DataError(problems)
    parts = [f"<h2>{esc(doc['title'])}</h2>"]
    for sec in doc["sections"]:
        items = "".join(f"<li>{esc(p)}</li>" for p in sec["points"])
        parts.append(f"<h3>{esc(sec['heading'])}</h3><ul>{items}</ul>")
    return "<section>" + "".join(parts) + "</section>"


def guide_html(spec: dict[str, Any], guide: dict[str, Any]) -> str:
    """One lesson's printable guide."""
    title = f"Teacher guide: {number(spec)} · {spec['title']}"
    found = timing.lesson_minutes(spec["id"])
    rates = data.classroom_time()
    variant = guide["variant_40"]
    dropped = ", ".join(timing.label(k) for k in variant["drop"])
    answers = {(p["section"], p["prompt"]): p["answer"] for p in guide["prompts"]}
    further = further_prompts(spec["id"])
    prompt_items = "".join(
        f"<li><strong>{'Further work, ' if (section, label) in further else ''}"
        f"§{esc(section)} · {esc(label)}.</strong> "
        f"{esc(answers.get((section, label), 'NO ENTRY'))}</li>"
        for section, label in prompts_in(spec["id"])
    )
    bank = quiz.load(spec["id"])
    key = "".join(answer_key.question_html(n, q) for n, q in enumerate(bank.questions, start=1))
    misconceptions = "".join(
        f"<li><em>{esc(m['wrong'])}</em><br>Better: {esc(m['better'])}</li>"
        for m in guide["misconceptions"]
    )
    objectives = "".join(f"<li>{esc(o['text'])}</li>" for o in spec["objectives"])
    parts = [
        f"<h1>{esc(title)}</h1>",
        '<p class="meta">For teachers; not for students before the lesson. Facts come only from the '
        "article and the project's outside context, each labelled.</p>",
        f'<p class="q"><strong>Central question:</strong> {esc(spec["question"])}</p>',
        f"<p><strong>Computed time:</strong> core path {timing.core(found)} minutes "
        f"({esc(timing.time_line(found))}); further work / homework {found.get('further', 0)} "
        f"minutes. Computed from the content: our text at {rates['narrative_wpm']} and the "
        f"article's passages at {rates['passage_wpm']} words a minute, each task at its fixed "
        f"minutes with the report-back after it ({esc(report_backs(rates))}) and each item it "
        f"asks students to note ({esc(per_items(rates))}), the organiser at "
        f"{rates['organiser']['choice_box']} a drop-down and {rates['organiser']['written_box']} "
        f"a written box, its claim and evidence {rates['organiser']['claim_and_evidence']}, "
        f"{rates['open_minutes']} to open, {rates['transition_minutes']} for each change of "
        f"part, a closed quiz question at {rates['quiz']['closed']} (a worked one at "
        f"{rates['quiz']['worked']}) and a written one at {rates['quiz']['written']} "
        "(data/notebooks.yaml, classroom_time).</p>",
        f"<h2>Objectives</h2><ol>{objectives}</ol>",
        f"<h2>Plan for a {rates['period_minutes']}-minute period</h2>"
        f"{plan_html(guide['plan'], found, bank)}",
        f"<p><strong>40-minute variant ({variant_minutes(found, variant)} computed minutes):"
        f"</strong> leave out {esc(dropped)}. {esc(variant['note'])}</p>",
        "<h2>What to emphasise</h2><ul>"
        + "".join(f"<li>{esc(e)}</li>" for e in guide["emphasise"])
        + "</ul>",
        f"<h2>Expected answers to the notebook's prompts</h2><ol>{prompt_items}</ol>",
        f"<h2>Likely misconceptions</h2><ul>{misconceptions}</ul>",
    ]
    if guide.get("difficult_history"):
        parts.append(baku_1918_html())
    parts.append(f"<h2>Quiz answer key</h2><ol style='list-style:none;padding:0'>{key}</ol>")
    return printable_page("guide", with_items(title), "".join(parts))


def write_guides(out_dir: Path) -> list[Path]:
    """Write one guide per notebook plus an index page; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written, links = [], []
    for spec in data.notebook_spec():
        path = out_dir / f"{spec['id']}.html"
        path.write_text(guide_html(spec, load(spec["id"])), encoding="utf-8")
        written.append(path)
        links.append(
            f'<li><a href="{esc(path.name)}">{esc(number(spec))} {esc(spec["title"])}</a></li>'
        )
    return [
        *written,
        answer_key.write_index(out_dir, "Teacher guides", "Teacher guides", links, "guide"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the guides, print where; broken data prints its problems (exit 1)."""

    def write(out_dir: Path) -> list[Path]:
        data.ensure_valid()
        return write_guides(out_dir)

    return write_pages(write, REPO / "build" / "teacher-guide", argv)


if __name__ == "__main__":
    sys.exit(main())
