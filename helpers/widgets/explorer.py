"""The timeline explorer: the events filtered by phase, place and party or person, dates as printed
or in either calendar."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from helpers.figures import charts
from helpers.figures.charts import display_names
from helpers.figures.plotly_json import Figure
from helpers.text import text
from helpers.widget_parts import Parts
from helpers.widgets.figure_view import FigureView


def drawn(events: pd.DataFrame) -> int:
    """How many events a timeline draws (a second mention, `same_as` set, is drawn once)."""
    if "same_as" not in events.columns:
        return len(events)
    return int(events["same_as"].isna().sum())


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
        shared = Parts()
        labelled = shared.labelled
        phases = sorted({int(p) for p in events["phase"].dropna()})
        used_places = sorted(
            {text(p) for p in events["place_id"] if text(p)}, key=lambda k: names.get(k, k)
        )
        used_actors = sorted(
            {text(a) for acts in events["actors"] for a in acts}, key=lambda k: names.get(k, k)
        )
        self.phase = labelled(
            widgets.Dropdown,
            "Phase",
            options=[("all phases", 0)] + [(f"phase {p}", p) for p in phases],
        )
        self.place = labelled(
            widgets.Dropdown,
            "Place",
            options=[("all places", "")] + [(names.get(p, p), p) for p in used_places],
        )
        self.actor = labelled(
            widgets.Dropdown,
            "Party or person",
            options=[("all parties and people", "")] + [(names.get(a, a), a) for a in used_actors],
        )
        self.calendar = labelled(
            widgets.ToggleButtons,
            "Calendar",
            options=[
                ("dates as printed", "printed"),
                ("all in N.S.", "ns"),
                ("all in O.S.", "os"),
            ],
        )
        self.group_by = labelled(
            widgets.ToggleButtons, "Rows", options=[("by place", "place"), ("by actor", "actor")]
        )
        self.events, status, fig = self.view()  # drawn in the widgets' first messages
        super().__init__(
            [
                widgets.HBox([self.phase, self.place, self.actor], layout=shared.row),
                widgets.HBox([self.calendar, self.group_by], layout=shared.row),
            ],
            name="the timeline explorer",
            shared=shared,
            figure=fig,
            status=status,
            drawn=not self.events.empty,
        )
        for control in (self.phase, self.place, self.actor, self.calendar, self.group_by):
            control.observe(self.update, names="value")

    def view(self) -> tuple[pd.DataFrame, str, Figure]:
        """The events the controls choose, the status line that counts them, and their timeline."""
        events = self.all_events
        chosen = events
        if self.phase.value:
            chosen = chosen[chosen["phase"] == self.phase.value]
        if self.place.value:
            chosen = chosen[chosen["place_id"].fillna("") == self.place.value]
        if self.actor.value:
            chosen = chosen[chosen["actors"].map(lambda acts: self.actor.value in acts)]
        status = f"<p>Showing {drawn(chosen)} of {drawn(events)} events.</p>" + (
            "<p role='status'>No event matches these filters: choose 'all' in one of them.</p>"
            if chosen.empty
            else ""
        )
        fig = charts.timeline(
            chosen,
            group_by=self.group_by.value,
            calendar=self.calendar.value,
            names=self.names,
            sources=self.sources,
        )
        return chosen, status, fig

    def update(self, _: object = None) -> None:
        """Filter the events by the controls and draw them."""
        self.events, self.status.value, fig = self.view()
        self.show(fig)
        if self.events.empty:  # the status line says no event matches; no empty axis under it
            self.output.outputs = ()


def timeline_explorer(
    events: pd.DataFrame,
    places: pd.DataFrame,
    people: pd.DataFrame,
    parties: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> TimelineExplorer:
    """Timeline filtered by phase, place and party/person, with a dates-as-printed/N.S./O.S. toggle."""
    return TimelineExplorer(events, places, people, parties, sources)
