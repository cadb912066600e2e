"""Named tables for lesson cells (students read history, not pandas): events, dates, claims, numbers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from helpers import data
from helpers.data.markup import NO_WORK, NOT_STATED
from helpers.figures.rows import records
from helpers.lesson.shown import Measure, human_table
from helpers.text import text


def citation_forms(events: pd.DataFrame, n: int = 6) -> pd.DataFrame:
    """Events whose printed citation has an unusual form (s., a colon, p, or a name)."""
    forms = events["citation_printed"].str.contains(r"s\.|:|p,|Gökay", na=False)
    return human_table(events.loc[forms, ["title", "citation_printed", "refs"]].head(n), "title")


def dates_table(events: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """Title, summary, the date as printed, its calendar and the New Style date; a date of uncertain
    calendar shows its two readings in New Style, never one N.S. date."""
    shown = events if n is None else events.head(n)  # only the rows shown are dated
    table = shown[["title", "summary", "date_printed", "calendar_printed"]].copy()
    table["date_start"] = [new_style(row) for row in records(shown)]
    # "error" is the fact sheet's verdict on a printed date, not a calendar it is printed in
    table["calendar_printed"] = table["calendar_printed"].replace(
        "error", "none: the printed date is an error"
    )
    return human_table(table, "title")


def new_style(row: dict[str, Any]) -> str:
    """An event's date in New Style: one day, a span, or for a calendar that cannot be told the
    readings its span holds (date_start read as N.S., date_end as O.S.: data/datapackage.yaml)."""
    start, end = row["date_start"], row["date_end"]
    if row["calendar_printed"] == "error":  # stored at the fact sheet's date, never the printed one
        given = f"{text(row.get('outside_works')) or NO_WORK}; confidence: {text(row.get('outside_confidence')) or NOT_STATED}"
        return f"{start:%Y-%m-%d} (the date given beyond the article: {given}; the printed date is an error)"
    if row["calendar_printed"] != "uncertain":
        return f"{start:%Y-%m-%d}" if end == start else f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    joint = "or" if row["precision"] == "day" else "to"
    return f"{start:%Y-%m-%d} {joint} {end:%Y-%m-%d} (calendar uncertain: two readings)"


def from_article(events: pd.DataFrame) -> pd.DataFrame:
    """The events the article itself tells (not outside context)."""
    return events[events["origin"] == "article"]


def phases(*numbers: int) -> pd.DataFrame:
    """Every event of the given phases."""
    events = data.load("events")
    return events[events["phase"].isin(numbers)]


def pick(table: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The rows of a table with these ids, in this order."""
    return table.loc[list(ids)]


def printed_date(event_id: str) -> str:
    """An event's date exactly as the article prints it."""
    return str(data.load("events").loc[event_id, "date_printed"])


def with_outside(printed: pd.DataFrame, events: pd.DataFrame, *event_ids: str) -> pd.DataFrame:
    """The article's events with a few events it leaves out added (a map marks them beyond the article)."""
    return pd.concat([printed, events.loc[list(event_ids)]])


def calendars_by_phase(events: pd.DataFrame) -> pd.DataFrame:
    """How many of the article's dates each phase prints in each calendar."""
    printed = from_article(events)
    return human_table(printed.groupby(["phase", "calendar_printed"]).size().unstack(fill_value=0))


def claims_by_kind(claims: pd.DataFrame) -> pd.DataFrame:
    """How many claims of each kind the ledger holds at each confidence: a row a confidence (as
    the fact sheet labels the claim's items), a column a kind of claim, so it fits the page."""
    table = claims.groupby(["confidence", "kind"]).size().unstack(fill_value=0)
    return table.rename_axis(
        index="confidence (the labels of the claim's outside items)", columns="kind of claim"
    )


def figure_value(figure_id: str) -> Measure:
    """A number from data/figures.csv, as a whole number, shown with its unit and label."""
    row = data.load("figures").loc[figure_id]
    return Measure(int(row["value"]), f"{row['unit']} ({row['label']}, data/figures.csv)")


def contested_ids() -> list[str]:
    """The ids of every contested number in data/figures.csv."""
    figures = data.load("figures")
    return figures[figures["contested"].fillna(False)].index.tolist()
