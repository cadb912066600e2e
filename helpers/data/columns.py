"""One home for column typing: a CSV file's cells read as the types its Table Schema fields declare.

The validator (tableschema.py) checks what `parse` reads (which cells hold a value of the field's type,
and those values) and the loader (data.read_table) builds its pandas columns from the same reading
(`Parsed.array`), so a cold load types each table once. `columns_of` keeps a file's columns with its
cells (files.csv_cells reads each content once), so the validator and the loader share them.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from helpers.data.files import CsvText, split_list, truth

DATE_FORMAT = "%Y-%m-%d"
NUMERALS = {
    "integer": re.compile(r"\s*[+-]?[0-9]+\s*"),
    "number": re.compile(r"\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*"),
}


def is_list(spec: dict[str, Any]) -> bool:
    """Whether a field holds `;`-separated lists (`x-list-of` ids or an `x-delimiter` text list)."""
    return bool(spec.get("x-list-of") or spec.get("x-delimiter"))


class Parsed:
    """One column of text cells as its field's type reads them (a plain class: a dataclass would be
    built at every cold import)."""

    __slots__ = ("kind", "listed", "readable", "split", "text", "values")

    def __init__(
        self,
        kind: str,
        text: np.ndarray,
        readable: np.ndarray,
        values: np.ndarray,
        listed: bool = False,
    ):
        self.kind = kind  # the field's type: string, integer, number, date or boolean
        self.text = text  # the cells as written (object array of str)
        self.readable = readable  # filled with a value of the field's type
        self.values = values  # typed values for checks (NaN, NaT or None where not readable)
        self.listed = listed  # a `;`-separated list field
        self.split: np.ndarray | None = None  # each cell's list, read once when first asked for

    def lists(self) -> np.ndarray:
        """Each cell split at `;` (an object array of lists; an empty cell is [])."""
        if self.split is None:
            self.split = np.empty(len(self.text), dtype=object)
            for i, cell in enumerate(self.text):
                self.split[i] = split_list(cell)
        return self.split

    def array(self) -> Any:
        """The column as a loaded table holds it (a new array each call; an empty cell is missing)."""
        if self.listed:
            out = np.empty(len(self.text), dtype=object)
            for i, items in enumerate(self.lists()):  # one by one: numpy never reads them as rows
                out[i] = list(items)
            return out
        if self.kind == "date":  # one resolution whatever the cells hold
            return self.values.astype("datetime64[us]")
        if self.kind == "integer":  # from the text: a float holds 53 bits of a number only
            pairs = zip(self.text, self.readable.tolist(), strict=True)
            return pd.array([int(t) if ok else None for t, ok in pairs], dtype=pd.Int64Dtype())
        if self.kind == "number":
            pairs = zip(self.values.tolist(), self.readable.tolist(), strict=True)
            return pd.array([v if ok else None for v, ok in pairs], dtype=pd.Float64Dtype())
        if self.kind == "boolean":
            return pd.array(self.values, dtype=pd.BooleanDtype())
        # dtype objects, not names: a name is looked up in pandas' registry each time
        return pd.array([c if c else None for c in self.text], dtype=pd.StringDtype())


def parse(spec: dict[str, Any], text: np.ndarray) -> Parsed:
    """A column of text cells read as its field's type (an unreadable cell is NaN, NaT or None)."""
    kind = spec.get("type", "string")
    listed = is_list(spec)
    filled = text != ""
    if kind == "date":  # 1918-02-30 is no date
        values = np.asarray(pd.to_datetime(text, format=DATE_FORMAT, errors="coerce"))
        return Parsed(kind, text, ~np.isnat(values), values, listed)
    if kind == "boolean":
        reads = truth(spec)
        readable = np.array([t in reads for t in text], dtype=bool)
        return Parsed(kind, text, readable, np.array([reads.get(t) for t in text], dtype=object))
    if kind in NUMERALS:
        numeral = NUMERALS[kind]
        ok = np.array([numeral.fullmatch(t) is not None for t in text], dtype=bool)
        values = np.array([float(t) if good else np.nan for t, good in zip(text, ok, strict=True)])
        return Parsed(kind, text, ok, values, listed)
    return Parsed(kind, text, filled, text, listed)


class Columns:
    """A CSV file's records as columns of text cells (blank records left out, each cut or padded to
    the schema's width), with their spreadsheet rows; each column typed once, when first asked for."""

    def __init__(self, text: CsvText, names: list[str]):
        width = len(names)
        records, rows = [], []
        for row, record in zip(text.rows, text.records, strict=True):
            if any(record):
                records.append(record if len(record) == width else (record + [""] * width)[:width])
                rows.append(row)
        grid = np.array(records, dtype=object).reshape(len(records), width)
        self.rows = np.array(rows, dtype=int)
        self.cells = {name: grid[:, i] for i, name in enumerate(names)}
        self.parsed: dict[tuple[Any, ...], Parsed] = {}

    def typed(self, spec: dict[str, Any]) -> Parsed:
        """One column read as its field declares (kept: the validator and the loader both ask)."""
        key = (
            spec["name"],
            spec.get("type", "string"),
            is_list(spec),
            repr(spec.get("trueValues")),
            repr(spec.get("falseValues")),
        )
        if key not in self.parsed:
            self.parsed[key] = parse(spec, self.cells[spec["name"]])
        return self.parsed[key]


def columns_of(text: CsvText, names: list[str]) -> Columns:
    """The columns of a read CSV under these names, built once per reading of the file."""
    key = tuple(names)
    if key not in text.columns:
        text.columns[key] = Columns(text, names)
    return text.columns[key]
