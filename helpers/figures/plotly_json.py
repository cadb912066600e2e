"""A plotly figure as plain data: built without plotly's Python classes, shown offline as plotly's MIME bundle.

Why not `plotly.graph_objects`: in a fresh kernel the first `go.Figure` imports plotly's object model,
reads its 3 MB validator file and loads a template (0.1-0.2 s), and every property set afterwards is
validated again; the lessons paid that in every notebook (see `make bench`). A `Figure` here is the
JSON plotly.js draws (`data` traces and a `layout`), so building and showing one costs what building a
dict costs. Plotly's checking is not lost, it moves to the tests: `to_plotly()` builds the validated
`go.Figure` (tests/test_figure.py does so for every kind of figure the helpers make), and a student who wants
plotly's own API can call it too.

Traces and layout read like plotly's objects (`fig.data[0].x`, `fig.layout.title.text`; a missing
property reads as None) because they are `Props`: dicts whose keys are also attributes. That is as far
as the imitation goes: `Figure` keeps the few methods the helpers use (add_trace, add_annotation,
update_layout) and does not grow more of `go.Figure`'s API; for that, call `to_plotly()`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

MIME = "application/vnd.plotly.v1+json"
# The mode bar a class uses: save as PNG, zoom, pan, reset (and the map's zoom in/out/reset). Nothing
# that sends a figure out: plotly.js 3 shows "Share chart..." (an upload to Plotly Cloud) unless told.
# Fewer buttons are also fewer Tab stops between a student and the quiz (issue 28: 10 a figure).
MODEBAR_REMOVED = [
    "sendChartToCloud",
    "downloadJson",
    "select2d",
    "lasso2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
    "hoverClosestGeo",
    "toggleSpikelines",
    "toggleHover",
]
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": MODEBAR_REMOVED,
}


class Props(dict):
    """A dict whose keys read as attributes, like plotly's objects (a missing key reads as None)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


def props(value: Any) -> Any:
    """Nested dicts (also inside lists) as Props; anything else as it is."""
    if isinstance(value, Mapping):
        return Props({k: props(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [props(v) for v in value]
    return value


def merge(base: dict, changes: Mapping[str, Any]) -> dict:
    """Update base in place, merging nested dicts key by key (like plotly's update_layout)."""
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = props(value)
    return base


def unset_dropped(properties: Mapping[str, Any]) -> dict[str, Any]:
    """The properties without those given as None (plotly's way of saying 'not set')."""
    return {k: v for k, v in properties.items() if v is not None}


def scatter(**properties: Any) -> Props:
    """A scatter trace (markers, lines, text) as plotly.js reads it."""
    return props({"type": "scatter", **unset_dropped(properties)})


def bar(**properties: Any) -> Props:
    """A bar trace as plotly.js reads it."""
    return props({"type": "bar", **unset_dropped(properties)})


def plain(value: Any) -> Any:
    """JSON for what json cannot write itself: dates as ISO text, numpy numbers as Python numbers."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    if hasattr(value, "item"):  # numpy and pandas scalars
        return value.item()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot put a {type(value).__name__} into a figure: {value!r}")


class Figure:
    """Traces and a layout; shown as plotly's JSON MIME bundle with its text alternative."""

    def __init__(self, data: Iterable[Mapping] = (), layout: Mapping[str, Any] | None = None):
        self.data: list[Props] = [props(t) for t in data]
        self.layout: Props = props(layout or {})

    def add_trace(self, trace: Mapping[str, Any]) -> Figure:
        """Append a trace (a dict such as `scatter(...)` returns); return the figure."""
        self.data.append(props(trace))
        return self

    def add_annotation(self, **annotation: Any) -> Figure:
        """Append a text or arrow annotation to the layout; return the figure."""
        self.layout.setdefault("annotations", []).append(props(annotation))
        return self

    def update_layout(self, changes: Mapping[str, Any] | None = None, **more: Any) -> Figure:
        """Merge layout properties in (nested dicts key by key); return the figure."""
        merge(self.layout, {**(changes or {}), **more})
        return self

    def describe(self) -> str:
        """A short text alternative: the one its view stored in layout.meta, else one built from
        its title and traces."""
        meta = self.layout.get("meta")
        if isinstance(meta, Mapping) and meta.get("alt"):
            return str(meta["alt"])
        title = (self.layout.get("title") or {}).get("text") or "Untitled figure"
        title = title.replace("<br>", " ")  # a wrapped title reads as one line
        parts = [f"{t.name}: {len(t.x) if t.x is not None else 0} points" for t in self.data]
        return f"{title}. " + "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The figure as plain JSON data: {'data': [...], 'layout': {...}}."""
        return json.loads(self.to_json())

    def to_json(self) -> str:
        """The figure as JSON text (deterministic: same figure, same text)."""
        return json.dumps({"data": self.data, "layout": self.layout}, default=plain)

    def bundle(self) -> dict[str, Any]:
        """The MIME bundle JupyterLab draws offline, with the text alternative as its plain text."""
        spec = self.to_dict()
        spec["config"] = CONFIG
        return {MIME: spec, "text/plain": self.describe()}

    def output(self) -> dict[str, Any]:
        """The figure as a notebook display_data output (for an ipywidgets Output)."""
        return {"output_type": "display_data", "data": self.bundle(), "metadata": {}}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return self.bundle()

    def show(self) -> None:
        """Display the figure (like plotly's fig.show(), offline)."""
        from IPython.display import display

        display(self)

    def to_plotly(self) -> Any:
        """The same figure as a validated plotly `go.Figure` (raises ValueError on a bad property)."""
        import plotly.graph_objects as go

        return go.Figure(self.to_dict())

    def __repr__(self) -> str:
        return f"Figure({self.describe()!r})"


def row_suffix(row: int) -> str:
    """How plotly numbers the axes of stacked plot `row`: '' for the first, then '2', '3'..."""
    return "" if row == 1 else str(row)


def stacked_axes(rows: int, spacing: float) -> dict[str, Any]:
    """Layout axes for `rows` plots stacked in one column (row 1 on top), like make_subplots."""
    height = (1 - spacing * (rows - 1)) / rows
    layout: dict[str, Any] = {}
    for n in range(1, rows + 1):
        top = 1 - (n - 1) * (height + spacing)
        suffix = row_suffix(n)
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [0.0, 1.0]}
        bottom, top = max(0.0, round(top - height, 9)), min(1.0, round(top, 9))
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "domain": [bottom, top]}
    return layout


def axis_ids(row: int) -> dict[str, str]:
    """The trace properties that put a trace on row `row` of stacked_axes."""
    return {"xaxis": f"x{row_suffix(row)}", "yaxis": f"y{row_suffix(row)}"}
