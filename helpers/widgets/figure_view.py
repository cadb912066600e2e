"""A box that shows a plotly figure offline (as a MIME bundle in an Output) with its text alternative."""

from __future__ import annotations

from functools import cached_property
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
    each was an update and a replaced style and layout two more models). `style` and `layout` may
    be given (models shared by the controls of one view: Shared)."""
    kwargs.setdefault("style", STYLE)
    if "layout" not in kwargs:  # not setdefault: an unused Layout is still a model sent
        kwargs["layout"] = wide()
    return cls(description=description, description_allow_html=False, **kwargs)


class Shared:
    """The Layout and style models the widgets of one view share: one wide layout, one full-width
    layout, one default layout (rows of controls), one style per widget class. Each ipywidget otherwise brings a Layout and a style model
    of its own, each one more message to the browser and about 0.5 ms in the kernel (the quiz's
    Parts does the same). Only for widgets whose layout and style nothing changes after."""

    def __init__(self) -> None:
        self.styles: dict[type, Any] = {}

    @cached_property
    def wide(self) -> widgets.Layout:
        """The controls' and HTML's layout (made at first use: an unused model is still sent)."""
        return wide()

    @cached_property
    def full(self) -> widgets.Layout:
        """The full-width layout (the view and its figure's output)."""
        return widgets.Layout(width="100%")

    @cached_property
    def row(self) -> widgets.Layout:
        """The default layout (rows of controls)."""
        return widgets.Layout()

    def labelled(self, cls: type[W], description: str, **kwargs: Any) -> W:
        """labelled(), with this view's wide layout and its class's style."""
        kwargs.setdefault("layout", self.wide)
        return self.styled(labelled(cls, description, style=self.styles.get(cls, STYLE), **kwargs))

    def html(self, value: str = "", **kwargs: Any) -> widgets.HTML:
        """An HTML widget with this view's wide layout (unless given) and the shared HTML style."""
        kwargs.setdefault("layout", self.wide)
        return self.styled(widgets.HTML(value, style=self.styles.get(widgets.HTML, {}), **kwargs))

    def styled(self, widget: W) -> W:
        """Keep the first style model of each widget class for the next ones; returns the widget."""
        self.styles.setdefault(type(widget), widget.style)
        return widget


class FigureView(widgets.VBox):
    """Controls, a status line, details (e.g. a table), the figure and its text alternative."""

    def __init__(
        self,
        controls: list[widgets.Widget],
        details: list[widgets.Widget] | None = None,
        name: str = "the figure",
        shared: Shared | None = None,
    ) -> None:
        self.name = name
        self.shared = shared = shared or Shared()  # the controls' own, when they were made with it
        self.output = widgets.Output(layout=shared.full)
        self.alt = shared.html()
        self.status = shared.html()
        self.figure = Figure()
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
        self.alt.value = f"<p><i>Text alternative:</i> {escaped(fig.describe())}</p>"
