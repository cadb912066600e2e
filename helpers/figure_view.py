"""A box that shows a plotly figure offline (as a MIME bundle in an Output) with its text alternative."""

from __future__ import annotations

import json

import ipywidgets as widgets
import plotly.graph_objects as go

from helpers import charts
from helpers.labels import escaped

STYLE = {"description_width": "initial"}
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "showLink": False}


def wide() -> widgets.Layout:
    """A fresh layout that lets a widget take the width it needs."""
    return widgets.Layout(width="auto")


def labelled(widget: widgets.Widget, description: str) -> widgets.Widget:
    """Give a control its visible label (plain text, never HTML)."""
    widget.description = description
    widget.description_allow_html = False
    widget.style = STYLE
    widget.layout = wide()
    return widget


def figure_bundle(fig: go.Figure) -> dict:
    """A display_data output holding a plotly figure (no URL, no script) and its text alternative."""
    spec = json.loads(fig.to_json())
    spec["config"] = PLOTLY_CONFIG
    return {
        "output_type": "display_data",
        "data": {"application/vnd.plotly.v1+json": spec, "text/plain": charts.describe(fig)},
        "metadata": {},
    }


class FigureView(widgets.VBox):
    """Controls, a status line, the figure and its text alternative, in one box."""

    def __init__(self, controls: list[widgets.Widget]) -> None:
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.alt = widgets.HTML(layout=wide())
        self.status = widgets.HTML(layout=wide())
        self.figure = go.Figure()
        super().__init__([*controls, self.status, self.output, self.alt])
        self.layout.width = "100%"

    def show(self, fig: go.Figure) -> None:
        """Replace the figure shown (and its text alternative)."""
        self.figure = fig
        self.output.outputs = (figure_bundle(fig),)
        self.alt.value = f"<p><i>Text alternative:</i> {escaped(charts.describe(fig))}</p>"
