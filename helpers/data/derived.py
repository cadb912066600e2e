"""Columns read from the sources, never typed: an outside note's label and works, an anchor's citation.

`add_derived` runs once when the tables are built: every table with `outside_items` gains
`outside_confidence` (the labels the fact sheet prints for those items, "not stated" for an item it
labels nowhere) and `outside_source` (the works it names for them); claims and people keep their
`confidence` name for the same label. Another column of items for one part of a row (events'
`place_items`, elections' `votes_alt_items`) gains `<part>_confidence` and `<part>_source` the same way. Every table with an `anchor` gains `citation_shown`: the groups
printed in the anchor's sentence, or "no citation of its own; the next printed is (…)".
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.data import article_citations as ac

NOT_STATED = "not stated"
ALIASES = {"claims": "confidence", "people": "confidence"}


def item_label(ids: list[str], outside: pd.DataFrame) -> str:
    """The labels of some items as the fact sheet prints them, each once, in order ('' for none)."""
    labels: list[str] = []
    for i in ids:
        label = outside.at[i, "label"] if i in outside.index else pd.NA
        label = NOT_STATED if pd.isna(label) or not str(label).strip() else str(label)
        if label not in labels:
            labels.append(label)
    return "; ".join(labels)


def item_works(ids: list[str], outside: pd.DataFrame) -> list[str]:
    """The works the fact sheet names for some items (source ids, each once)."""
    found: list[str] = []
    for i in ids:
        for work in outside.at[i, "works"] if i in outside.index else []:
            if work not in found:
                found.append(work)
    return found


def item_columns(table: pd.DataFrame) -> list[str]:
    """The columns of a table that hold ids of data/outside.csv (`outside_items`, `<part>_items`)."""
    return [c for c in table.columns if c == "outside_items" or c.endswith("_items")]


def citation_shown(anchor: Any, cited: Any) -> str:
    """What a reader is shown as a row's citation: computed from its anchor when it has one."""
    if isinstance(anchor, str) and anchor.strip():
        return ac.citation_shown(anchor)
    return f"({cited})" if isinstance(cited, str) and cited.strip() else ""


def add_derived(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with their derived columns added (in place, and returned)."""
    outside = tables.get("outside")
    for name, table in tables.items():
        for column in item_columns(table) if outside is not None else []:
            part = column.removesuffix("_items")
            ids = table[column]
            label = ids.map(lambda v: item_label(v, outside)).astype("string")
            table[f"{part}_confidence"] = label.replace("", pd.NA)
            table[f"{part}_source"] = ids.map(lambda v: item_works(v, outside))
        if outside is not None and "outside_items" in table.columns and name in ALIASES:
            table[ALIASES[name]] = table["outside_confidence"]
        if "anchor" in table.columns:
            shown = [
                citation_shown(a, c)
                for a, c in zip(table["anchor"], table["citation_printed"], strict=True)
            ]
            table["citation_shown"] = pd.array(shown, dtype="string")
    return tables
