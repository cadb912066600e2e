"""Figures and explorers a cell shows: a figure with its text alternative, the timeline, contested
numbers, the timeline explorer and the glossary search, each given the names and source labels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd
from IPython.display import HTML, display

from helpers import data
from helpers.text import escaped

if TYPE_CHECKING:
    from helpers.figures.plotly_json import Figure
    from helpers.widgets import GlossarySearch, TimelineExplorer


def show(fig: Figure) -> None:
    """Display a figure followed by its text alternative."""
    display(fig)
    alt = escaped(fig.describe())
    display(HTML(f'<p role="note"><strong>Figure description.</strong> {alt}</p>'))


def names() -> dict[str, str]:
    """Place, person and party ids to the names a reader knows them by."""
    from helpers.figures import charts

    return charts.display_names(data.load("places"), data.load("people"), data.load("parties"))


def timeline(events: pd.DataFrame, **options: Any) -> Figure:
    """charts.timeline with the names of places, people and parties and the sources' labels."""
    from helpers.figures import charts

    options.setdefault("names", names())
    options.setdefault("sources", data.load("sources"))
    return charts.timeline(events, **options)


def timeline_explorer(events: pd.DataFrame) -> TimelineExplorer:
    """The timeline explorer over these events, with names and source labels (one call, one look)."""
    from helpers import widgets

    tables = (data.load(t) for t in ("places", "people", "parties", "sources"))
    return widgets.timeline_explorer(events, *tables)


def contested_range(figure_ids: str | Iterable[str], title: str | None = None) -> Figure:
    """charts.contested_range of data/figures.csv, its sources by their labels."""
    from helpers.figures import charts

    ids = figure_ids if isinstance(figure_ids, str) else list(figure_ids)
    figures, sources = data.load("figures"), data.load("sources")
    return charts.contested_range(figures, ids, sources=sources, title=title)


def show_contested(ids: list[str], per_chart: int = 3) -> None:
    """Contested numbers a few to a chart, so that no chart is taller than a projected screen."""
    parts = [ids[i : i + per_chart] for i in range(0, len(ids), per_chart)]
    for k, part in enumerate(parts, start=1):
        title = f"Contested numbers ({k} of {len(parts)}): what the article says and what other scholarship gives"
        show(contested_range(part, title=title))


def glossary_search(events: pd.DataFrame | None = None) -> GlossarySearch:
    """The name and term search over people, parties, places and the glossary, with their events."""
    from helpers import widgets

    tables = {t: data.load(t) for t in ("glossary", "people", "parties", "places")}
    events = data.load("events") if events is None else events
    return widgets.glossary_search(**tables, events=events, sources=data.load("sources"))
