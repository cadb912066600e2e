"""Markup in hand-written text (quiz banks, teacher guides, notebook markdown, the tables' prose columns):
what it shows is read from the sources, never typed.

`[[cite:phrase]]` the citation shown for a phrase of one sentence of the article; `[[group:phrase]]` the
group that sentence prints, bare ('4, p.89'); `[[item:id;id]]` an outside note's works and label;
`[[label:id;id]]` the label alone; `[[works:id;id]]` the works alone. The tables' prose columns
(`x-markup: true` in data/datapackage.yaml) are rendered once, when the tables are built
(helpers.data.derived); helpers.text.with_sources renders any other text with the loaded tables.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from helpers.data import article_citations as ac

MARKUP = re.compile(r"\[\[(cite|group|item|label|works):([^\]]+)\]\]")
MARKUP_KINDS = ("cite", "group", "item", "label", "works")
# the project's vetting file: it names works, it is not one, so a reader never sees it as a source
VETTING_FILE = "fact_sheet"
NO_WORK = "no work named"  # what a reader sees for an item the fact sheet names no work for
NOT_STATED = "not stated"  # the label of an item the fact sheet labels nowhere
# the fact sheet's note (not a label) on an item that is its own arithmetic, as its text prints it
COMPUTED_NOTE = re.compile(r"\(our own arithmetic\b")
COMPUTED = "computed here"  # what a reader sees beside the label of such an item
ITEM_SHOWN = "(beyond the article: "  # how an [[item:…]] markup starts when rendered


# an outside item's id -> (its label, its works, whether its text carries the fact sheet's note
# "(our own arithmetic")
Items = dict[str, tuple[Any, list[str], bool]]


def per_frame(kept: dict[int, tuple[pd.DataFrame, Any]], frame: pd.DataFrame, build: Any) -> Any:
    """build(frame), made once per table object (data.load gives every caller the same one, not to be
    changed): a quiz bank's markup looks up the same table dozens of times, and reading a pandas
    column cell by cell costs a Python call a cell. The last few tables are kept."""
    found = kept.get(id(frame))
    if found is None or found[0] is not frame:
        if len(kept) >= 8:
            kept.clear()
        found = kept[id(frame)] = (frame, build(frame))
    return found[1]


def item_cells(outside: pd.DataFrame) -> Items:
    """id -> (label, works, computed) of data/outside.csv's rows, read once for many look-ups (a cell
    read with pandas' .at costs microseconds; a table's every row looks up its items). Kept per
    table object (per_frame): not to be changed."""
    return per_frame(_ITEMS, outside, read_items)


def read_items(outside: pd.DataFrame) -> Items:
    """item_cells, read from the table."""
    computed = [bool(COMPUTED_NOTE.search(cell(t))) for t in outside["text"].tolist()]
    rows = zip(outside["label"].tolist(), outside["works"].tolist(), computed, strict=True)
    return dict(zip(outside.index.tolist(), rows, strict=True))


def source_labels(sources: pd.DataFrame) -> dict[Any, Any]:
    """source id -> its label, from the sources table (kept per table object: per_frame)."""
    return per_frame(
        _LABELS,
        sources,
        lambda t: dict(zip(t["source_id"].tolist(), t["label"].tolist(), strict=True)),
    )


_ITEMS: dict[int, tuple[pd.DataFrame, Items]] = {}
_LABELS: dict[int, tuple[pd.DataFrame, dict[Any, Any]]] = {}


def item_label(ids: list[str], outside: pd.DataFrame | Items) -> str:
    """The labels of some items as the fact sheet prints them, each once, in order ('' for none);
    an item whose text carries the fact sheet's note "(our own arithmetic" adds "computed here".
    `outside` is the outside table or its item_cells."""
    cells = outside if isinstance(outside, dict) else item_cells(outside)
    labels: list[str] = []
    for i in ids:
        label = cells[i][0] if i in cells else pd.NA
        if type(label) is not str:  # a missing label (pd.isna asked only here: slow on text)
            label = NOT_STATED if pd.isna(label) or not str(label).strip() else str(label)
        elif not label.strip():
            label = NOT_STATED
        if i in cells and cells[i][2]:
            label = f"{label}; {COMPUTED}"
        for part in label.split("; "):  # "not stated" once, even beside "not stated; computed here"
            if part not in labels:
                labels.append(part)
    return "; ".join(labels)


def item_works(ids: list[str], outside: pd.DataFrame | Items) -> list[str]:
    """The works the fact sheet names for some items (source ids, each once); `outside` is the
    outside table or its item_cells."""
    cells = outside if isinstance(outside, dict) else item_cells(outside)
    found: list[str] = []
    for i in ids:
        for work in cells[i][1] if i in cells else []:
            if work not in found:
                found.append(work)
    return found


def cell(value: Any) -> str:
    """A cell as text: '' for a missing value."""
    if type(value) is str:  # the common case, before pd.isna (slow on text, and never true)
        return value.strip()
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value if cell(v))
    if value is None or pd.isna(value):
        return ""
    return str(value).strip()


def ids_of(value: Any) -> list[str]:
    """The items of a list cell (or of a '; '-separated text cell); [] when empty."""
    if isinstance(value, list | tuple):
        return [cell(v) for v in value if cell(v)]
    return [part.strip() for part in cell(value).split(";") if part.strip()]


QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'"}  # opening -> closing mark of a quoted title


def quoted_spans(label: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted title in a label, marks included; an apostrophe inside a word
    (D'Hondt) opens nothing, and a mark left open runs to the end."""
    spans, i = [], 0
    while i < len(label):
        mark = label[i]
        opens = mark in QUOTES and (mark != "'" or i == 0 or not label[i - 1].isalnum())
        if not opens:
            i += 1
            continue
        close = label.find(QUOTES[mark], i + 1)
        end = len(label) if close < 0 else close + 1
        spans.append((i, end))
        i = end
    return spans


def short_source(label: str, limit: int = 90) -> str:
    """A source label short enough for a legend: a long one loses its bracketed detail, never a word
    and never a quoted title or part of one (a label that cannot be cut so is kept whole)."""
    if len(label) <= limit:
        return label
    spans = quoted_spans(label)

    def outside(at: int) -> bool:
        return not any(start < at < end for start, end in spans)

    def keeps_titles(cut: int) -> bool:  # every quoted title ends before the cut
        return all(end <= cut for _, end in spans)

    brackets = [i for i in range(len(label)) if label.startswith(" (", i) and outside(i)]
    if brackets and brackets[0] <= limit:  # the bracketed detail goes whole, titles in it too
        return label[: brackets[0]]
    spaces = [i for i in range(1, limit + 1) if label[i] == " " and outside(i)]
    if spaces and keeps_titles(spaces[-1]):
        return label[: spaces[-1]] + "…"
    return label


def source_names(value: Any, sources: pd.DataFrame | None = None) -> str:
    """Source ids (a list or '; ' text) as the sources table's labels, when it is given."""
    ids = value if isinstance(value, list | tuple) else cell(value).split(";")
    labels = source_labels(sources) if sources is not None else {}
    names = (cell(labels.get(i.strip(), i.strip())) for i in ids if cell(i))
    return "; ".join(short_source(n) for n in names)


def works(value: Any, sources: pd.DataFrame | None, confidence: Any = None) -> str:
    """The works behind an outside statement, by their labels, never the vetting file itself
    ("no work named" when the fact sheet names none; `confidence` is kept for callers)."""
    found = [i for i in ids_of(value) if i != VETTING_FILE]
    return source_names(found, sources) if found else NO_WORK


def shown(
    kind: str,
    value: str,
    outside: pd.DataFrame | Items | None,
    sources: pd.DataFrame | None,
    cut: tuple[ac.Sentence, ...] | None = None,
) -> str | None:
    """What one markup shows, from the article and data/outside.csv (None when it points nowhere);
    `outside` is the outside table or its item_cells."""
    if kind in ("cite", "group"):
        if len(ac.find(value, cut)) != 1:
            return None
        if kind == "cite":
            return ac.citation_shown(value, cut)
        own = ac.own_groups(value, cut)
        return "; ".join(g.printed for g in own) if own else None
    ids = [i.strip() for i in value.split(";") if i.strip()]
    known = outside if isinstance(outside, dict) or outside is None else outside.index
    if known is None or not ids or any(i not in known for i in ids):
        return None
    label = item_label(ids, outside)
    named = works(item_works(ids, outside), sources)
    return {
        "item": f"{ITEM_SHOWN}{named}; confidence: {label})",
        "label": f"confidence {label}" if label.startswith(NOT_STATED) else label,
        "works": named,
    }[kind]


def render(
    value: Any,
    outside: pd.DataFrame | Items | None,
    sources: pd.DataFrame | None,
    cut: tuple[ac.Sentence, ...] | None = None,
) -> str:
    """Text with each markup replaced by what it shows (left as typed if it points nowhere)."""

    def one(m: re.Match[str]) -> str:
        found = shown(m.group(1), m.group(2), outside, sources, cut)
        return m.group(0) if found is None else found

    return MARKUP.sub(one, value if isinstance(value, str) else cell(value))
