"""Columns read from the sources, never typed: an outside note's label and works, an anchor's citation.

`add_derived` runs once when the tables are built: every table with `outside_items` gains
`outside_confidence` (the labels the fact sheet prints for those items, "not stated" for an item it
labels nowhere) and `outside_source` (the works it names for them); claims and people keep their
`confidence` name for the same label. Another column of items for one part of a row (events'
`place_items`, elections' `votes_alt_items`) gains `<part>_confidence` and `<part>_source` the same way,
and `<part>_works`, those works by their labels as a reader sees them (so a view needs no sources). Every table with an `anchor` gains `citation_shown`: the groups
printed in the anchor's sentence, or "no citation of its own; the next printed is (…)". The prose
columns a schema marks `x-markup: true` are rendered (helpers.data.markup): a cell stores
`[[cite:…]]`, `[[item:…]]`, `[[label:…]]`, `[[works:…]]`, and the table holds what they show.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers.data import article_citations as ac
from helpers.data import markup
from helpers.data.markup import NOT_STATED, item_label, item_works

__all__ = ["NOT_STATED", "add_derived", "item_label", "item_works"]

ALIASES = {"claims": "confidence", "people": "confidence"}


def item_columns(table: pd.DataFrame) -> list[str]:
    """The columns of a table that hold ids of data/outside.csv (`outside_items`, `<part>_items`)."""
    return [c for c in table.columns if c == "outside_items" or c.endswith("_items")]


def citation_shown(anchor: Any, cited: Any) -> str:
    """What a reader is shown as a row's citation: computed from its anchor when it has one."""
    if isinstance(anchor, str) and anchor.strip():
        return ac.citation_shown(anchor)
    return f"({cited})" if isinstance(cited, str) and cited.strip() else ""


def render_prose(
    table: pd.DataFrame,
    columns: list[str],
    tables: dict[str, pd.DataFrame],
    items: markup.Items | None = None,
) -> None:
    """The markup of a table's prose columns rendered in place (`[[cite:…]]`, `[[item:…]]`, …): what a
    reader sees is computed from the article and data/outside.csv, never typed in the cell (`items`:
    the outside table's item_cells, when the caller has read them)."""
    outside, sources = tables.get("outside"), tables.get("sources")
    if items is None and outside is not None:
        items = markup.read_items(outside)
    for column in columns:
        cells = table[column].tolist()
        if not any(isinstance(v, str) and "[[" in v for v in cells):
            continue
        shown = [
            markup.render(v, items, sources) if isinstance(v, str) and "[[" in v else v
            for v in cells
        ]
        table[column] = pd.array([None if v is pd.NA else v for v in shown], dtype=pd.StringDtype())


def add_derived(
    tables: dict[str, pd.DataFrame], prose: dict[str, list[str]] | None = None
) -> dict[str, pd.DataFrame]:
    """The tables with their derived columns added and their prose columns' markup rendered (`prose`:
    table -> its `x-markup` columns), in place, and returned."""
    outside, sources = tables.get("outside"), tables.get("sources")
    items = None  # outside's item_cells, read once for every table (again if its own prose changes)
    for name, columns in (prose or {}).items():
        if name in tables:
            if items is None and outside is not None:
                items = markup.read_items(outside)
            render_prose(tables[name], columns, tables, items)
            if name == "outside":
                items = None
    if items is None and outside is not None:
        items = markup.read_items(outside)
    cells = items if items is not None else {}
    for name, table in tables.items():
        for column in item_columns(table) if outside is not None else []:
            part = column.removesuffix("_items")
            ids = table[column].tolist()
            labels = [item_label(v, cells) for v in ids]
            table[f"{part}_confidence"] = pd.array(
                [v or None for v in labels], dtype=pd.StringDtype()
            )
            works = np.empty(len(ids), dtype=object)  # a list a row
            for i, v in enumerate(ids):
                works[i] = item_works(v, cells)
            table[f"{part}_source"] = works
            # the works as a reader sees them, so a view needs no sources table of its own
            table[f"{part}_works"] = pd.array(
                [
                    markup.works(w, sources) if len(v) else None
                    for v, w in zip(ids, works, strict=True)
                ],
                dtype=pd.StringDtype(),
            )
        if outside is not None and "outside_items" in table.columns and name in ALIASES:
            table[ALIASES[name]] = table["outside_confidence"]
        if "anchor" in table.columns:
            shown = [
                citation_shown(a, c)
                for a, c in zip(
                    table["anchor"].tolist(), table["citation_printed"].tolist(), strict=True
                )  # lists: iterating a string column reads its cells one pandas call at a time
            ]
            table["citation_shown"] = pd.array(shown, dtype=pd.StringDtype())
    return tables
