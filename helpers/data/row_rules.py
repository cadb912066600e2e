"""Rules of the validator on what a row may say about its outside context and its dates.

- A note never types a confidence label in brackets ("(outside context, sourced)", "(standard
  chronology)"): it names fact-sheet items (`outside_items`, `<part>_items`) and the label and works a
  reader sees are read from data/outside.csv.
- A part of a row with a value of its own (`votes_alt`) names the items it comes from (`votes_alt_items`);
  an event's `place_items` needs a `place_id`, and each item's text must name that place.
- A date of uncertain calendar is stored as the span of its two readings: the printed (first) date read
  as N.S. (`date_start`), the printed (last) date read as O.S. (`date_end`); one printed day is therefore
  exactly 13 days long (N.S. = O.S. + 13 in 1917-1918, fact sheet §1). The same for the fact sheet's
  own date of uncertain calendar (`outside_calendar`).
- A printed date the fact sheet calls an error (an item of the row's outside_items whose style cell is
  `error`) has calendar_printed `error` and is never stored at the printed date: date_start and date_end
  are the fact sheet's date (outside_date_start, and outside_date_end when it gives a span).
Every problem names the file, the spreadsheet row and the column.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from helpers.data.errors import Problem
from helpers.data.files import rel
from helpers.data.provenance import BRACKETED_LABEL as TYPED_LABEL
from helpers.data.provenance import rows, split

OS_LAG = timedelta(days=13)  # N.S. = O.S. + 13 days in 1917-1918 (fact sheet §1, standard)
UNTYPED = ("outside", "sources")  # the fact sheet as data and the works: labels live there
# a part of a row that holds a value of its own, and the column naming where it comes from
PARTS = {"elections_1917": {"votes_alt": "votes_alt_items"}}


def typed_label_problems(data_dir: Path) -> list[Problem]:
    """No cell outside data/outside.csv and data/sources.csv types a confidence label in brackets."""
    found: list[Problem] = []
    for path in sorted(data_dir.glob("*.csv")):
        if path.stem in UNTYPED:
            continue
        for n, row in enumerate(rows(path), start=2):
            for column, cell in row.items():
                m = TYPED_LABEL.search(cell or "")
                if m and column:
                    found.append(
                        Problem(
                            rel(path),
                            f"types the confidence label {m.group(0)!r}: name the fact-sheet item in "
                            "outside_items (or the part's *_items column); its label and works are "
                            "read from data/outside.csv",
                            n,
                            column,
                        )
                    )
    return found


def part_problems(data_dir: Path) -> list[Problem]:
    """A part's value names its items; an event's place_items names its place."""
    found: list[Problem] = []
    for table, parts in PARTS.items():
        path = data_dir / f"{table}.csv"
        for n, row in enumerate(rows(path), start=2):
            for value, column in parts.items():
                if (row.get(value) or "").strip() and not split(row.get(column)):
                    found.append(
                        Problem(
                            rel(path),
                            f"{value} is given, so name the fact-sheet items it comes from "
                            "(ids of data/outside.csv)",
                            n,
                            column,
                        )
                    )
    return found + place_problems(data_dir)


def place_problems(data_dir: Path) -> list[Problem]:
    """Each item of an event's place_items must name the event's place (in any of its spellings)."""
    texts = {r["outside_id"]: r["text"].casefold() for r in rows(data_dir / "outside.csv")}
    names = {
        r["place_id"]: [
            n.casefold()
            for col in ("name_standard", "name_article", "variants")
            for n in split(r.get(col))
        ]
        for r in rows(data_dir / "places.csv")
    }
    path = data_dir / "events.csv"
    found: list[Problem] = []
    for n, row in enumerate(rows(path), start=2):
        items, place = split(row.get("place_items")), (row.get("place_id") or "").strip()
        if items and not place:
            found.append(
                Problem(
                    rel(path), "place_items needs the place they give (place_id)", n, "place_items"
                )
            )
            continue
        for item in items:
            if item in texts and not any(name in texts[item] for name in names.get(place, [])):
                found.append(
                    Problem(
                        rel(path),
                        f"outside item {item!r} does not name the place {place!r}: name an item whose "
                        "text gives it, or leave place_id empty",
                        n,
                        "place_items",
                    )
                )
    return found


def day(cell: str | None) -> date | None:
    """A cell's YYYY-MM-DD date (None when empty or unreadable: the schema check names those)."""
    try:
        return date.fromisoformat((cell or "").strip())
    except ValueError:
        return None


def style_of(text: str) -> str:
    """The style cell of a fact-sheet date row as outside.csv holds it ('printed | event | style | …')."""
    cells = [c.strip() for c in text.split(" | ")]
    return cells[2] if len(cells) > 2 else ""


def error_date_problems(data_dir: Path) -> list[Problem]:
    """An article date the fact sheet calls an error is `error`, drawn at the fact sheet's date."""
    errors = {
        r["outside_id"] for r in rows(data_dir / "outside.csv") if style_of(r["text"]) == "error"
    }
    path = data_dir / "events.csv"
    found: list[Problem] = []
    for n, row in enumerate(rows(path), start=2):
        named = [i for i in split(row.get("outside_items")) if i in errors]
        is_error = row.get("calendar_printed") == "error"
        if named and not is_error and row.get("origin") == "article":
            found.append(
                Problem(
                    rel(path),
                    f"outside item {named[0]!r} calls the printed date an error, so calendar_printed "
                    "must be `error` (drawn at the fact sheet's date, never at the printed one)",
                    n,
                    "calendar_printed",
                )
            )
        if not is_error:
            continue
        if not named:
            found.append(
                Problem(
                    rel(path),
                    "calendar_printed `error` needs an item in outside_items whose style is `error`",
                    n,
                    "outside_items",
                )
            )
        start, end = day(row.get("outside_date_start")), day(row.get("outside_date_end"))
        want = {"date_start": start, "date_end": end or start}
        for column, wanted in want.items():
            if wanted is None or day(row.get(column)) != wanted:
                found.append(
                    Problem(
                        rel(path),
                        f"the printed date is an error, so {column} must be the fact sheet's date "
                        f"(outside_date_start/outside_date_end): {wanted or 'give outside_date_start'}, "
                        f"not {row.get(column) or 'empty'}",
                        n,
                        column,
                    )
                )
    return found


def calendar_problems(data_dir: Path) -> list[Problem]:
    """A date of uncertain calendar holds both readings: one printed day spans exactly 13 days."""
    path = data_dir / "events.csv"
    found: list[Problem] = []
    for n, row in enumerate(rows(path), start=2):
        checks = []
        if row.get("calendar_printed") == "uncertain" and row.get("origin") == "article":
            checks.append(("date_start", "date_end", row.get("precision")))
        if row.get("outside_calendar") == "uncertain":
            checks.append(("outside_date_start", "outside_date_end", "day"))
        for first, last, precision in checks:
            start, end = day(row.get(first)), day(row.get(last))
            if start is None:
                continue
            if precision == "month":  # the month's last day read as O.S.
                end_of_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
                if end is None or end - OS_LAG != end_of_month - timedelta(days=1):
                    found.append(
                        Problem(
                            rel(path),
                            f"the calendar is uncertain, so {last} must be the month's last day read "
                            f"as O.S.: {end_of_month - timedelta(days=1) + OS_LAG}, not {end or 'empty'}",
                            n,
                            last,
                        )
                    )
            elif precision == "day" and end != start + OS_LAG:
                found.append(
                    Problem(
                        rel(path),
                        f"the calendar is uncertain, so {last} must be the printed day read as O.S.: "
                        f"{start + OS_LAG} ({first} + 13 days), not {end or 'empty'}",
                        n,
                        last,
                    )
                )
            elif precision != "day" and (end is None or end - OS_LAG < start):
                found.append(
                    Problem(
                        rel(path),
                        f"the calendar is uncertain, so {last} must be the last printed day read as "
                        f"O.S.: at least {start + OS_LAG}, not {end or 'empty'}",
                        n,
                        last,
                    )
                )
    return found


def problems(data_dir: Path) -> list[Problem]:
    """Every problem of these rules in the data folder."""
    return (
        typed_label_problems(data_dir)
        + part_problems(data_dir)
        + calendar_problems(data_dir)
        + error_date_problems(data_dir)
    )
