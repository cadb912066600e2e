"""A notebook's twin for `make bench`: what Jupyter itself charges for a lesson's shape.

The twin's first cell does what the floor does (pandas, plotly and ipywidgets imported) with the
kernel settings every lesson applies (helpers.kernel_settings: the libraries settled, each cell's
fixed costs cut) and sends the outputs the lesson's set-up cell sent. Each later cell sends the outputs
the lesson's cell sent (its MIME bundles, replayed from a probe run) and opens as many widget models
(trivial ones: one shared layout and style, small HTML parts in a box). None of our code runs but
those settings: not our other imports, not the data, not the figures, tables or quizzes. So the twin
over the settled floor (the twin of a notebook with one empty cell) is the cost of the lesson's shape
(the kernel's and the client's messages for its cells, outputs and widgets), and the lesson over its
twin is our code's own work, all that making our code faster could still save.

The twin is a lower bound of that shape: its widget models carry less state than the lesson's, and it
sends no widget updates after a model is opened. The probe counts a cell's widget models as the client
sees them: one state per comm opened (nbclient's `widget_state`, kept for the probe only).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# The twin's first cell, after `_bench_plan_path = "<plan>"`: the kernel settings first (they pause
# the collector while the libraries load: ipywidgets imported before them would be slower to load,
# and a twin slower than it should be makes our code's own work look smaller), then the replay.
# `_bench_twin(i)` sends code cell i's outputs again (0 = the set-up cell).
FIRST_CELL = """
from helpers.kernel_settings import settle_libraries, tuned

settle_libraries()  # the floor's imports, settled as a lesson's set-up cell settles them
tuned(get_ipython())

import json as _bench_json
import sys as _bench_sys

import ipywidgets as _bench_w
from IPython.display import display as _bench_display
from ipywidgets.widgets.widget_string import HTMLStyle as _BenchStyle  # not exported by ipywidgets

with open(_bench_plan_path, encoding="utf-8") as _bench_file:
    _bench_plan = _bench_json.load(_bench_file)


def _bench_twin(i):
    shape = _bench_plan[i]
    models = shape["models"]
    for out in shape["outputs"]:
        if "stream" in out:
            print(out["text"], end="", file=getattr(_bench_sys, out["stream"]))
        elif out["widget"] and models >= 3:  # a box, its layout and style, and the parts left
            layout, style = _bench_w.Layout(), _BenchStyle()
            parts = [_bench_w.HTML("x", layout=layout, style=style) for _ in range(models - 3)]
            _bench_display(_bench_w.VBox(parts, layout=layout))
            models = 0
        else:
            _bench_display(out["data"], raw=True)
    for _ in range(models):  # models the cell opened with no view of their own (ipywidgets keeps them)
        _bench_w.Layout()


_bench_twin(0)
"""


@dataclass
class CellShape:
    """What one code cell sent: its widget models (counted) and its outputs, as the twin replays them."""

    models: int = 0
    outputs: list[dict[str, Any]] = field(default_factory=list)


def replayed(output: Any) -> dict[str, Any] | None:
    """An output as the twin sends it again: a stream's text, or a display's MIME bundle (marked when
    it shows a widget); None for what the twin does not replay (an error)."""
    if output.output_type == "stream":
        return {"stream": output.name, "text": output.text}
    if output.output_type in ("display_data", "execute_result"):
        return {"data": dict(output.data), "widget": WIDGET_VIEW in output.data}
    return None


def probe(nb: Any, cwd: Path, env: dict[str, str]) -> list[CellShape]:
    """Run a notebook once and record each code cell's shape (widget models opened, outputs sent)."""
    from helpers.authoring.kernels import notebook_client

    client = notebook_client(
        nbformat.from_dict(nb),
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        store_widget_state=True,  # one state per widget model: how the models are counted
        shutdown_kernel="immediate",
    )
    shapes: list[CellShape] = []
    seen = 0

    def note(cell: Any, **_: Any) -> None:
        nonlocal seen
        if cell.cell_type != "code":
            return
        models = len(client.widget_state)
        outputs = [r for r in map(replayed, cell.get("outputs", [])) if r is not None]
        shapes.append(CellShape(models - seen, outputs))
        seen = models

    client.on_cell_executed = note
    client.execute(env=env)
    return shapes


def twin_notebook(nb: Any, shapes: list[CellShape], plan: Path) -> Any:
    """The twin of a notebook whose code cells sent `shapes` (the plan is written to `plan`): a first
    cell with the floor's imports, the kernel settings and the set-up cell's outputs, then one
    `_bench_twin(i)` cell for each code cell after the first."""
    if not shapes:
        raise ValueError("a notebook with no code cell has no twin")
    plan.write_text(json.dumps([asdict(s) for s in shapes]), encoding="utf-8")
    twin = nbformat.v4.new_notebook(metadata=nb.metadata)
    twin.cells = [nbformat.v4.new_code_cell(f"_bench_plan_path = {str(plan)!r}\n{FIRST_CELL}")]
    twin.cells += [nbformat.v4.new_code_cell(f"_bench_twin({i})") for i in range(1, len(shapes))]
    return twin
