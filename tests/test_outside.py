"""data/outside.csv against the fact sheet it transcribes: every item's text and label as printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import data

REPO = Path(__file__).resolve().parent.parent
# beside the repo (REPO.parent / "shared"); a worktree under wt/ looks one folder further up
CANDIDATES = [
    up / "shared" / "history" / "fact_sheet.md" for up in (REPO.parent, REPO.parent.parent)
]
FACT_SHEET = next((p for p in CANDIDATES if p.exists()), CANDIDATES[0])
# what the fact sheet prints as a confidence label (its own three, and the variants it writes out)
LABEL = re.compile(
    r"(sourced, thinly|sourced \(partly\)|sourced|standard|unconfirmed by scholarly sources"
    r"|unconfirmed|our own arithmetic)(?=[\s:;).,]|$)"
)

pytestmark = pytest.mark.skipif(
    not FACT_SHEET.exists(), reason="the fact sheet is not beside the repo"
)


def flat(value: str) -> str:
    """Markdown emphasis dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", value.replace("*", "")).strip()


def table_rows(sheet: str) -> dict[str, list[str]]:
    """Every markdown table row of the sheet: its first cells joined (as outside.csv holds them) -> cells."""
    rows = {}
    for line in sheet.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in flat(line).strip("|").split("|")]
            rows[" | ".join(cells).strip()] = cells
            rows[" | ".join(cells[:-1]).strip()] = cells
    return rows


def printed_label(row: dict, sheet: str, tables: dict[str, list[str]]) -> str:
    """The label the fact sheet prints for an item: a table's last cell, or what follows its text."""
    if row["section"].startswith("1. Calendars: every date"):
        found = LABEL.match(tables[row["text"]][-1])
        return found.group(1) if found else ""
    if row["text"] in tables:  # the names table: no label column
        return ""
    after = sheet.split(row["text"], 1)[1]
    found = re.match(r"[\s.:]*\(?\s*" + LABEL.pattern, after)
    return found.group(1) if found else ""


def test_every_item_is_printed_with_its_label() -> None:
    """Each row's text stands in the fact sheet and its label is the one printed right after it."""
    sheet = flat(FACT_SHEET.read_text(encoding="utf-8"))
    tables = table_rows(FACT_SHEET.read_text(encoding="utf-8"))
    wrong = []
    for row in data.load("outside").fillna("").to_dict("records"):
        if row["text"] not in tables and row["text"] not in sheet:
            wrong.append(f"{row['outside_id']}: text not printed in the fact sheet")
        elif printed_label(row, sheet, tables) != row["label"]:
            wrong.append(
                f"{row['outside_id']}: label {row['label']!r}, fact sheet prints "
                f"{printed_label(row, sheet, tables)!r}"
            )
    assert not wrong, wrong


def test_every_date_row_of_the_fact_sheet_is_an_item() -> None:
    """No row of the date and name tables is left out."""
    text = FACT_SHEET.read_text(encoding="utf-8")
    printed = {k for k, cells in table_rows(text).items() if k == " | ".join(cells[:-1]).strip()}
    items = set(data.load("outside")["text"])
    heads = {
        "printed | event | style | other | mainstream / note",
        "as printed | standard English | who / what",
    }
    missing = [
        p
        for p in printed
        if p not in heads
        and p not in items
        and (p + " | " + table_rows(text)[p][-1]).strip() not in items
    ]
    assert not missing, missing


def test_the_check_fails_on_a_planted_label() -> None:
    """A label the fact sheet does not give (Rex Wade's estimate called 'sourced') is caught."""
    sheet = flat(FACT_SHEET.read_text(encoding="utf-8"))
    tables = table_rows(FACT_SHEET.read_text(encoding="utf-8"))
    row = data.load("outside").loc["num_red_guards"].fillna("").to_dict()
    assert printed_label(row, sheet, tables) == ""
    assert printed_label({**row, "label": "sourced"}, sheet, tables) != "sourced"
