"""Write printable HTML answer keys for teachers into build/answer-key/ (gitignored), one per quiz.

`make answer-key` runs it; `python -m helpers.teacher.answer_key [OUT_DIR]` writes elsewhere. The keys never go
into a notebook: students see answers only after they answer, or in teacher mode.
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import data, quiz
from helpers.data.errors import DataError
from helpers.data.files import REPO, read_yaml
from helpers.data.quiz_bank import Quiz
from helpers.quiz.grading import NO_CITATION, NO_ITEM_CITATION
from helpers.quiz.widget import outside_confidence, outside_works
from helpers.teacher.page import printable_page, write_pages
from helpers.text import escaped

TYPE_NAMES = {
    "single": "single choice",
    "multiple": "multiple choice",
    "order": "put in order",
    "numeric": "number",
    "date": "date",
    "source": "source reasoning",
    "written": "written answer (self-assessed against the model answer and rubric)",
}


def question_html(n: int, q: quiz.Question) -> str:
    """One question of the key: prompt, choices with the right ones marked, answer, explanation."""
    fb = quiz.key_feedback(q)
    parts = [f"<p><strong>{n}. {escaped(q.prompt)}</strong></p>"]
    parts.append(
        f'<p class="meta">{escaped(q.id)} · {TYPE_NAMES[q.type]} · skill {escaped(q.skill)} · '
        f"objective {escaped(q.objective)}</p>"
    )
    for s in q.sources:
        parts.append(
            f"<blockquote><em>{escaped(s['label'])}:</em> {escaped(s['text'])}</blockquote>"
        )
    if q.choices and q.type != "order":
        right = set(q.answer) if q.type == "multiple" else {q.answer}
        items = "".join(
            # no letter: each student sees the options in an order (and letters) of their own
            f"<li{' class=right' if c.id in right else ''}>{'✓ ' if c.id in right else ''}"
            f"{escaped(c.text)}"
            + (f"<br><small>{escaped(c.feedback)}</small>" if c.feedback else "")
            + "</li>"
            for c in q.choices
        )
        parts.append(f"<ul>{items}</ul>")
    if fb.steps:
        items = "".join(
            f"<li><span class=right>{escaped(text)}</span> “{escaped(words)}” "
            f"{escaped(cite) if cite else NO_ITEM_CITATION}</li>"
            for text, words, cite in fb.steps
        )
        parts.append(
            f"<p><em>Answer, each item with the article's words and citation:</em></p><ol>{items}</ol>"
        )
    elif q.type != "written":
        parts.append(f"<p><em>Answer:</em> <span class=right>{escaped(fb.answer)}</span></p>")
    if fb.model_answer:
        parts.append(f"<p><em>Model answer:</em> {escaped(fb.model_answer)}</p>")
    if q.rubric:
        points = "".join(f"<li>{escaped(r)}</li>" for r in q.rubric)
        parts.append(
            f"<p><em>Rubric (the student ticks each point made):</em></p><ul>{points}</ul>"
        )
    if q.type == "numeric" and q.tempting:
        wrong = "".join(f"<li>{t.value:g}: {escaped(t.feedback)}</li>" for t in q.tempting)
        parts.append(f"<p><em>Tempting wrong answers:</em></p><ul>{wrong}</ul>")
    parts.append(f"<p>{escaped(fb.explanation)}</p>")
    cite = escaped(fb.cited) if fb.cited else NO_CITATION
    if fb.evidence:
        parts.append(f"<p><em>The article says:</em> “{escaped(fb.evidence)}” {cite}</p>")
    elif fb.steps:
        parts.append(f"<p><em>Citation of the item the explanation turns on:</em> {cite}</p>")
    else:
        parts.append(f"<p><em>Citation:</em> {cite}</p>")
    if fb.outside:
        parts.append(
            f'<p class="outside"><em>Beyond the article ({escaped(outside_confidence(fb.outside))}):</em> '
            f"{escaped(fb.outside['note'])} <em>Source:</em> {escaped(outside_works(fb.outside))}</p>"
        )
    return f'<li class="q">{"".join(parts)}</li>'


def key_html(bank: Quiz) -> str:
    """A whole printable answer key for one quiz."""
    items = "".join(question_html(n, q) for n, q in enumerate(bank.questions, start=1))
    title = f"Answer key: {bank.title}"
    body = (
        f"<h1>{escaped(title)}</h1>"
        f'<p class="meta">For teachers. Notebook {escaped(bank.notebook)}; '
        f"{len(bank.questions)} questions.</p><ol style='list-style:none;padding:0'>{items}</ol>"
    )
    return printable_page("answer-key", title, body)


def notebook_ids() -> list[str]:
    """Every notebook id of data/notebooks.yaml, in order."""
    spec, problems = read_yaml(Path(data.DATA_DIR) / "notebooks.yaml")
    if problems:
        raise DataError(problems)
    return [nb["id"] for nb in spec["notebooks"]]


def write_keys(out_dir: Path) -> list[Path]:
    """Write one key per quiz plus an index page; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written, links = [], []
    for notebook in notebook_ids():
        bank = quiz.load(notebook)
        path = out_dir / f"{notebook}.html"
        path.write_text(key_html(bank), encoding="utf-8")
        written.append(path)
        links.append(f'<li><a href="{escaped(path.name)}">{escaped(bank.title)}</a></li>')
    return [*written, write_index(out_dir, "Answer keys", "Answer keys (for teachers)", links)]


def write_index(
    out_dir: Path, title: str, heading: str, links: list[str], kind: str = "answer-key"
) -> Path:
    """An index.html page listing the pages written (each link an `<li>` of HTML already escaped)."""
    index = out_dir / "index.html"
    body = f"<h1>{escaped(heading)}</h1><ul>{''.join(links)}</ul>"
    index.write_text(printable_page(kind, title, body), encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    """Command line: write the keys, print where; a broken bank prints its problems (exit 1)."""
    return write_pages(write_keys, REPO / "build" / "answer-key", argv)


if __name__ == "__main__":
    sys.exit(main())
