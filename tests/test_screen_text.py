"""No Python on screen (issue 28): the stored outputs of every notebook show no pandas repr (a Series'
"dtype:" or "Name:" footer), no snake_case column header or row label, and no bare number without
its label and unit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HEADER = re.compile(r"<th[^>]*>\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*</th>")
BARE_NUMBER = re.compile(r"\s*-?[\d.,]+\s*")


def outputs(path: Path):
    """(cell id, output) for every stored output of a notebook."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            yield cell["id"], output


def python_on_screen(output: dict) -> list[str]:
    """What an output shows that is Python rather than history."""
    data = output.get("data", {})
    html = "".join(data.get("text/html", ""))
    plain = "".join(data.get("text/plain", "")) + "".join(output.get("text", ""))
    found = [f"header {h}" for h in HEADER.findall(html)]
    if "text/html" not in data:  # a plain-text output is what the student sees
        found += [f"pandas repr: {m}" for m in ("dtype:", "Name: ") if m in plain]
        if BARE_NUMBER.fullmatch(plain):
            found.append(f"a bare number: {plain.strip()}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_python_on_screen(path: Path) -> None:
    bad = [f"{cell}: {what}" for cell, out in outputs(path) for what in python_on_screen(out)]
    assert not bad, f"{path.name}:\n" + "\n".join(bad)


def test_the_scan_finds_what_it_looks_for() -> None:
    """The scan flags a Series repr, a snake_case header and a bare number (so a pass means something)."""
    series = {"data": {"text/plain": "list_name\nMusavat  25.08\nName: votes, dtype: float64"}}
    table = {"data": {"text/html": "<table><tr><th>date_start</th></tr></table>", "text/plain": ""}}
    number = {"data": {"text/plain": "60176"}}
    assert all(python_on_screen(o) for o in (series, table, number))
    assert not python_on_screen({"data": {"text/plain": "36 seats: the article's seats"}})
