"""Interactive views: timeline explorer, election calculator, calendar converter, glossary search.

Each view is a class that builds and owns its widgets (as ipywidgets' own examples do): its controls
and outputs are attributes (e.g. `w.quota`, `w.table`, `w.figure`) and `update()` redraws it, so a
notebook shows it and a test drives it from Python; the lowercase functions are what notebooks call.
Figures (helpers.figures.plotly_json) are put into an `Output` as a plotly MIME bundle (rendered
offline by JupyterLab's plotly extension); `w.figure` is the figure last shown and `w.alt` its text
alternative. One module a view: explorer, calculator, converter, glossary, organiser; figure_view and
lookup are what they share, and each view makes its widgets with one helpers.widget_parts.Parts.
"""

from helpers.widgets.calculator import ElectionCalculator, election_calculator
from helpers.widgets.converter import CalendarConverter, calendar_converter
from helpers.widgets.explorer import TimelineExplorer, display_names, timeline_explorer
from helpers.widgets.glossary import GlossarySearch, glossary_search

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
