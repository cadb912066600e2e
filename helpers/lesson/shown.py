"""How a table or a number reaches a student's screen: human headers (no snake_case, no ids), days in
words, empty cells instead of <NA>, and every bare number with its label and unit."""

from __future__ import annotations

import pandas as pd

from helpers.text import day_words, number

# The one home of the headers a student reads for the data's column names (no snake_case on screen)
HEADERS = {
    "title": "Event",
    "summary": "What happened",
    "citation_printed": "Citation as printed",
    "refs": "Sources it cites",
    "date_printed": "Date as printed",
    "calendar_printed": "Calendar as printed",
    "date_start": "Date (New Style)",
    "list_name": "List",
    "name_printed": "List as printed",
    "votes": "Votes",
    "votes_alt": "Votes (a second tally)",
    "source": "Source",
    "seats_article": "Seats (the article)",
    "dhondt": "Seats by D'Hondt (computed here)",
    "by_quota": "Seats by the fixed quota (computed here)",
    "share": "Share of all votes, per cent (computed here)",
    "phase": "Phase",
}


def human_table(table: pd.DataFrame, index: str | None = None) -> pd.DataFrame:
    """A table as a student reads it: the column `index` (a name, not an id) as its rows' labels,
    every header from HEADERS, days in words and an empty cell where a value is missing (not <NA>)."""
    shown = (table.set_index(index) if index else table).copy()
    for column in shown.columns:
        values = shown[column]
        if pd.api.types.is_datetime64_any_dtype(values):  # a day in words, not a timestamp
            shown[column] = [
                day_words(d.year, d.month, d.day) if pd.notna(d) else "" for d in values
            ]
        elif values.isna().any():
            shown[column] = values.astype(object).where(values.notna(), "")
    shown = shown.rename(columns=HEADERS)
    shown.index.name = HEADERS.get(str(shown.index.name), shown.index.name)
    shown.columns.name = HEADERS.get(str(shown.columns.name), shown.columns.name)
    return shown


class Measure:
    """A number shown with its label and unit ("36 seats: ..."), still usable as the number."""

    def __init__(self, value: float, words: str) -> None:
        self.value, self.words = value, words

    def __repr__(self) -> str:
        return f"{number(self.value)} {self.words}"

    def __int__(self) -> int:
        return int(self.value)

    def __float__(self) -> float:
        return float(self.value)

    def __index__(self) -> int:
        return int(self.value)

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, Measure) else other)

    def __hash__(self) -> int:
        return hash(self.value)
