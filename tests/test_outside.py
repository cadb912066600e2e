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
    r"|unconfirmed)(?=[\s:;).,]|$)"
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


def named_works(row: dict) -> tuple[list[str], list[str]]:
    """An item's works by author and year whose author (the id's first part: spirin_1987 -> spirin)
    its text prints, and those it does not (web sources are left out: a text cites them in words)."""
    given = row["works"]
    works = [w for w in (given.split(";") if isinstance(given, str) else list(given)) if w]
    works = [w for w in works if re.fullmatch(r"[a-z]+_\d{4}", w)]  # a book by author and year
    low = str(row["text"]).lower()
    named = [w for w in works if w.split("_")[0] in low]
    return named, [w for w in works if w not in named]


def test_an_item_that_names_its_works_names_every_one() -> None:
    """An item whose text gives its figures by author ("Spirin 1987: … 4.45%") credits no work it
    does not name: a chart reads its works, so 4.45% is Spirin's alone."""
    wrong = []
    items = data.load("outside")
    for outside_id, row in items.iterrows():
        named, unnamed = named_works({"text": row["text"], "works": row["works"]})
        if not named and not unnamed:
            continue
        if named and unnamed:
            wrong.append(f"{outside_id}: names {named}, credits {unnamed} too")
    assert not wrong, wrong
    assert named_works(items.loc["num_three_main_share"]) == (
        ["spirin_1987", "hovannisian_1967"],
        [],
    )  # the check reads the works as loaded
    planted = {"text": "Spirin 1987: Bolsheviks 4.45%", "works": "spirin_1987;hovannisian_1967"}
    assert named_works(planted) == (["spirin_1987"], ["hovannisian_1967"])


def test_our_own_arithmetic_is_a_note_shown_as_computed(tmp_path: Path) -> None:
    """The fact sheet's "(our own arithmetic)" is a note, not a label: its items keep an empty label
    (the check above reads none after their text) and are shown as computed; as a label it fails."""
    from helpers.data import markup

    outside = data.load("outside")
    computed = [i for i, t in outside["text"].items() if markup.COMPUTED_NOTE.search(t)]
    assert computed and outside.loc[computed, "label"].isna().all()
    for item in computed:
        assert markup.item_label([item], outside) == f"{markup.NOT_STATED}; {markup.COMPUTED}"
        shown = markup.render(f"[[label:{item}]]", outside, None)
        assert shown == f"confidence {markup.NOT_STATED}; {markup.COMPUTED}"
    sheet = flat(FACT_SHEET.read_text(encoding="utf-8"))
    tables = table_rows(FACT_SHEET.read_text(encoding="utf-8"))
    row = outside.loc[computed[0]].fillna("").to_dict()
    assert printed_label({**row, "label": "our own arithmetic"}, sheet, tables) == ""
    # and the validator refuses it as a label: the fact sheet's labels are the schema's only values
    import shutil

    from helpers.data import validate

    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    path = copy / "outside.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith(f"{computed[0]},"))
    assert lines[n].rstrip("\n").endswith('",,')
    lines[n] = lines[n].rstrip("\n")[:-1] + "our own arithmetic,\n"
    path.write_text("".join(lines), encoding="utf-8")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert f"row {n + 1}, column label: 'our own arithmetic' is not allowed" in found


def test_start_here_explains_every_label_the_items_carry() -> None:
    """Notebook 00's list of labels names each label data/outside.csv holds, and "computed here", and
    no label the fact sheet does not give."""
    import nbformat

    from helpers.data import markup

    nb = nbformat.read(REPO / "notebooks" / "00_start_here.ipynb", as_version=4)
    text = next(c.source for c in nb.cells if "*no work named*" in c.source)
    shown = set(re.findall(r"\*([a-z][a-z ,()]+)\*", text))
    labels = set(data.load("outside")["label"].dropna())
    assert labels | {markup.COMPUTED} <= shown, labels - shown
    assert "our own arithmetic" not in shown
