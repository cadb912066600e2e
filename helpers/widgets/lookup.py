"""Find a name in any spelling (case- and diacritic-insensitive) and build its card."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from helpers.text import (
    after_text,
    confidence,
    escaped,
    first,
    items,
    outside_label,
    shown_citation,
    text,
)

# letters that Unicode does not decompose into a base letter + accent
FOLD = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ß": "ss", "ʼ": "", "'": "", "’": "", "ʻ": ""})
HINT = (
    "No match. Try another spelling or part of a name, e.g. 'Shaumyan', 'Dashnak', 'Tiflis' "
    "(capitals and accents do not matter)."
)

# table -> (id column, kind shown on the card, article-name column, standard-name column, about)
TABLES = {
    "people": ("person_id", "person", "name_article", "name_standard", "role"),
    "parties": ("party_id", "party or body", "name_article", "name_standard", "description"),
    "places": ("place_id", "place", "name_article", "name_standard", "note"),
    "glossary": ("term_id", "term", "term_article", "term_standard", "definition"),
}


def fold(value: str) -> str:
    """Lower-case, accent-free, punctuation-free form used for matching."""
    decomposed = unicodedata.normalize("NFKD", value.translate(FOLD).casefold().translate(FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9а-яё]+", " ", plain).strip()


@dataclass(frozen=True)
class Entry:
    """One thing that can be found: where it lives and every spelling of it."""

    table: str
    key: str
    spellings: tuple[str, ...]


def index(tables: dict[str, pd.DataFrame]) -> list[Entry]:
    """Every searchable entry of the given tables (people, parties, places, glossary)."""
    entries = []
    for name, frame in tables.items():
        id_col, _, art, std, _ = TABLES[name]
        for row in frame.to_dict("records"):
            spellings = items(row.get(art)) + items(row.get(std)) + items(row.get("short_name"))
            spellings += items(row.get("variants"))
            spellings.append(text(row.get(id_col)).replace("_", " "))
            folded = tuple(dict.fromkeys(f for f in map(fold, spellings) if f))
            entries.append(Entry(name, text(row.get(id_col)), folded))
    return entries


def search(entries: list[Entry], query: str, limit: int = 3) -> list[Entry]:
    """Best matches first: whole spelling, then a word start, then anywhere in a spelling."""
    q = fold(query)
    if len(q) < 2:
        return []

    def rank(e: Entry) -> int:
        if q in e.spellings:
            return 0
        if any(s.startswith(q) or f" {q}" in f" {s}" for s in e.spellings):
            return 1
        return 2 if len(q) >= 3 and any(q in s for s in e.spellings) else 9

    ranked = sorted((rank(e), i) for i, e in enumerate(entries))
    return [entries[i] for r, i in ranked if r < 9][:limit]


def _events_of(entry: Entry, events: pd.DataFrame) -> list[str]:
    rows = []
    for ev in events.sort_values("date_start", na_position="last").to_dict("records"):
        actors = [text(a) for a in (ev.get("actors") or [])]
        hit = entry.key in actors if entry.table in {"people", "parties"} else False
        if entry.table == "places":
            hit = text(ev.get("place_id")) == entry.key
        if hit:
            when = text(ev.get("date_printed")) or "beyond the article"
            cite = shown_citation(ev)
            summary = text(ev.get("summary"))
            rows.append(
                f"<li>{escaped(ev.get('title'))}: {escaped(when)}"
                + escaped(after_text(cite))
                + (f"<br><small>{escaped(summary)}</small>" if summary else "")
                + "</li>"
            )
    return rows


def card(
    entry: Entry,
    tables: dict[str, pd.DataFrame],
    events: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> str:
    """The HTML card of one entry: article spelling, standard form, what it is, its events."""
    id_col, kind, art, std, about = TABLES[entry.table]
    frame = tables[entry.table]
    row = frame[frame[id_col] == entry.key].iloc[0]
    lines = [
        f"<h4 style='margin:4px 0'>{escaped(first(row.get(art)) or first(row.get(std)))}</h4>",
        f"<p><b>In the article:</b> "
        f"{escaped(', '.join(items(row.get(art)))) or 'not named (outside context)'}<br>"
        f"<b>Standard form:</b> {escaped(', '.join(items(row.get(std))))}<br>"
        f"<b>What:</b> {kind}: {escaped(row.get(about))}",
    ]
    if entry.table == "people" and text(row.get("party_id")) and "parties" in tables:
        parties = tables["parties"]
        match = parties[parties["party_id"] == text(row.get("party_id"))]
        if len(match):
            lines.append(f"<br><b>Party:</b> {escaped(first(match.iloc[0]['name_standard']))}")
    variants = items(row.get("variants"))
    if variants:
        lines.append(f"<br><b>Also spelled:</b> {escaped(', '.join(variants))}")
    if text(row.get("confidence")):
        said = confidence(row.get("confidence")).removeprefix("confidence ")
        lines.append(f"<br><b>Confidence:</b> {escaped(said)}")
    if shown_citation(row):
        lines.append(f"<br><b>Citation:</b> {escaped(shown_citation(row))}")
    if text(row.get("outside_confidence")) or text(row.get("outside_source")):
        label = outside_label(row.get("outside_source"), sources, row.get("outside_confidence"))
        lines.append(f"<br><b>Beyond the article:</b> {escaped(label)}")
    lines.append("</p>")
    found = _events_of(entry, events)
    if found:
        lines.append(f"<p><b>Events ({len(found)}):</b></p><ul>{''.join(found)}</ul>")
    elif entry.table != "glossary":
        lines.append("<p>No event in the timeline names it.</p>")
    return (
        "<div style='font-size:18px;border:1px solid #777;padding:8px'>" + "".join(lines) + "</div>"
    )
