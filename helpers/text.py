"""Text every view may use: empty-safe cell values, dates in words, both calendars side by side, escaping,
and the names a screen reader reads for a widget's controls."""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from functools import lru_cache
from typing import Any

import pandas as pd

from helpers.data import markup
from helpers.data.markup import MARKUP as MARKUP  # re-exported: the views name them from here
from helpers.data.markup import MARKUP_KINDS as MARKUP_KINDS
from helpers.data.markup import NO_WORK as NO_WORK
from helpers.data.markup import VETTING_FILE as VETTING_FILE
from helpers.data.markup import cell as text  # a cell as text ('' for a missing value)
from helpers.data.markup import short_source as short_source
from helpers.data.markup import source_names as source_names
from helpers.data.markup import works as works
from helpers.history import calendars

# The calendars' names, short (tables, hovers) and in full (axis titles, quiz prompts and answers)
CALENDAR_NAMES = {"OS": "O.S.", "NS": "N.S.", "uncertain": "calendar uncertain"}
CALENDAR_IN_FULL = {"OS": "Old Style (Julian)", "NS": "New Style (Gregorian)"}
NOTE_STYLE = (
    "border-left: 6px solid {colour}; padding: 0.6em 1em; margin: 0.8em 0; "
    "background: {background}; color: #1a1a1a; font-size: 1.05em"
)
CONFIDENCE = {
    "sourced": "sourced: a public reference was found",
    "standard": "standard: the chronology of any reference work",
    "unconfirmed": "unconfirmed: treat as what the article says, not as established fact",
    "computed": "computed: our own arithmetic from the works named, not a published figure",
    "sourced, thinly": "sourced, thinly: a public reference was found, but a thin one",
    "sourced (partly)": "sourced (partly): a public reference backs part of it",
    "not stated; computed here": "confidence not stated; computed here: our own arithmetic on the works' figures",
    "unconfirmed by scholarly sources": "unconfirmed by scholarly sources: only a reference site was found",
    "not stated": "confidence not stated",
}


@lru_cache(maxsize=4096)
def wrapped(value: str, width: int = 72) -> str:
    """Plain text, escaped, broken at word boundaries into hover lines ('<br>'), never cut (kept per
    text: a lesson's timeline and its explorer wrap the same hover lines)."""
    return "<br>".join(
        textwrap.wrap(
            html.escape(value, quote=False), width, break_long_words=False, break_on_hyphens=False
        )
    )


def outside_label(value: Any, sources: pd.DataFrame | None, confidence: Any) -> str:
    """'Source: <works>; confidence: <label>' for an outside statement (its works' ids)."""
    return labelled_works(works(value, sources, confidence), confidence)


def labelled_works(shown: Any, confidence: Any) -> str:
    """'Source: <works>; confidence: <label>' from works already shown by their labels."""
    conf = text(confidence) or "not stated"
    return f"Source: {text(shown) or 'no work named'}; confidence: {conf}"


def items(value: Any) -> list[str]:
    """The items of a list cell (or of a '; '-separated text cell); [] when empty."""
    if isinstance(value, list | tuple):
        return [text(v) for v in value if text(v)]
    return [part.strip() for part in text(value).split(";") if part.strip()]


def first(value: Any) -> str:
    """The first item of a list cell ('' when empty)."""
    found = items(value)
    return found[0] if found else ""


def escaped(value: Any) -> str:
    """A cell as HTML-safe text."""
    return html.escape(text(value))


def note_box(body: str, colour: str, background: str, role: str = "note", label: str = "") -> str:
    """A coloured note box around some HTML (body is already-escaped HTML): lessons and quiz."""
    style = NOTE_STYLE.format(colour=colour, background=background)
    named = f' aria-label="{html.escape(label)}"' if label else ""
    return f'<div role="{role}"{named} style="{style}">{body}</div>'


def as_date(value: Any) -> dt.date | None:
    """A Timestamp/datetime/date cell as a date (None when missing)."""
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else pd.Timestamp(value).date()


def day_words(year: int, month: int, day: int) -> str:
    """(1918, 5, 28) -> '28 May 1918'."""
    return f"{day} {calendars.MONTH_NAMES[month - 1]} {year}"


def old_style(d: dt.date) -> dt.date:
    """The O.S. (Julian) day of a Gregorian date, as a date object for plotting."""
    y, m, day = calendars.gregorian_to_julian(d)
    try:
        return dt.date(y, m, day)
    except ValueError:  # 29 February exists in Julian 1900 but not in Gregorian 1900
        return dt.date(y, m, 28)


def both_calendars(d: dt.date) -> str:
    """A Gregorian day in both styles: '7 November 1917 N.S. = 25 October 1917 O.S.'."""
    y, m, day = calendars.gregorian_to_julian(d)
    return f"{day_words(d.year, d.month, d.day)} N.S. = {day_words(y, m, day)} O.S."


def number(value: float) -> str:
    """12000.0 -> '12,000'; 4.4 -> '4.4'; 3.81 -> '3.81'."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def confidence(label: Any) -> str:
    """What an outside note's confidence label means, for a reader ('' for none)."""
    key = text(label)
    return CONFIDENCE.get(key, key)


def shown_citation(row: Any) -> str:
    """A row's citation as a reader sees it: computed from its anchor (`citation_shown`) when the
    table has one, else the printed group in brackets; '' when there is none."""
    shown = text(row.get("citation_shown")) if hasattr(row, "get") else ""
    if shown:
        return shown
    printed = text(row.get("citation_printed")) if hasattr(row, "get") else ""
    return f"({printed})" if printed else ""


def after_text(shown: str) -> str:
    """A shown citation set after some words: ' (12, p.139)' or ' [no citation of its own; …]'."""
    if not shown:
        return ""
    return f" [{shown}]" if shown.startswith("no citation") else f" {shown}"


# A widget's accessible name and live region (helpers.widgets.page's script applies them)
NAMED = "cq-named"  # a widget whose tooltip is its control's accessible name (the script copies it)
LIVE = "cq-live"  # a widget whose text changes are announced (the script makes it a live region)


def name(widget: Any, label: str) -> Any:
    """Name a control for a screen reader: ipywidgets 8 has no aria-label, so the name rides in the
    widget's tooltip (its `title`, also shown on hover) and the page script copies it to the control's
    aria-label (a radio group's: role radiogroup); returns the widget."""
    widget.tooltip = label
    if NAMED not in widget._dom_classes:
        widget.add_class(NAMED)
    return widget


def live_region(widget: Any) -> Any:
    """Mark an HTML widget whose new text a screen reader announces (aria-live polite)."""
    widget.add_class(LIVE)
    return widget


def beyond_label(row: Any, sources: pd.DataFrame | None = None, part: str = "outside") -> str:
    """'<works> (confidence: <label>)' for one part of a row (its `<part>_source` and
    `<part>_confidence`, derived from the items it names); '' when it names none."""
    works_of, label = row.get(f"{part}_source"), row.get(f"{part}_confidence")
    if not items(works_of) and not text(label):
        return ""
    return f"{works(works_of, sources)} (confidence: {text(label) or 'not stated'})"


def counts_source(row: Any, sources: pd.DataFrame | None = None) -> str:
    """Where a row of vote counts comes from: the votes' (and a second tally's) outside items, read
    from the data, then the row's own `source` (the article's seats, our arithmetic)."""
    parts = []
    if said := beyond_label(row, sources):
        parts.append(f"votes: {said}")
    if said := beyond_label(row, sources, "votes_alt"):
        parts.append(f"second tally: {said}")
    if text(row.get("source")):
        parts.append(text(row.get("source")))
    return "; ".join(parts)


def markup_shown(kind: str, value: str) -> str | None:
    """What one markup shows, from the article and data/outside.csv (None when it points nowhere)."""
    outside, sources = loaded_sources()
    if kind not in ("cite", "group") and outside is None:
        return None
    return markup.shown(kind, value, outside, sources)


def loaded_sources() -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """data/outside.csv and data/sources.csv as loaded (None, None when the data is broken: the
    markup then stays as typed and the validator says why)."""
    from helpers import data
    from helpers.data.errors import DataError

    try:
        return data.load("outside"), data.load("sources")
    except DataError:
        return None, None


def with_sources(value: Any) -> str:
    """Hand-written text with each markup replaced by what it shows (left as typed if it points nowhere);
    kept per text with the data it was rendered from (a lesson renders the same texts again)."""
    if not isinstance(value, str) or "[[" not in value:
        return value if isinstance(value, str) else text(value)
    from helpers import data

    return data.kept(("with_sources", value), lambda: markup.render(value, *loaded_sources()))


def with_sources_in(doc: Any) -> Any:
    """A parsed YAML document with the markup of every string in it rendered (quiz banks as a reader
    sees them, for the reviews that read the files)."""
    if isinstance(doc, dict):
        return {k: with_sources_in(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [with_sources_in(v) for v in doc]
    return with_sources(doc) if isinstance(doc, str) and "[[" in doc else doc
