"""Widgets made with shared Layout and style models: one home for the sharing the views and the quiz use.

Every ipywidget otherwise brings a Layout and a style model of its own, each one more message to the
browser and about 0.5 ms in a kernel (an eight-question quiz had 173 models and took 44 ms to build).
A view makes its widgets with one `Parts`; widgets of one style class (Text and Textarea both have a
TextStyle) then share one style model, and take one of the Parts' layouts unless given their own. Only
for widgets whose layout and style nothing changes after they are made.

A layer of its own, below helpers.widgets and helpers.quiz, which both use it and may not import each
other.
"""

from __future__ import annotations

from functools import cache, cached_property
from typing import Any, TypeVar

import ipywidgets as widgets

from helpers.text import NAMED

STYLE = {"description_width": "initial"}  # a control's label, never clipped
W = TypeVar("W", bound=widgets.Widget)


def wide() -> widgets.Layout:
    """A fresh layout that lets a widget take the width it needs."""
    return widgets.Layout(width="auto")


@cache
def style_class(cls: type) -> type | None:
    """The class of a widget class's style model (Text and Textarea both have a TextStyle, so they
    share one), None for a widget without one (a box)."""
    trait = cls.class_traits().get("style")
    return getattr(trait, "klass", None)


class Parts:
    """Makes one view's widgets with shared models: a default layout (`row`), a wide one, a full-width
    one (each made at first use: an unused model is still sent), and one style model per style class
    and settings (the `style` dict a widget is given): widgets given other settings get a model of
    their own, never the first one's."""

    def __init__(self) -> None:
        self.styles: dict[tuple[type, tuple[tuple[str, Any], ...]], widgets.Widget] = {}

    @cached_property
    def row(self) -> widgets.Layout:
        """The default layout (rows of controls, boxes)."""
        return widgets.Layout()

    @cached_property
    def wide(self) -> widgets.Layout:
        """The layout of labelled controls and HTML lines: as wide as they need."""
        return wide()

    @cached_property
    def full(self) -> widgets.Layout:
        """The full-width layout."""
        return widgets.Layout(width="100%")

    def __call__(
        self,
        cls: type[W],
        *args: Any,
        named: str | None = None,
        classes: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> W:
        """cls(*args, **kwargs) with the `row` layout unless given and the style model shared by its
        style class and its `style` settings (a dict, or none: the defaults); `named`: its accessible name (as
        helpers.text.name gives it), `classes`: its CSS classes, in this order. Both are given when it
        is made, in its first message, not sent as two updates after it."""
        if named is not None:
            kwargs["tooltip"] = named
            classes = (*classes, NAMED)
        if classes:
            kwargs["_dom_classes"] = classes
        if "layout" not in kwargs:
            kwargs["layout"] = self.row
        kind = style_class(cls)
        settings = kwargs.get("style") or {}
        if kind is None or not isinstance(settings, dict):  # no style, or a model given: its own
            return cls(*args, **kwargs)
        key = (kind, tuple(sorted(settings.items())))
        if key in self.styles:
            kwargs["style"] = self.styles[key]
        widget = cls(*args, **kwargs)
        self.styles.setdefault(key, widget.style)
        return widget

    def labelled(self, cls: type[W], description: str, **kwargs: Any) -> W:
        """A control made with its visible label (plain text, never HTML) and its style (STYLE unless
        given), with the wide layout unless given: all in its first message (set afterwards, each was
        an update and a replaced style and layout two more models)."""
        kwargs.setdefault("layout", self.wide)
        kwargs.setdefault("style", STYLE)
        return self(cls, description=description, description_allow_html=False, **kwargs)

    def html(self, value: str = "", **kwargs: Any) -> widgets.HTML:
        """An HTML widget with the wide layout unless given, and the shared HTML style."""
        kwargs.setdefault("layout", self.wide)
        return self(widgets.HTML, value, **kwargs)
