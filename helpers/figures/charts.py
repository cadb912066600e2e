"""Figures of the lessons: the timeline, contested numbers, votes and seats; a text alternative for each."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from helpers.data.markup import ITEM_SHOWN
from helpers.figures import palette
from helpers.figures.plotly_json import Figure, scatter
from helpers.figures.ranges import contested_range
from helpers.figures.rows import records
from helpers.figures.seats import hemicycle, vote_bars
from helpers.history import calendars
from helpers.text import (
    CALENDAR_IN_FULL,
    as_date,
    both_calendars,
    first,
    items,
    old_style,
    outside_label,
    shown_citation,
    text,
    wrapped,
)

__all__ = [
    "contested_range",
    "display_names",
    "event_points",
    "hemicycle",
    "timeline",
    "vote_bars",
]

CALENDAR_MODES = {
    "printed": "Date as printed in the article (O.S. and N.S. mixed)",
    "ns": f"Date, all converted to {CALENDAR_IN_FULL['NS']}",
    "os": f"Date, all converted to {CALENDAR_IN_FULL['OS']}",
}
CALENDAR_PHRASES = {
    "printed": "dates as printed in the article (O.S. and N.S. mixed)",
    "ns": f"all dates in {CALENDAR_IN_FULL['NS']}",
    "os": f"all dates in {CALENDAR_IN_FULL['OS']}",
}
ROLE_NAMES = {
    "article": "date in the article",
    "contested": "date contested, corrected or calendar uncertain",
    "outside": "beyond the article (outside context)",
}


def display_names(
    places: pd.DataFrame, people: pd.DataFrame, parties: pd.DataFrame
) -> dict[str, str]:
    """Place, person and party ids to their standard names (else the article's spelling): the
    names a timeline gives its rows (here, not in widgets, so a lesson's timeline imports no widget)."""
    names = {}
    for frame, col in ((places, "place_id"), (people, "person_id"), (parties, "party_id")):
        for key, std, art in zip(
            frame[col], frame["name_standard"], frame["name_article"], strict=True
        ):
            names[text(key)] = first(std) or first(art)
    return names


def _role(row: Mapping[str, Any]) -> str:
    if text(row.get("origin")) == "outside":
        return "outside"
    if row.get("contested") is True or text(row.get("calendar_printed")) in ("uncertain", "error"):
        return "contested"
    return "article"


def _start_end(row: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    start = as_date(row.get("date_start")) or as_date(row.get("outside_date_start"))
    end = as_date(row.get("date_end")) or as_date(row.get("outside_date_end")) or start
    return start, end


def _shift(d: dt.date | None, row: Mapping[str, Any], calendar: str) -> dt.date | None:
    """Where a Gregorian day is drawn: its O.S. day for 'os', and for 'printed' when printed O.S.; a
    printed date that is an error is drawn at the corrected day, for 'printed' in the calendar then in
    use at its place (as its neighbours are printed), never at the printed day."""
    if d is None:
        return None
    printed_os = text(row.get("calendar_printed")) == "OS" and text(row.get("origin")) != "outside"
    if text(row.get("calendar_printed")) == "error":
        printed_os = _in_use(text(row.get("place_id")), d) == "OS"
    if calendar == "os" or (calendar == "printed" and printed_os):
        return old_style(d)
    return d


def _in_use(place: str, d: dt.date) -> str:
    """The calendar in use at a place that day ("NS" for a place the calendars module does not know)."""
    try:
        return calendars.calendar_in_use(place, d)
    except ValueError:
        return "NS"


def _when(row: Mapping[str, Any], start: dt.date, end: dt.date) -> list[str]:
    """The day(s) in both calendars; a printed date of uncertain calendar as its two readings
    (the span date_start-date_end holds both: data/datapackage.yaml), never as one N.S. date."""
    uncertain = (
        text(row.get("calendar_printed")) == "uncertain" and text(row.get("origin")) != "outside"
    )
    if text(row.get("calendar_printed")) == "error":
        day = both_calendars(start) + (f" to {both_calendars(end)}" if end != start else "")
        return [wrapped(f"Drawn at the date given beyond the article: {day}")]
    if not uncertain:
        return [both_calendars(start)] + ([f"to {both_calendars(end)}"] if end != start else [])
    if text(row.get("precision")) == "day":
        return [
            "Calendar uncertain, two readings:",
            f"as N.S.: {both_calendars(start)}",
            f"as O.S.: {both_calendars(end)}",
        ]
    return [
        "Calendar uncertain: somewhere between",
        f"{both_calendars(start)} (the first day read as N.S.)",
        f"and {both_calendars(end)} (the last read as O.S.)",
    ]


def _place_line(
    row: Mapping[str, Any], sources: pd.DataFrame | None, names: Mapping[str, str]
) -> list[str]:
    """Where the place of an article event comes from when the article names none (place_items)."""
    if not (text(row.get("place_confidence")) or items(row.get("place_source"))):
        return []
    place = text(row.get("place_id"))
    label = outside_label(row.get("place_source"), sources, row.get("place_confidence"))
    return [wrapped(f"Place: {names.get(place, place)}, beyond the article ({label})")]


def _hover(
    row: Mapping[str, Any],
    start: dt.date,
    end: dt.date,
    sources: pd.DataFrame | None,
    names: Mapping[str, str] | None = None,
) -> str:
    lines = [f"<b>{text(row.get('title'))}</b>"]
    if text(row.get("summary")):
        lines.append(wrapped(text(row.get("summary"))))
    if text(row.get("origin")) == "outside":
        lines.append("Beyond the article (outside context)")
        conf = row.get("outside_confidence")
        lines.append(wrapped(outside_label(row.get("outside_source"), sources, conf)))
    else:
        cal = text(row.get("calendar_printed"))
        if cal == "error":
            lines.append(f"As printed: {text(row.get('date_printed'))} (an error in the article)")
        else:
            lines.append(f"As printed: {text(row.get('date_printed'))} ({cal or '?'} as printed)")
        cite = shown_citation(row)
        lines.append(f"Citation: {cite}" if cite else "Citation: none printed here")
        lines += _place_line(row, sources, names or {})
    lines += _when(row, start, end)
    if row.get("contested") is True:
        lines.append("<i>Contested or corrected: see the outside note</i>")
    note = text(row.get("outside_note"))
    if note:
        # a note whose statements each give their own works and label ("(beyond the article: …)")
        # needs no line for them all, nor a heading that says "beyond the article" again
        if ITEM_SHOWN in note:
            lines.append(wrapped(f"Outside context: {note}"))
        else:
            if text(row.get("origin")) != "outside":
                conf = row.get("outside_confidence")
                note += f" ({outside_label(row.get('outside_source'), sources, conf)})"
            lines.append(wrapped(f"Beyond the article: {note}"))
    elif text(row.get("calendar_reason")):
        lines.append(wrapped(f"Calendar: {text(row.get('calendar_reason'))}"))
    return "<br>".join(lines)


POINT_COLUMNS = ["event_id", "group", "x", "x_end", "sort", "role", "hover"]


def _point_rows(
    events: pd.DataFrame,
    group_by: str,
    calendar: str,
    names: Mapping[str, str] | None,
    sources: pd.DataFrame | None,
) -> list[dict[str, Any]]:
    """The rows of event_points, in the events' order."""
    if calendar not in CALENDAR_MODES:
        raise ValueError(f"calendar must be one of {sorted(CALENDAR_MODES)}, not {calendar!r}")
    if group_by not in {"place", "actor"}:
        raise ValueError(f"group_by must be 'place' or 'actor', not {group_by!r}")
    names = names or {}
    rows = []
    for row in records(events):
        start, end = _start_end(row)
        if start is None or text(row.get("same_as")):  # a second mention is drawn once
            continue
        if group_by == "place":
            groups = [text(row.get("place_id"))]
        else:
            groups = [text(a) for a in (row.get("actors") or [])] or [""]
        event_id = text(row.get("event_id"))
        x, x_end, role = _shift(start, row, calendar), _shift(end, row, calendar), _role(row)
        hover = _hover(row, start, end, sources, names)
        for key in groups:
            group = names.get(key, key) or f"(no {group_by} named)"
            values = (event_id, group, x, x_end, start, role, hover)
            rows.append(dict(zip(POINT_COLUMNS, values, strict=True)))
    return rows


def points_of(
    events: pd.DataFrame,
    *,
    group_by: str = "place",
    calendar: str = "printed",
    names: Mapping[str, str] | None = None,
    sources: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """One point per event (per actor when grouped by actor): where it is drawn and its hover, by
    date, then event id (a stable sort: an event's actors keep their order). What the timeline reads."""
    rows = _point_rows(events, group_by, calendar, names, sources)
    return sorted(rows, key=lambda p: (p["sort"], p["event_id"]))


def event_points(events: pd.DataFrame, **options: Any) -> pd.DataFrame:
    """points_of's rows as a table (options as points_of's): one row per event (per actor when
    grouped by actor) with where it is drawn and its hover, for reading them by event."""
    return pd.DataFrame(points_of(events, **options), columns=POINT_COLUMNS)


MAX_HEIGHT = 780  # pixels: a figure fits a projected 1280x800 screen


def timeline(
    events: pd.DataFrame,
    *,
    group_by: str = "place",
    calendar: str = "printed",
    names: Mapping[str, str] | None = None,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
) -> Figure:
    """Every event on a time axis, one row per place (or actor); O.S./N.S. by `calendar`."""
    points = points_of(events, group_by=group_by, calendar=calendar, names=names, sources=sources)
    order = list(dict.fromkeys(p["group"] for p in points))
    fig = Figure()
    spans = [p for p in points if p["x_end"] != p["x"]]
    if spans:
        xs: list = []
        ys: list = []
        for p in spans:
            xs += [p["x"], p["x_end"], None]
            ys += [p["group"], p["group"], None]
        fig.add_trace(
            scatter(
                x=xs,
                y=ys,
                mode="lines",
                name="span of a multi-day event",
                line={"color": palette.ROLE_COLOUR["range"], "width": 6},
                hoverinfo="skip",
            )
        )
    for role, label in ROLE_NAMES.items():
        part = [p for p in points if p["role"] == role]
        fig.add_trace(
            scatter(
                x=[p["x"] for p in part],
                y=[p["group"] for p in part],
                mode="markers",  # no text label: neighbouring 'context' labels overprinted
                name=label,
                customdata=[p["event_id"] for p in part],
                hovertext=[p["hover"] for p in part],
                hoverinfo="text",
                marker={
                    "symbol": palette.ROLE_SYMBOL[role],
                    "size": 15,
                    "color": palette.ROLE_COLOUR[role],
                    "line": {"width": 2, "color": palette.ROLE_COLOUR[role]},
                },
            )
        )
    roles = {p["event_id"]: p["role"] for p in reversed(points)}  # each event's first row's role
    counts = Counter(roles.values())
    span = ""
    if points:
        first, last = min(p["sort"] for p in points), max(p["sort"] for p in points)
        span = f" from {both_calendars(first)} to {both_calendars(last)}"
    alt = (
        f"Timeline of {len(roles)} events in {len(order)} "
        f"{'places' if group_by == 'place' else 'actors'}, {CALENDAR_PHRASES[calendar]}{span}; "
        f"{counts.get('contested', 0)} contested or uncertain dates are drawn as diamonds; "
        f"{counts.get('outside', 0)} events from outside the article as open squares (see the "
        "legend)."
    )
    title = title or f"Timeline by {group_by}: {CALENDAR_PHRASES[calendar]}"
    # one screen at most (1280x800 projected): many rows get a smaller row and label, not a taller page
    row = 42 if len(order) <= 12 else max(14, (MAX_HEIGHT - 300) // len(order))
    layout = palette.base_layout(
        title, height=min(MAX_HEIGHT, max(500, row * len(order) + 300)), alt=alt
    )
    fig.update_layout(
        **layout,
        xaxis={"title": {"text": CALENDAR_MODES[calendar]}, "type": "date", "showgrid": True},
        yaxis={
            "title": {"text": "Place" if group_by == "place" else "Actor (person or party)"},
            "categoryorder": "array",
            "categoryarray": order[::-1],
            "type": "category",
            "tickfont": {"size": palette.FONT_SIZE if row >= 30 else max(11, row - 6)},
        },
    )
    fig.update_layout(
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        margin={"t": 70, "b": 190},
    )
    return fig
