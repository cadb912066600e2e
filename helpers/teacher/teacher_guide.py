"""Write a printable teacher guide per lesson into build/teacher-guide/ (never into a notebook).

`make teacher-guide` runs it. Each guide joins the notebook's central question and declared minutes
(data/notebooks.yaml), its own file data/teacher_guide/NN_slug.yaml (a 45-minute plan, what to
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
from helpers.data.derived import item_label, item_works
from helpers.data.errors import DataError, Problem
from helpers.data.files import REPO, read_yaml
from helpers.teacher import answer_key
from helpers.teacher.timing import NOTEBOOKS, number, time_line, total_minutes
from helpers.text import escaped, works

GUIDES = data.DATA_DIR / "teacher_guide"
PERIOD = 45  # minutes the plan fills
PROMPT = re.compile(
    r"^(?:\*\*|###\s+)((?:Stop and think|Look closely|Source work)[^*\n]*?)(?:\*\*|\s*$)", re.M
)
SECTION = re.compile(r"^## (\d+)\.", re.M)
STYLE = answer_key.STYLE + (
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;text-align:left;"
    "vertical-align:top}.q{font-size:1.15em;border-left:6px solid #555;padding-left:.6em}"
    "section{page-break-inside:avoid}"
)


def prompts_in(notebook_id: str) -> list[tuple[str, str]]:
    """(section, label) of every "Stop and think", "Look closely" and "Source work" prompt."""
    nb = nbformat.read(NOTEBOOKS / f"{notebook_id}.ipynb", as_version=4)
    found, section = [], "intro"
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heading = SECTION.search(cell.source)
        if heading:
            section = heading.group(1)
        found += [(section, m.group(1).strip().rstrip(".")) for m in PROMPT.finditer(cell.source)]
    return found


def load(notebook_id: str) -> dict[str, Any]:
    """The teacher-guide file of one notebook, read as YAML (raises DataError if missing or broken)."""
    path = GUIDES / f"{notebook_id}.yaml"
    if not path.exists():
        raise DataError([Problem(f"data/teacher_guide/{path.name}", "file is missing")])
    doc, problems = read_yaml(path)
    if problems:
        raise DataError(problems)
    return doc


ITEM = re.compile(r"\[\[item:([a-z0-9_;]+)\]\]")


def with_items(text: object) -> str:
    """Guide text with each `[[item:id;id]]` replaced by what the fact-sheet items say of themselves:
    '(beyond the article: <works>; confidence: <labels>)', read from data/outside.csv, never typed."""
    outside, sources = data.load("outside"), data.load("sources")

    def shown(m: re.Match[str]) -> str:
        ids = [i for i in m.group(1).split(";") if i]
        conf = item_label(ids, outside)
        return (
            f"(beyond the article: {works(item_works(ids, outside), sources)}; confidence: {conf})"
        )

    return ITEM.sub(shown, str(text))


def esc(text: object) -> str:
    """HTML-escaped text, its outside items spelled out from data/outside.csv."""
    return escaped(with_items(text))


def plan_html(plan: list[dict[str, Any]]) -> str:
    """The minute-by-minute plan as a table with start and end minutes."""
    rows, start = [], 0
    for step in plan:
        end = start + step["minutes"]
        rows.append(f"<tr><td>{start}–{end}</td><td>{esc(step['activity'])}</td></tr>")
        start = end
    return (
        f"<table><thead><tr><th>Minutes</th><th>Activity</th></tr></thead>{''.join(rows)}</table>"
    )


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
    answers = {(p["section"], p["prompt"]): p["answer"] for p in guide["prompts"]}
    prompt_items = "".join(
        f"<li><strong>§{esc(section)} · {esc(label)}.</strong> "
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
        f"<p><strong>Declared time:</strong> {total_minutes(spec)} minutes ({esc(time_line(spec))}); "
        f"reading at {data.reading_wpm()} words a minute.</p>",
        f"<h2>Objectives</h2><ol>{objectives}</ol>",
        f"<h2>Plan for a {PERIOD}-minute period</h2>{plan_html(guide['plan'])}",
        "<h2>What to emphasise</h2><ul>"
        + "".join(f"<li>{esc(e)}</li>" for e in guide["emphasise"])
        + "</ul>",
        f"<h2>Expected answers to the notebook's prompts</h2><ol>{prompt_items}</ol>",
        f"<h2>Likely misconceptions</h2><ul>{misconceptions}</ul>",
    ]
    if guide.get("difficult_history"):
        parts.append(baku_1918_html())
    parts.append(f"<h2>Quiz answer key</h2><ol style='list-style:none;padding:0'>{key}</ol>")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>\n"
    )


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
        answer_key.write_index(out_dir, "Teacher guides", "Teacher guides", links, STYLE),
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the guides, print where; broken data prints its problems (exit 1)."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else REPO / "build" / "teacher-guide"
    try:
        data.ensure_valid()
        written = write_guides(out_dir)
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
