"""Check CSV tables against their Table Schema (the subset data/datapackage.yaml uses), column by column.

Types string, integer, number, date (YYYY-MM-DD, a real calendar day) and boolean (trueValues and
falseValues); constraints required, pattern, minimum, maximum, enum and unique; primaryKey; foreignKeys
(an empty `resource` is the table itself); our `x-list-of` (`;`-separated ids of other tables) and
`x-delimiter` (a `;`-separated text list) and `x-in-article` (each spelling occurs in data/article.txt,
curly and straight quotes alike). A schema using anything else is reported,
not skipped. Each cell gets at most one Problem: the first rule it breaks, in the order Frictionless
checks them. Frictionless stays the reference: tests/test_validate.py compares the cells both flag.

Each column is checked at once as a numpy array (the tables are small: pandas' per-call overhead would
cost more than the checks). The cells are typed by helpers.data.columns, the loader's typing too: what
is checked here is what data.load returns, read once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from helpers.data.columns import Columns, columns_of, parse
from helpers.data.errors import Problem
from helpers.data.files import CsvText
from helpers.data.text_search import spelling_in_article

TYPE_HINTS = {
    "date": "a valid date (expected YYYY-MM-DD, e.g. 1918-05-28)",
    "integer": "a whole number (expected digits only, e.g. 36)",
    "number": "a number (expected digits with a dot for decimals, e.g. 40.41)",
    "boolean": "true or false (expected true or false; TRUE, FALSE, 1 and 0 are read too)",
}
# the constraints each type supports, in the order they are checked (Frictionless's order)
CONSTRAINTS = {
    "string": ("required", "pattern", "enum", "unique"),
    "integer": ("required", "minimum", "maximum", "enum", "unique"),
    "number": ("required", "minimum", "maximum", "enum", "unique"),
    "date": ("required", "minimum", "maximum", "enum", "unique"),
    "boolean": ("required", "enum", "unique"),
}
SHAPE = (
    "this line has {} cells than the header: check for a stray quote or comma "
    "(a cell holding a comma must be in double quotes)"
)
BLANK = "this row is empty; delete it"
REQUIRED = "a value is required here (the cell is empty)"


@dataclass
class Table:
    """One CSV file as columns of text cells (blank rows left out), and what is found wrong in it."""

    name: str
    file: str  # as the teacher sees it, e.g. data/events.csv
    schema: dict[str, Any]
    rows: np.ndarray  # the spreadsheet row of each record (header = row 1)
    cells: dict[str, np.ndarray]  # column -> its text cells (object array of str)
    columns: Columns  # the same cells, typed (shared with the loader)
    problems: list[Problem] = field(default_factory=list)
    values: dict[str, np.ndarray] = field(default_factory=dict)  # typed (NaN/NaT/None if unread)
    readable: dict[str, np.ndarray] = field(default_factory=dict)  # filled and of the right type
    bad: dict[str, np.ndarray] = field(default_factory=dict)  # cells that have a Problem already

    @property
    def fields(self) -> list[dict[str, Any]]:
        """The schema's fields, in column order."""
        return self.schema["fields"]

    def flag(self, column: str, mask: np.ndarray, message: Callable[[str], str]) -> None:
        """One Problem for each masked cell of a column that has none yet."""
        mask = mask & ~self.bad[column]
        self.bad[column] |= mask
        for row, text in zip(self.rows[mask], self.cells[column][mask], strict=True):
            self.problems.append(Problem(self.file, message(text), int(row), column))

    def report(self, row: int, message: str, column: str | None = None) -> None:
        """One Problem in a row (or in one of its cells)."""
        self.problems.append(Problem(self.file, message, row, column))


def check_tables(
    resources: list[dict[str, Any]],
    texts: dict[str, CsvText],
    data_dir: Path,
    file_of: Callable[[Path], str],
) -> list[Problem]:
    """Every problem of the CSV tables, read by files.read_csv (their encoding and header are
    checked already)."""
    unsupported = [p for res in resources for p in schema_problems(res)]
    if unsupported:
        return unsupported
    tables = {
        res["name"]: text_table(res, texts[res["name"]], file_of(Path(data_dir) / res["path"]))
        for res in resources
    }
    for table in tables.values():
        for spec in table.fields:
            check_column(table, spec)
    article = None
    for table in tables.values():
        check_keys(table, tables)
        for spec in table.fields:
            if spec.get("x-list-of"):
                check_list(table, spec, tables)
            if spec.get("x-in-article"):
                if article is None:
                    article = (Path(data_dir) / "article.txt").read_text(encoding="utf-8")
                check_in_article(table, spec, article)
    out: list[Problem] = []
    for table in tables.values():
        order = {spec["name"]: i for i, spec in enumerate(table.fields)}
        out += sorted(table.problems, key=lambda p: (p.row or 0, order.get(p.column, len(order))))
    return out


def schema_problems(res: dict[str, Any]) -> list[Problem]:
    """What this checker cannot check in a resource's schema (so nothing is skipped silently)."""
    where = f"resources: {res['name']}"
    found = []
    schema = res.get("schema") or {}
    if schema.get("missingValues", [""]) != [""]:
        found.append(f"{where}: missingValues other than ['']")
    for spec in schema.get("fields") or []:
        kind = spec.get("type", "string")
        if kind not in CONSTRAINTS:
            found.append(f"{where}, field {spec['name']}: type {kind!r}")
            continue
        if spec.get("format", "default") != "default":
            found.append(f"{where}, field {spec['name']}: format {spec['format']!r}")
        for rule in spec.get("constraints") or {}:
            if rule not in CONSTRAINTS[kind]:
                found.append(f"{where}, field {spec['name']}: constraint {rule!r} on a {kind}")
    note = "is not supported by helpers/data/tableschema.py; use the types and constraints it lists"
    return [Problem("data/datapackage.yaml", f"{what} {note}") for what in found]


def text_table(res: dict[str, Any], text: CsvText, file: str) -> Table:
    """A read CSV as a Table; blank rows and lines with more or fewer cells than the header are
    reported (a line the csv module could not split is reported by read_csv)."""
    names = [spec["name"] for spec in res["schema"]["fields"]]
    problems: list[Problem] = []
    for row, record in zip(text.rows, text.records, strict=True):
        if not any(record):
            problems.append(Problem(file, BLANK, row))
        elif len(record) != len(names):
            more = "more" if len(record) > len(names) else "fewer"
            problems.append(Problem(file, SHAPE.format(more), row))
    problems += [p for p in text.problems if not text.unreadable]
    columns = columns_of(text, names)
    table = Table(res["name"], file, res["schema"], columns.rows, columns.cells, columns, problems)
    table.bad = {name: np.zeros(len(columns.rows), dtype=bool) for name in names}
    return table


def check_column(table: Table, spec: dict[str, Any]) -> None:
    """Type, then required, pattern, minimum, maximum and enum: one Problem per bad cell."""
    name, kind = spec["name"], spec.get("type", "string")
    text = table.cells[name]
    typed = table.columns.typed(spec)
    readable, values = typed.readable, typed.values
    table.values[name], table.readable[name] = values, readable
    hint = TYPE_HINTS.get(kind, f"a {kind}")
    table.flag(name, (text != "") & ~readable, lambda cell: f"{cell!r} is not {hint}")
    rules = spec.get("constraints") or {}
    for rule in CONSTRAINTS[kind]:
        if rule not in rules or rule == "unique":  # unique: with the keys, once all are read
            continue
        limit = rules[rule]
        if rule == "required":
            if limit:
                table.flag(name, text == "", lambda _: REQUIRED)
            continue
        if rule == "pattern":
            pattern = re.compile(limit)
            fits = np.array([pattern.fullmatch(t) is not None for t in text], dtype=bool)
        elif rule == "enum":
            allowed = set(parse(spec, np.array([str(v) for v in limit], dtype=object)).values)
            fits = np.array([v in allowed for v in values], dtype=bool)
        else:
            bound = parse(spec, np.array([str(limit)], dtype=object)).values[0]
            fits = values >= bound if rule == "minimum" else values <= bound
        table.flag(name, readable & ~fits, broken_rule(rule, limit))


def broken_rule(rule: str, limit: Any) -> Callable[[str], str]:
    """The message for a cell that breaks a pattern, minimum, maximum or enum rule."""
    if rule == "enum":
        allowed = ", ".join(str(v) for v in limit)
        return lambda cell: f"{cell!r} is not allowed; use one of: {allowed}"
    return lambda cell: f'{cell!r} breaks the rule constraint "{rule}" is "{limit}"'


def as_list(names: str | list[str]) -> list[str]:
    """A field name or a list of them, as a list."""
    return [names] if isinstance(names, str) else list(names)


def key_values(table: Table, names: list[str]) -> tuple[np.ndarray, list[Hashable]]:
    """Which rows have a readable key in these columns, and those keys (tuples for several)."""
    present = np.logical_and.reduce([table.readable[n] for n in names])
    columns = [table.values[n][present].tolist() for n in names]
    keys = columns[0] if len(names) == 1 else list(zip(*columns, strict=True))
    return present, keys


def check_keys(table: Table, tables: dict[str, Table]) -> None:
    """Primary key and unique columns hold each value once; foreign keys name existing keys."""
    key = table.schema.get("primaryKey")
    groups = [as_list(key)] if key else []
    groups += [[s["name"]] for s in table.fields if (s.get("constraints") or {}).get("unique")]
    repeated: set[int] = set()
    for names in groups:
        present, keys = key_values(table, names)
        last: dict[Hashable, int] = {}
        for row, value in zip(table.rows[present].tolist(), keys, strict=True):
            if value in last and row not in repeated:
                repeated.add(row)
                table.report(
                    row,
                    "duplicate id: this row repeats an id already used "
                    f"(first used in row {last[value]})",
                    ", ".join(names),
                )
            last[value] = row
    for fk in table.schema.get("foreignKeys") or []:
        ref = fk["reference"]
        target = tables[ref["resource"]] if ref["resource"] else table  # "": the table itself
        check_foreign_key(table, as_list(fk["fields"]), target, as_list(ref["fields"]))


def check_foreign_key(table: Table, names: list[str], target: Table, ref_names: list[str]) -> None:
    """Every readable key must be a key of the referenced table (reported in its first column)."""
    known = set(key_values(target, ref_names)[1])
    present, keys = key_values(table, names)
    missing = present.copy()
    missing[present] = [k not in known for k in keys]
    where = f"data/{Path(target.file).name}"
    table.flag(names[0], missing, lambda cell: f"{cell!r} is not an id in {where}")


def check_list(table: Table, spec: dict[str, Any], tables: dict[str, Table]) -> None:
    """`x-list-of`: every `;`-separated id must be a key of one of the named tables."""
    targets = [tables[name] for name in spec["x-list-of"]]
    known = {k for t in targets for k in key_values(t, as_list(t.schema["primaryKey"]))[1]}
    where = " or ".join(f"data/{Path(t.file).name}" for t in targets)
    column = spec["name"]
    lists = table.columns.typed(spec).lists()
    for row, items, bad in zip(table.rows, lists, table.bad[column], strict=True):
        if bad:
            continue
        for item in dict.fromkeys(items):
            if item not in known:
                table.report(int(row), f"{item!r} is not an id in {where}", column)


LOST_LETTER = (
    " (a '?' or '\ufffd' is often a letter such as Ş or ə lost when the file was saved in another "
    "encoding: save it as 'CSV UTF-8')"
)


def check_in_article(table: Table, spec: dict[str, Any], article: str) -> None:
    """`x-in-article`: every spelling (`;`-separated with x-delimiter) occurs in the article text."""
    column = spec["name"]
    typed = table.columns.typed(spec)
    lists = typed.lists() if spec.get("x-delimiter") else None
    for i, (row, text, bad) in enumerate(
        zip(table.rows, table.cells[column], table.bad[column], strict=True)
    ):
        if bad or not text:
            continue
        items = lists[i] if lists is not None else [text]
        for item in items:
            if not spelling_in_article(item, article):
                lost = LOST_LETTER if "?" in item or "\ufffd" in item else ""
                table.report(
                    int(row),
                    f"{item!r} does not occur in the article: copy the article's spelling "
                    f"exactly{lost}",
                    column,
                )
