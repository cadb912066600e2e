"""Interactive views: timeline explorer, election calculator, calendar converter, glossary search.

Each function returns an ipywidgets box whose parts are attributes (e.g. `w.quota`, `w.table`,
`w.figure`), so a notebook shows it and a test drives it from Python. Figures (helpers.figures.plotly_json) are
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

__all__ = ["calendar_converter", "election_calculator", "glossary_search", "timeline_explorer"]

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


def timeline_explorer(
    events: pd.DataFrame,
    places: pd.DataFrame,
    people: pd.DataFrame,
    parties: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> FigureView:
    """Timeline filtered by phase, place and party/person, with a dates-as-printed/N.S./O.S. toggle."""
    names = display_names(places, people, parties)
    phases = sorted({int(p) for p in events["phase"].dropna()})
    used_places = sorted(
        {text(p) for p in events["place_id"] if text(p)}, key=lambda k: names.get(k, k)
    )
    used_actors = sorted(
        {text(a) for acts in events["actors"] for a in acts}, key=lambda k: names.get(k, k)
    )
    phase = labelled(
        widgets.Dropdown(options=[("all phases", 0)] + [(f"phase {p}", p) for p in phases]), "Phase"
    )
    place = labelled(
        widgets.Dropdown(
            options=[("all places", "")] + [(names.get(p, p), p) for p in used_places]
        ),
        "Place",
    )
    actor = labelled(
        widgets.Dropdown(
            options=[("all parties and people", "")] + [(names.get(a, a), a) for a in used_actors]
        ),
        "Party or person",
    )
    calendar = labelled(
        widgets.ToggleButtons(
            options=[("dates as printed", "printed"), ("all in N.S.", "ns"), ("all in O.S.", "os")]
        ),
        "Calendar",
    )
    group_by = labelled(
        widgets.ToggleButtons(options=[("by place", "place"), ("by actor", "actor")]), "Rows"
    )
    view = FigureView(
        [widgets.HBox([phase, place, actor]), widgets.HBox([calendar, group_by])],
        name="the timeline explorer",
    )
    view.phase, view.place, view.actor, view.calendar, view.group_by = (
        phase,
        place,
        actor,
        calendar,
        group_by,
    )

    def update(_: object = None) -> None:
        chosen = events
        if phase.value:
            chosen = chosen[chosen["phase"] == phase.value]
        if place.value:
            chosen = chosen[chosen["place_id"].fillna("") == place.value]
        if actor.value:
            chosen = chosen[chosen["actors"].map(lambda acts: actor.value in acts)]
        view.events = chosen
        view.status.value = f"<p>Showing {drawn(chosen)} of {drawn(events)} events.</p>" + (
            "<p role='status'>No event matches these filters: choose 'all' in one of them.</p>"
            if chosen.empty
            else ""
        )
        view.show(
            charts.timeline(
                chosen,
                group_by=group_by.value,
                calendar=calendar.value,
                names=names,
                sources=sources,
            )
        )

    for control in (phase, place, actor, calendar, group_by):
        control.observe(update, names="value")
    update()
    return view


# ---- election calculator ----


def election_calculator(
    elections_df: pd.DataFrame, parties: pd.DataFrame | None = None
) -> FigureView:
    """Seats from the 1917 votes by D'Hondt (N seats) or a fixed quota (votes per seat)."""
    counted = elections_df[elections_df["votes"].notna()]
    lumped = counted[seats.aggregate_mask(counted)]
    table = counted[~seats.aggregate_mask(counted)].sort_values("votes", ascending=False)
    votes = pd.Series([int(v) for v in table["votes"]], index=list(table["party_id"]))
    left_out = (
        f" Left out: {', '.join(text(n) for n in lumped['list_name'])} "
        f"({int(lumped['votes'].sum()):,} votes, no separate counts)."
        if len(lumped)
        else ""
    )
    method = labelled(
        widgets.ToggleButtons(options=[("D'Hondt", "dhondt"), ("fixed quota", "quota")]), "Method"
    )
    quota = labelled(
        # a number box with arrows (step 1,000), not a slider: a slider's handle has no accessible
        # name in ipywidgets 8, and axe-core rates that serious. Not a BoundedIntText: that would
        # change a value out of range silently; update() limits it and says so.
        widgets.IntText(value=60_000, step=1_000),
        "Votes per seat (quota)",
    )
    seat_count = labelled(widgets.IntText(value=36), "Seats (D'Hondt)")
    view = FigureView([method, quota, seat_count], name="the seat calculator")
    view.table = widgets.HTML(layout=wide())
    view.children = (*view.children[:4], view.table, *view.children[4:])
    view.method, view.quota, view.seats, view.votes = method, quota, seat_count, votes
    labels = [
        text(n) or text(p) for n, p in zip(table["list_name"], table["party_id"], strict=True)
    ]

    def update(_: object = None) -> None:
        dhondt = method.value == "dhondt"
        seat_count.layout.display = None if dhondt else "none"  # only the input the method uses
        quota.layout.display = "none" if dhondt else None
        limited = ""
        if dhondt:
            n = limit(seat_count, *SEAT_RANGE)
            if n != seat_count.value:
                limited = f"Seats must be {SEAT_RANGE[0]} to {SEAT_RANGE[1]}: {seat_count.value:,} was set to {n}. "
            won = elections.dhondt(votes, n)
            last = elections.last_quotient(votes, n)
            note = f"D'Hondt, {n} seats: the last seat cost {last:,.0f} votes."
        else:
            q = limit(quota, *QUOTA_RANGE)
            if q != quota.value:
                limited = (
                    f"The quota must be {QUOTA_RANGE[0]:,} to {QUOTA_RANGE[1]:,} votes: "
                    f"{quota.value:,} was set to {q:,}. "
                )
            won = elections.fixed_quota(votes, q)
            note = f"Fixed quota: one seat per full {q:,} votes (remainders are lost)."
        note = limited + note
        view.seat_values = [int(s) for s in won]
        caption = "Seats won, by list"
        view.table.value = seats.seat_table_html(labels, list(votes), view.seat_values, caption)
        view.status.value = f"<p role='status'>{escaped(note + left_out)}</p>"
        frame = table.assign(computed=view.seat_values)
        title = f"{sum(view.seat_values)} seats, {'D’Hondt' if method.value == 'dhondt' else 'fixed quota'}"
        view.show(
            seats.hemicycle(
                frame, seats_col="computed", title=title, parties=parties, label_col="list_name"
            )
        )

    for control in (method, quota, seat_count):
        control.observe(update, names="value")
    update()
    return view


SEAT_RANGE = (1, 300)  # seats the calculator shares out by D'Hondt
QUOTA_RANGE = (10_000, 80_000)  # votes per seat for the fixed quota


def limit(box: widgets.IntText, low: int, high: int) -> int:
    """The box's value kept within low..high (the caller says so when it changed it)."""
    return min(max(int(box.value or 0), low), high)


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
    """The search box and its cards (a class so that a stored notebook shows a short line)."""

    def __repr__(self) -> str:
        """What a notebook shows before the cell is run in a live kernel (not a Python repr)."""
        return "Run this cell to open the name and term search."


def glossary_search(
    glossary: pd.DataFrame,
    people: pd.DataFrame,
    parties: pd.DataFrame,
    places: pd.DataFrame,
    events: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> widgets.VBox:
    """Type any spelling of a person, party, place or term and get its card."""
    tables = {"people": people, "parties": parties, "places": places, "glossary": glossary}
    entries = lookup.index(tables)
    query = labelled(
        widgets.Text(
            placeholder="e.g. Shaumyan, Şaumyan, Dashnak, Tiflis", continuous_update=False
        ),
        "Name or term",
    )
    result = widgets.HTML(layout=wide())
    box = GlossarySearch([query, result])
    box.query, box.result, box.matches = query, result, []

    def update(_: object = None) -> None:
        box.matches = lookup.search(entries, query.value) if query.value.strip() else []
        if not query.value.strip():
            result.value = ""
        elif not box.matches:
            result.value = f"<p role='status' style='font-size:18px'>{escaped(lookup.HINT)}</p>"
        else:
            result.value = "".join(lookup.card(e, tables, events, sources) for e in box.matches)

    query.observe(update, names="value")
    return box
