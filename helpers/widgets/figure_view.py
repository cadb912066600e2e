"""A box that shows a plotly figure offline (as a MIME bundle in an Output) with its text alternative."""

from __future__ import annotations

import ipywidgets as widgets

from helpers.figures.plotly_json import Figure
from helpers.text import escaped
from helpers.widget_parts import Parts


class FigureView(widgets.VBox):
    """Controls, a status line, details (e.g. a table), the figure and its text alternative."""

    def __init__(
        self,
        controls: list[widgets.Widget],
        details: list[widgets.Widget] | None = None,
        name: str = "the figure",
        shared: Parts | None = None,
        figure: Figure | None = None,
        status: str = "",
        drawn: bool = True,
    ) -> None:
        """`figure` and `status`, when given, are shown from the start: in the widgets' first
        messages, not in an update of each sent after them (the figure's JSON twice). With `drawn`
        False the figure's text alternative is shown but not the figure (nothing to draw)."""
        self.name = name
        self.shared = shared = shared or Parts()  # the controls' own, when they were made with it
        shown = (figure.output(),) if figure is not None and drawn else ()
        self.output = widgets.Output(layout=shared.full, outputs=shown)
        self.alt = shared.html(alt_text(figure) if figure is not None else "")
        self.status = shared.html(status)
        self.figure = figure if figure is not None else Figure()
        super().__init__(
            [*controls, self.status, *(details or []), self.output, self.alt],
            layout=shared.full,
        )

    def __repr__(self) -> str:
        """What a notebook shows before the cell is run in a live kernel (not a Python repr)."""
        return f"Run this cell to open {self.name}."

    def show(self, fig: Figure) -> None:
        """Replace the figure shown (and its text alternative)."""
        self.figure = fig
        self.output.outputs = (fig.output(),)
        self.alt.value = alt_text(fig)


def alt_text(fig: Figure) -> str:
    """The line under a figure that gives its text alternative."""
    return f"<p><i>Text alternative:</i> {escaped(fig.describe())}</p>"
