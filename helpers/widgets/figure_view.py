"""A box that shows a plotly figure offline (as a MIME bundle in an Output) with its text alternative."""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as widgets

from helpers.figures.plotly_json import Figure
from helpers.text import escaped

STYLE = {"description_width": "initial"}
W = TypeVar("W", bound=widgets.Widget)


def wide() -> widgets.Layout:
    """A fresh layout that lets a widget take the width it needs."""
    return widgets.Layout(width="auto")


def labelled(cls: type[W], description: str, **kwargs: Any) -> W:
    """A control made with its visible label (plain text, never HTML), the label's style and a wide
    layout: given when it is made, so they go to the browser in its first message (set afterwards,
    each was an update and a replaced style and layout two more models)."""
    return cls(
        description=description,
        description_allow_html=False,
        style=STYLE,
        layout=wide(),
        **kwargs,
    )


class FigureView(widgets.VBox):
    """Controls, a status line, details (e.g. a table), the figure and its text alternative."""

    def __init__(
        self,
        controls: list[widgets.Widget],
        details: list[widgets.Widget] | None = None,
        name: str = "the figure",
    ) -> None:
        self.name = name
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.alt = widgets.HTML(layout=wide())
        self.status = widgets.HTML(layout=wide())
        self.figure = Figure()
        super().__init__(
            [*controls, self.status, *(details or []), self.output, self.alt],
            layout=widgets.Layout(width="100%"),
        )

    def __repr__(self) -> str:
        """What a notebook shows before the cell is run in a live kernel (not a Python repr)."""
        return f"Run this cell to open {self.name}."

    def show(self, fig: Figure) -> None:
        """Replace the figure shown (and its text alternative)."""
        self.figure = fig
        self.output.outputs = (fig.output(),)
        self.alt.value = f"<p><i>Text alternative:</i> {escaped(fig.describe())}</p>"
