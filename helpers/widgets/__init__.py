"""Interactive views: timeline explorer, election calculator, calendar converter, glossary search.

Each view is a class that builds and owns its widgets (as ipywidgets' own examples do): its controls
and outputs are attributes (e.g. `w.quota`, `w.table`, `w.figure`) and `update()` redraws it, so a
notebook shows it and a test drives it from Python; the lowercase functions are what notebooks call.
Figures (helpers.figures.plotly_json) are put into an `Output` as a plotly MIME bundle (rendered
offline by JupyterLab's plotly extension); `w.figure` is the figure last shown and `w.alt` its text
alternative. One module a view: explorer, calculator, converter, glossary, organiser; figure_view and
lookup are what they share, and each view makes its widgets with one helpers.widget_parts.Parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helpers.widgets.calculator import ElectionCalculator, election_calculator
    from helpers.widgets.converter import CalendarConverter, calendar_converter
    from helpers.widgets.explorer import TimelineExplorer, display_names, timeline_explorer
    from helpers.widgets.glossary import GlossarySearch, glossary_search


def __getattr__(name: str) -> Any:
    """A view's module is imported when a cell first asks for it (`widgets.calendar_converter`), not
    by the set-up cell's `from helpers import widgets`: a lesson loads only the views it shows (the
    glossary search and its lookup, e.g., are in few lessons). PEP 562."""
    if name in ("ElectionCalculator", "election_calculator"):
        from helpers.widgets import calculator as module
    elif name in ("CalendarConverter", "calendar_converter"):
        from helpers.widgets import converter as module
    elif name in ("TimelineExplorer", "display_names", "timeline_explorer"):
        from helpers.widgets import explorer as module
    elif name in ("GlossarySearch", "glossary_search"):
        from helpers.widgets import glossary as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value  # later look-ups skip this function
    return value


__all__ = [
    "CalendarConverter",
    "ElectionCalculator",
    "GlossarySearch",
    "TimelineExplorer",
    "calendar_converter",
    "display_names",
    "election_calculator",
    "glossary_search",
    "timeline_explorer",
]
