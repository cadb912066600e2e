"""Interactive views: timeline explorer, election calculator, calendar converter, glossary search.

Each view is a class that builds and owns its widgets (as ipywidgets' own examples do): its controls
and outputs are attributes (e.g. `w.quota`, `w.table`, `w.figure`) and `update()` redraws it, so a
notebook shows it and a test drives it from Python; the lowercase functions are what notebooks call. Figures (helpers.figures.plotly_json) are
put into an `Output` as a plotly MIME bundle (rendered offline by JupyterLab's plotly extension);
`w.figure` is the figure last shown and `w.alt` its text alternative.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import pandas as pd

from helpers.figures import charts, seats
from helpers.figures.labels import CALENDAR_NAMES, day_words, escaped, first, text
from helpers.history import calendars, elections
from helpers.widgets import lookup
from helpers.widgets.figure_view import FigureView, labelled, wide

__all__ = [
    "CalendarConverter",
    "ElectionCalculator",
    "GlossarySearch",
    "TimelineExplorer",
    "calendar_converter",
    "election_calculator",
    "glossary_search",
    "timeline_explorer",
]

CITIES = ("Petrograd", "Tiflis", "Baku")


# ---- timeline explorer ----


def drawn(events: pd.DataFrame) -> int:
    """How many events a timeline draws (a second mention, `same_as` set, is drawn once)."""
    if "same_as" not in events.columns:
        return len(events)
    return int(events["same_as"].isna().sum())


def display_names(
    places: pd.DataFrame, people: pd.DataFrame, parties: pd.DataFrame
) -> dict[str, str]:
    """Place, person and party ids to their standard names (else the article's spelling)."""
    names = {}
    for frame, col in ((places, "place_id"), (people, "person_id"), (parties, "party_id")):
        for key, std, art in zip(
            frame[col], frame["name_standard"], frame["name_article"], strict=True
        ):
            names[text(key)] = first(std) or first(art)
    return names


class TimelineExplorer(FigureView):
    """Timeline filtered by phase, place and party/person, with a dates-as-printed/N.S./O.S. toggle."""

    def __init__(
        self,
        events: pd.DataFrame,
        places: pd.DataFrame,
        people: pd.DataFrame,
        parties: pd.DataFrame,
        sources: pd.DataFrame | None = None,
    ) -> None:
        self.all_events, self.sources = events, sources
        self.names = display_names(places, people, parties)
        names = self.names
        phases = sorted({int(p) for p in events["phase"].dropna()})
        used_places = sorted(
            {text(p) for p in events["place_id"] if text(p)}, key=lambda k: names.get(k, k)
        )
        used_actors = sorted(
            {text(a) for acts in events["actors"] for a in acts}, key=lambda k: names.get(k, k)
        )
        self.phase = labelled(
            widgets.Dropdown(options=[("all phases", 0)] + [(f"phase {p}", p) for p in phases]),
            "Phase",
        )
        self.place = labelled(
            widgets.Dropdown(
                options=[("all places", "")] + [(names.get(p, p), p) for p in used_places]
            ),
            "Place",
        )
        self.actor = labelled(
            widgets.Dropdown(
                options=[("all parties and people", "")]
                + [(names.get(a, a), a) for a in used_actors]
            ),
            "Party or person",
        )
        self.calendar = labelled(
            widgets.ToggleButtons(
                options=[
                    ("dates as printed", "printed"),
                    ("all in N.S.", "ns"),
                    ("all in O.S.", "os"),
                ]
            ),
            "Calendar",
        )
        self.group_by = labelled(
            widgets.ToggleButtons(options=[("by place", "place"), ("by actor", "actor")]), "Rows"
        )
        self.events = events
        super().__init__(
            [
                widgets.HBox([self.phase, self.place, self.actor]),
                widgets.HBox([self.calendar, self.group_by]),
            ],
            name="the timeline explorer",
        )
        for control in (self.phase, self.place, self.actor, self.calendar, self.group_by):
            control.observe(self.update, names="value")
        self.update()

    def update(self, _: object = None) -> None:
        """Filter the events by the controls and draw them."""
        events = self.all_events
        chosen = events
        if self.phase.value:
            chosen = chosen[chosen["phase"] == self.phase.value]
        if self.place.value:
            chosen = chosen[chosen["place_id"].fillna("") == self.place.value]
        if self.actor.value:
            chosen = chosen[chosen["actors"].map(lambda acts: self.actor.value in acts)]
        self.events = chosen
        self.status.value = f"<p>Showing {drawn(chosen)} of {drawn(events)} events.</p>" + (
            "<p role='status'>No event matches these filters: choose 'all' in one of them.</p>"
            if chosen.empty
            else ""
        )
        self.show(
            charts.timeline(
                chosen,
                group_by=self.group_by.value,
                calendar=self.calendar.value,
                names=self.names,
                sources=self.sources,
            )
        )


def timeline_explorer(
    events: pd.DataFrame,
    places: pd.DataFrame,
    people: pd.DataFrame,
    parties: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> TimelineExplorer:
    """Timeline filtered by phase, place and party/person, with a dates-as-printed/N.S./O.S. toggle."""
    return TimelineExplorer(events, places, people, parties, sources)


# ---- election calculator ----

SEAT_RANGE = (1, 300)  # seats the calculator shares out by D'Hondt
QUOTA_RANGE = (10_000, 80_000)  # votes per seat for the fixed quota


def limit(box: widgets.IntText, low: int, high: int) -> int:
    """The box's value kept within low..high (the caller says so when it changed it)."""
    return min(max(int(box.value or 0), low), high)


class ElectionCalculator(FigureView):
    """Seats from the 1917 votes by D'Hondt (N seats) or a fixed quota (votes per seat)."""

    def __init__(self, elections_df: pd.DataFrame, parties: pd.DataFrame | None = None) -> None:
        counted = elections_df[elections_df["votes"].notna()]
        lumped = counted[seats.aggregate_mask(counted)]
        self.lists = counted[~seats.aggregate_mask(counted)].sort_values("votes", ascending=False)
        self.parties = parties
        self.votes = pd.Series(
            [int(v) for v in self.lists["votes"]], index=list(self.lists["party_id"])
        )
        self.left_out = (
            f" Left out: {', '.join(text(n) for n in lumped['list_name'])} "
            f"({int(lumped['votes'].sum()):,} votes, no separate counts)."
            if len(lumped)
            else ""
        )
        self.labels = [
            text(n) or text(p)
            for n, p in zip(self.lists["list_name"], self.lists["party_id"], strict=True)
        ]
        self.method = labelled(
            widgets.ToggleButtons(options=[("D'Hondt", "dhondt"), ("fixed quota", "quota")]),
            "Method",
        )
        self.quota = labelled(
            # a number box with arrows (step 1,000), not a slider: a slider's handle has no
            # accessible name in ipywidgets 8, and axe-core rates that serious. Not a
            # BoundedIntText, which changes a value out of range silently: update() says so.
            widgets.IntText(value=60_000, step=1_000),
            "Votes per seat (quota)",
        )
        self.seats = labelled(widgets.IntText(value=36), "Seats (D'Hondt)")
        self.table = widgets.HTML(layout=wide())
        self.seat_values: list[int] = []
        super().__init__(
            [self.method, self.quota, self.seats], details=[self.table], name="the seat calculator"
        )
        for control in (self.method, self.quota, self.seats):
            control.observe(self.update, names="value")
        self.update()

    def update(self, _: object = None) -> None:
        """Count the seats by the chosen method; show the table and the hemicycle."""
        votes = self.votes
        dhondt = self.method.value == "dhondt"
        self.seats.layout.display = None if dhondt else "none"  # only the input the method uses
        self.quota.layout.display = "none" if dhondt else None
        limited = ""
        if dhondt:
            seat_count = limit(self.seats, *SEAT_RANGE)
            if seat_count != self.seats.value:
                limited = (
                    f"Seats must be {SEAT_RANGE[0]} to {SEAT_RANGE[1]}: "
                    f"{self.seats.value:,} was set to {seat_count}. "
                )
            won = elections.dhondt(votes, seat_count)
            last = elections.last_quotient(votes, seat_count)
            note = f"D'Hondt, {seat_count} seats: the last seat cost {last:,.0f} votes."
        else:
            quota = limit(self.quota, *QUOTA_RANGE)
            if quota != self.quota.value:
                limited = (
                    f"The quota must be {QUOTA_RANGE[0]:,} to {QUOTA_RANGE[1]:,} votes: "
                    f"{self.quota.value:,} was set to {quota:,}. "
                )
            won = elections.fixed_quota(votes, quota)
            note = f"Fixed quota: one seat per full {quota:,} votes (remainders are lost)."
        note = limited + note
        self.seat_values = [int(s) for s in won]
        caption = "Seats won, by list"
        self.table.value = seats.seat_table_html(
            self.labels, list(votes), self.seat_values, caption
        )
        self.status.value = f"<p role='status'>{escaped(note + self.left_out)}</p>"
        frame = self.lists.assign(computed=self.seat_values)
        method = "D’Hondt" if self.method.value == "dhondt" else "fixed quota"
        title = f"{sum(self.seat_values)} seats, {method}"
        self.show(
            seats.hemicycle(
                frame,
                seats_col="computed",
                title=title,
                parties=self.parties,
                label_col="list_name",
            )
        )


def election_calculator(
    elections_df: pd.DataFrame, parties: pd.DataFrame | None = None
) -> ElectionCalculator:
    """Seats from the 1917 votes by D'Hondt (N seats) or a fixed quota (votes per seat)."""
    return ElectionCalculator(elections_df, parties)


# ---- calendar converter ----


class CalendarConverter(widgets.VBox):
    """Type or pick a date, say its calendar, see the other and who used which calendar that day."""

    def __init__(self) -> None:
        self.text = labelled(
            widgets.Text(placeholder="e.g. 25 October 1917", continuous_update=False), "Date"
        )
        self.picker = labelled(widgets.DatePicker(), "or pick a day")
        self.calendar = labelled(
            widgets.ToggleButtons(options=[("O.S. (Julian)", "OS"), ("N.S. (Gregorian)", "NS")]),
            "The date is in",
        )
        self.result = widgets.HTML(layout=wide())
        self.hint = widgets.HTML(layout=wide())
        super().__init__(
            [widgets.HBox([self.text, self.picker]), self.calendar, self.hint, self.result]
        )
        self.text.observe(self.update, names="value")
        self.calendar.observe(self.update, names="value")
        self.picker.observe(self._picked, names="value")

    def __repr__(self) -> str:
        """What a notebook shows before the cell is run in a live kernel (not a Python repr)."""
        return "Run this cell to open the calendar converter."

    def _picked(self, change: dict) -> None:
        if change["new"] is not None:
            self.text.value = change["new"].isoformat()

    def update(self, _: object = None) -> None:
        """Convert what is typed and show both calendars, or a one-line hint."""
        self.result.value = ""
        self.hint.value = ""
        if not self.text.value.strip():
            return
        try:
            y, m, d = calendars.parse_date(self.text.value)
            if self.calendar.value == "OS":
                gregorian = calendars.julian_to_gregorian(y, m, d)
            else:
                gregorian = dt.date(y, m, d)
            jy, jm, jd = calendars.gregorian_to_julian(gregorian)
        except ValueError as err:  # DateInputError is a ValueError; so is 31 February
            message = str(err).splitlines()[0] if str(err) else "Type a date such as 28 May 1918."
            self.hint.value = (
                f"<p role='alert' style='color:#9a3b00;font-size:18px'>{escaped(message)}</p>"
            )
            return
        os_words, ns_words = (
            day_words(jy, jm, jd),
            day_words(gregorian.year, gregorian.month, gregorian.day),
        )
        rows = "".join(
            f"<tr><th scope='row' style='text-align:left'>{city}</th>"
            f"<td>{CALENDAR_NAMES.get(calendars.calendar_in_use(city, gregorian), '?')}</td></tr>"
            for city in CITIES
        )
        self.result.value = (
            f"<p style='font-size:18px'><b>{os_words} O.S.</b> = <b>{ns_words} N.S.</b> "
            f"({calendars.offset_days(gregorian)} days apart)</p>"
            "<table style='font-size:18px'><caption>Calendar in use that day</caption>"
            f"<tr><th scope='col'>Place</th><th scope='col'>Calendar</th></tr>{rows}</table>"
        )


def calendar_converter() -> CalendarConverter:
    """A converter between Old Style and New Style dates, with the calendar each city used."""
    return CalendarConverter()


# ---- glossary search ----


class GlossarySearch(widgets.VBox):
    """Type any spelling of a person, party, place or term and get its card."""

    def __repr__(self) -> str:
        """What a notebook shows before the cell is run in a live kernel (not a Python repr)."""
        return "Run this cell to open the name and term search."

    def __init__(
        self,
        glossary: pd.DataFrame,
        people: pd.DataFrame,
        parties: pd.DataFrame,
        places: pd.DataFrame,
        events: pd.DataFrame,
        sources: pd.DataFrame | None = None,
    ) -> None:
        self.tables = {"people": people, "parties": parties, "places": places, "glossary": glossary}
        self.events, self.sources = events, sources
        self.entries = lookup.index(self.tables)
        self.query = labelled(
            widgets.Text(
                placeholder="e.g. Shaumyan, Şaumyan, Dashnak, Tiflis", continuous_update=False
            ),
            "Name or term",
        )
        self.result = widgets.HTML(layout=wide())
        self.matches: list[lookup.Entry] = []
        super().__init__([self.query, self.result])
        self.query.observe(self.update, names="value")

    def update(self, _: object = None) -> None:
        """Look the query up and show the matching cards, or a hint."""
        typed = self.query.value.strip()
        self.matches = lookup.search(self.entries, self.query.value) if typed else []
        if not typed:
            self.result.value = ""
        elif not self.matches:
            self.result.value = (
                f"<p role='status' style='font-size:18px'>{escaped(lookup.HINT)}</p>"
            )
        else:
            self.result.value = "".join(
                lookup.card(e, self.tables, self.events, self.sources) for e in self.matches
            )


def glossary_search(
    glossary: pd.DataFrame,
    people: pd.DataFrame,
    parties: pd.DataFrame,
    places: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> GlossarySearch:
    """Type any spelling of a person, party, place or term and get its card."""
    return GlossarySearch(glossary, people, parties, places, events, sources)
