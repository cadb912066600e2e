"""helpers.figures.plotly_json: plain-data figures read like plotly's, merge like plotly's, and pass plotly's checks."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import data, widgets
from helpers.figures import charts, maps
from helpers.figures.plotly_json import MIME, Figure, bar, scatter, stacked_axes

NOTEBOOKS = sorted(
    (Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb")
)


def test_traces_and_layout_read_like_plotly_objects():
    fig = Figure([scatter(x=[1, 2], y=[3, 4], name="votes", marker={"size": 9})])
    fig.update_layout(title={"text": "T"})
    assert fig.data[0].type == "scatter" and fig.data[0].marker.size == 9
    assert fig.layout.title.text == "T"
    assert fig.data[0].customdata is None and fig.layout.xaxis is None  # unset reads as None


def test_update_layout_merges_nested_properties():
    fig = Figure(layout={"margin": {"l": 20, "t": 70}, "title": {"text": "T"}})
    fig.update_layout(margin={"t": 100}, legend={"x": 0})
    assert fig.layout.margin == {"l": 20, "t": 100}
    assert fig.layout.title.text == "T" and fig.layout.legend.x == 0


def test_unset_properties_are_left_out():
    assert "text" not in scatter(x=[1], text=None) and bar(x=[1]).type == "bar"


def test_json_is_plain_and_deterministic():
    fig = Figure([scatter(x=[dt.date(1918, 5, 28)], y=["Tiflis"])], {"meta": {"alt": "One event."}})
    assert json.loads(fig.to_json())["data"][0]["x"] == ["1918-05-28"]
    assert fig.to_json() == Figure(fig.data, fig.layout).to_json()
    bundle = fig.bundle()
    assert bundle["text/plain"] == "One event." and "config" in bundle[MIME]


def test_unknown_value_types_are_refused_with_a_message():
    with pytest.raises(TypeError, match="cannot put a object into a figure"):
        Figure([scatter(x=[object()])]).to_json()


def test_stacked_axes_do_not_overlap():
    layout = stacked_axes(3, spacing=0.1)
    domains = [layout[k]["domain"] for k in ("yaxis", "yaxis2", "yaxis3")]
    assert domains[0][1] == pytest.approx(1) and domains[-1][0] == pytest.approx(0)
    assert all(upper[0] > lower[1] for upper, lower in zip(domains, domains[1:], strict=False))
    assert layout["xaxis2"]["anchor"] == "y2"


def test_plotly_refuses_a_misspelt_property():
    with pytest.raises(ValueError, match="colour"):
        Figure([scatter(x=[1], marker={"colour": "red"})]).to_plotly()


# ---- plotly's own validation, moved from run time to the tests ----


def stored_figures() -> list[tuple[str, dict]]:
    """(notebook name, plotly spec) of every figure stored in the notebooks."""
    found = []
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                spec = output.get("data", {}).get(MIME)
                if spec:
                    found.append((path.stem, spec))
    return found


def test_every_stored_figure_passes_plotlys_validation():
    import plotly.graph_objects as go

    figures = stored_figures()
    assert len(figures) >= 20
    for name, spec in figures:
        go.Figure({"data": spec["data"], "layout": spec["layout"]})  # raises on a bad property
        assert "NaN" not in json.dumps(spec), name


def every_kind_of_figure() -> list[Figure]:
    """Every figure function on the real data, in each of its modes."""
    events, places = data.load("events"), data.load("places")
    figures = data.load("figures")
    ranged = list(figures.loc[figures["outside_low"].notna(), "figure_id"])
    explorer = widgets.timeline_explorer(events, places, data.load("people"), data.load("parties"))
    kinds = [explorer.figure]
    explorer.group_by.value = "actor"
    kinds.append(explorer.figure)
    calculator = widgets.election_calculator(data.load("elections_1917"), data.load("parties"))
    kinds.append(calculator.figure)
    return kinds + [
        charts.timeline(events, calendar="os"),
        charts.vote_bars(data.load("elections_1917"), parties=data.load("parties")),
        charts.hemicycle(data.load("seym_seats"), seats_col="seats_article", title="Seym"),
        charts.contested_range(figures, ranged, sources=data.load("sources")),
        maps.place_map(places, events),
        maps.route_map(places, ["batumi", "ganja", "baku"]),
    ]


def test_every_kind_of_figure_passes_plotlys_validation():
    for fig in every_kind_of_figure():
        plotly_fig = fig.to_plotly()
        assert len(plotly_fig.data) == len(fig.data) and fig.describe()


@pytest.mark.parametrize("plotly_io_first", [False, True])
def test_a_students_own_plotly_figure_renders_offline_too(plotly_io_first: bool) -> None:
    """lesson.start makes plotly.io use the offline MIME renderer, whenever plotly.io is imported."""
    code = (
        ("import plotly.io as pio\n" if plotly_io_first else "")
        + "from helpers import lesson\nlesson.start()\nimport plotly.io as pio\n"
        + "print(pio.renderers.default)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PLOTLY_RENDERER"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "plotly_mimetype", done.stderr


def test_repr_is_the_text_alternative():
    fig = Figure([scatter(x=[1], name="votes")], {"title": {"text": "T"}})
    assert repr(fig) == "Figure('T. votes: 1 points')"
