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
import math
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


# Values props() returns as they are, known by their exact type before the slower isinstance checks:
# a map's outline is thousands of numbers, a timeline's hovers a list of text.
PLAIN = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def props(value: Any) -> Any:
    """Nested dicts (also inside lists) as Props; anything else as it is."""
    if type(value) in PLAIN:
        return value
    if isinstance(value, Mapping):
        return Props({k: props(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [v if type(v) in PLAIN else props(v) for v in value]
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


# Text a figure prints never runs past it (issue 28). Plotly sets a title, an axis title, a legend entry
# or an annotation as SVG lines it neither wraps nor shrinks, and cuts them where the figure ends. The
# narrowest figure a class sees is about FIT_PX wide (a notebook at 200% zoom of a 1280-pixel screen:
# measured by tests/browser/test_browser_figures.py), and Arial averages about EM_PER_CHAR of its size
# a character; each text gets its SHARE of that width (an axis title is centred on the plot area, which
# the tick labels narrow; an annotation sits at a data point) and is wrapped (<br>) to the characters
# that fit, at its own font size, when the figure is shown.
FIT_PX = 460
EM_PER_CHAR = 0.6
SHARE = {"title": 1.0, "axis": 0.55, "legend": 0.9, "annotation": 0.45}
PLOTLY_FONT_SIZE = 12  # plotly's size for a text whose figure names none
PLOTLY_TOP_MARGIN = 100  # plotly's top margin for a figure that names none
# A title sits centred in the top margin, which holds its lines (plotly sets a line about LINE_EM of the
# font size apart) with TITLE_PAD above and TITLE_GAP below (a 70 px margin cut a third line).
LINE_EM, TITLE_PAD, TITLE_GAP = 1.3, 10, 16


def fitted(text: str, size: float, share: float) -> str:
    """`text` with each of its lines longer than its share of FIT_PX at `size` px wrapped (<br>); the
    lines it already has are kept (a longer word keeps its own line)."""
    import textwrap

    chars = max(12, int(FIT_PX * share / (EM_PER_CHAR * size)))
    lines = []
    for line in text.split("<br>"):
        lines += textwrap.wrap(line, chars, break_long_words=False) or [line]
    return "<br>".join(lines)


def fit_texts(spec: dict[str, Any]) -> dict[str, Any]:
    """The figure's JSON with its title, axis titles, legend entries and annotations fitted to FIT_PX."""
    layout = spec.setdefault("layout", {})
    base = (layout.get("font") or {}).get("size") or PLOTLY_FONT_SIZE

    def fit(holder: dict, key: str, share: float, size: float) -> None:
        value = holder.get(key)
        if isinstance(value, dict):
            size = (value.get("font") or {}).get("size") or size
            if isinstance(value.get("text"), str):
                value["text"] = fitted(value["text"], size, share)
        elif isinstance(value, str):
            holder[key] = fitted(value, size, share)

    fit(layout, "title", SHARE["title"], base)
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        size = (title.get("font") or {}).get("size") or base
        lines = title["text"].count("<br>") + 1
        # plotly centres a title in the top margin; its automargin moved a title of several lines
        # to hang from the top (yanchor "top"), where they ran out of the figure (10-85 px, measured)
        title["automargin"] = False
        margin = layout.setdefault("margin", {})
        need = TITLE_PAD + math.ceil(lines * size * LINE_EM) + TITLE_GAP
        margin["t"] = max(margin.get("t", PLOTLY_TOP_MARGIN), need)
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            fit(axis, "title", SHARE["axis"], base)
            if "<br>" in str(axis.get("title")):
                axis.setdefault("automargin", True)  # room for the title's lines
    legend = ((layout.get("legend") or {}).get("font") or {}).get("size") or base
    for trace in spec.get("data", []):
        if trace.get("showlegend", True) is not False:
            fit(trace, "name", SHARE["legend"], legend)
    for note in layout.get("annotations", []):
        # a note placed on the figure (a source line) has its width; one at a data point, its share
        share = SHARE["title"] if str(note.get("xref", "x")) == "paper" else SHARE["annotation"]
        fit(note, "text", share, (note.get("font") or {}).get("size") or base)
    return spec


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
        spec = fit_texts(self.to_dict())
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
