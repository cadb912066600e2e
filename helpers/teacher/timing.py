"""How long a lesson takes to read: the words students read in each section of a stored notebook.

Counted: the markdown of every teaching cell and the text outputs students must read (HTML boxes such
as the ledger and the article's own words, tables, printed numbers, figure descriptions). Not counted:
the generated boilerplate (title, set-up, quiz, navigation), code, figures and widgets, whose time is
declared as task minutes. `python -m helpers.teacher.timing` prints the table for every notebook.
"""

from __future__ import annotations

import html
import math
import re
import sys
from typing import Any

import nbformat

from helpers import data

SECTION = re.compile(r"^## (\d+)\.", re.M)
TAG = re.compile(r"<(style|script)[^>]*>.*?</\1>|<[^>]+>", re.S)
SKIPPED = ("application/vnd.jupyter.widget-view+json", "application/vnd.plotly.v1+json")
PERIOD = 50  # minutes: one lesson
NOTEBOOKS = data.REPO / "notebooks"


def number(spec: dict[str, Any]) -> str:
    """'01_revolution_in_russia' -> '01'."""
    return spec["id"].split("_", 1)[0]


def total_minutes(spec: dict[str, Any]) -> int:
    """The minutes a notebook declares: its sections' and its quiz's."""
    return sum(spec["minutes"].values())


def time_line(spec: dict[str, Any]) -> str:
    """'intro 3, §1 5, …, quiz 8 minutes' from the declared minutes."""
    names = {"intro": "introduction", "summary": "summary", "quiz": "quiz"}
    parts = [f"{names.get(k, '§' + k)} {m}" for k, m in spec["minutes"].items()]
    return ", ".join(parts) + " minutes"


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


JIGSAW = re.compile(r'<details class="jigsaw-part">(.*?)</details>', re.S)


def read_words(text: str) -> int:
    """Words one student reads in an output: of a jigsaw (parts that groups share out) only the
    longest part, since each student reads one part and hears the others reported."""
    parts = JIGSAW.findall(text)
    if not parts:
        return words(text)
    return words(JIGSAW.sub(" ", text)) + max(words(p) for p in parts)


def section_words(notebook_id: str) -> dict[str, int]:
    """Words students read in each section ('intro', '1', '2', …, 'summary') of a stored notebook."""
    nb = nbformat.read(NOTEBOOKS / f"{notebook_id}.ipynb", as_version=4)
    counts: dict[str, int] = {}
    section = "intro"
    for cell in nb.cells:
        if cell.metadata.get("boilerplate"):
            continue
        if cell.cell_type == "markdown":
            heading = SECTION.match(cell.source)
            if heading:
                section = heading.group(1)
            elif cell.source.startswith("## Summary"):
                section = "summary"
            counts[section] = counts.get(section, 0) + words(cell.source)
        else:
            counts.setdefault(section, 0)
            counts[section] += sum(read_words(output_text(o)) for o in cell.get("outputs", []))
    return counts


def reading_minutes(n_words: int, wpm: int | None = None) -> int:
    """Whole minutes to read n words at the declared rate (rounded up)."""
    return math.ceil(n_words / (wpm or data.reading_wpm()))


def report() -> str:
    """A table of every notebook: words, reading minutes and declared minutes per section."""
    lines = []
    wpm = data.reading_wpm()
    for spec in data.notebook_spec():
        counted = section_words(spec["id"])
        declared = spec["minutes"]
        total = sum(declared.values())
        lines.append(f"{spec['id']}: declared {total} min (reading at {wpm} words a minute)")
        for key in [*counted, *(k for k in declared if k not in counted)]:
            n = counted.get(key, 0)
            lines.append(
                f"  {key:>8}: {n:5d} words = {reading_minutes(n, wpm):2d} min read; "
                f"declared {declared.get(key, '-')}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
    sys.exit(0)
