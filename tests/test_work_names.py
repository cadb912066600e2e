"""The validator's rule on outside works named by hand (helpers.data.work_names), over all the data and
on planted defects: every work's names are read from data/sources.csv, never typed here."""

from __future__ import annotations

import csv
from pathlib import Path

from helpers import data
from helpers.data import validate, work_names

DATA = data.DATA_DIR


def named_works() -> dict[str, tuple[str, str]]:
    """work id -> (one name a text may type for it, an item of data/outside.csv that names it)."""
    _, owners, _, naming = work_names.work_readers(DATA)
    found: dict[str, tuple[str, str]] = {}
    for name, works in owners.items():
        if len(works) == 1 and naming.get(works[0]):
            # a site's name is typed with its domain ('preslib.' -> 'preslib.az')
            found.setdefault(
                works[0], (name + "az" if name.endswith(".") else name, naming[works[0]][0])
            )
    return found


def test_no_work_is_named_by_hand_and_the_fact_sheet_keeps_its_words() -> None:
    """The shipped data passes, while the fact sheet's own text (exempt) does name works by hand."""
    assert [str(p) for p in work_names.problems(DATA)] == []
    pattern = work_names.work_readers(DATA)[0]
    assert data.load("outside")["text"].str.contains(pattern).sum() > 0


def test_every_work_typed_in_a_prose_column_is_named(copy: Path) -> None:
    """Each work's name planted in a table's prose column: an error naming file, row, column and the
    item to render it from; the same name beside markup that renders that work passes."""
    works = named_works()
    assert len(works) >= 10  # the standard works and the web pages the fact sheet names
    path = copy / "events.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("outside_note")
    for n, (name, item) in enumerate(works.values(), start=1):
        rows[n][column] = f"A count by {name} differs. Compare {name} [[works:{item}]]."
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    found = [str(p) for p in validate.problems(copy)]
    expected = [
        f"data/events.csv, row {n + 1}, column outside_note: names the work {work} by hand "
        f"({name.removesuffix('.az').rstrip('.')!r}): render it from data/outside.csv, [[works:"
        for n, (work, (name, _)) in enumerate(works.items(), start=1)
    ]
    assert len(found) == len(works), found
    assert all(f.startswith(e) for f, e in zip(sorted(found), sorted(expected), strict=True))


def test_a_work_typed_in_a_guide_is_named_by_line_and_key(copy: Path) -> None:
    """A teacher guide's answer that types a historian's name: file, line and key path."""
    name, _ = next(iter(named_works().values()))
    path = copy / "teacher_guide" / "05_baku_and_the_march_days.yaml"
    text = path.read_text(encoding="utf-8")
    key, line, value = next(
        (k, ln, v)
        for p, k, ln, v in work_names.hand_written(DATA)
        if p.name == path.name
        and p.parent.name == "teacher_guide"
        and k.endswith("answer")
        and text.count(v) == 1
        and "\n" not in v
    )
    path.write_text(text.replace(value, f"{value} {name} says so.", 1), encoding="utf-8")
    found = [str(p) for p in validate.problems(copy)]
    assert len(found) == 1 and found[0].startswith(
        f"data/teacher_guide/05_baku_and_the_march_days.yaml, line {line}, {key}: names the work"
    ), found
    assert "render it from data/outside.csv, [[works:" in found[0]
