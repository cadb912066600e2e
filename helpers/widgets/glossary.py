"""The glossary search: any spelling of a person, party, place or term, and its card."""

from __future__ import annotations

from functools import cached_property

import ipywidgets as widgets
import pandas as pd

from helpers.text import escaped
from helpers.widget_parts import Parts
from helpers.widgets import lookup


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
        shared = Parts()
        self.query = shared.labelled(
            widgets.Text,
            "Name or term",
            placeholder="e.g. Shaumyan, Şaumyan, Dashnak, Tiflis",
            continuous_update=True,  # answers as the student types (a lookup is a few ms)
        )
        self.result = shared.html()
        self.matches: list[lookup.Entry] = []
        super().__init__([self.query, self.result])
        self.query.observe(self.update, names="value")

    @cached_property
    def entries(self) -> list[lookup.Entry]:
        """Every searchable spelling, folded: made at the first lookup, not when the cell runs."""
        return lookup.index(self.tables)

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
