"""helpers/authoring/twins.py: a notebook's twin sends the same outputs and opens as many widget models,
cell by cell, as the notebook (probed in real kernels)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from helpers import kernel_settings
from helpers.authoring import twins
from helpers.authoring.bench import kernel_env

CELLS = [
    "import ipywidgets as w\nfrom IPython.display import HTML, display\nprint('set up')",
    "print('printed')",
    "display(HTML('<b>shown</b>'))\n41 + 1",
    "w.VBox([w.HTML('a'), w.HTML('b')])",  # a box and two parts, each with a layout; two styles
    "kept = w.Layout()",  # a model with no view
    "pass",
]


def test_the_twin_replays_each_cells_outputs_and_widget_models(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    shapes = twins.probe(nb, tmp_path, kernel_env())
    assert [s.models for s in shapes] == [0, 0, 0, 8, 1, 0]
    assert shapes[1].outputs == [{"stream": "stdout", "text": "printed\n"}]
    assert [o["data"].get("text/html") for o in shapes[2].outputs] == ["<b>shown</b>", None]
    assert shapes[2].outputs[1]["data"]["text/plain"] == "42"
    assert [o["widget"] for o in shapes[3].outputs] == [True]

    twin = twins.twin_notebook(nb, shapes, tmp_path / "plan.json")
    assert CELLS[0] not in twin.cells[0].source  # none of the notebook's own code runs
    assert [c.source for c in twin.cells[1:]] == [f"_bench_twin({i})" for i in range(1, 6)]
    again = twins.probe(twin, tmp_path, kernel_env())
    assert [s.models for s in again] == [s.models for s in shapes]
    assert [s.outputs for s in again[:3]] == [s.outputs for s in shapes[:3]]
    assert [o["widget"] for o in again[3].outputs] == [True]
    assert again[4].outputs == again[5].outputs == []


def test_the_twins_first_cell_applies_the_lessons_kernel_settings(tmp_path: Path) -> None:
    """The twin's kernel replies without a pause and keeps its input history in batches, as a
    lesson's does after lesson.start() (helpers.kernel_settings), so only our code's work differs."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    twin = twins.twin_notebook(nb, [twins.CellShape()], tmp_path / "plan.json")
    ask = "ip = get_ipython()\nprint(ip.kernel._execute_sleep, ip.history_manager.db_cache_size)"
    twin.cells.append(nbformat.v4.new_code_cell(ask))
    said = twins.probe(twin, tmp_path, kernel_env())[-1].outputs
    assert said == [{"stream": "stdout", "text": f"0.0 {kernel_settings.HISTORY_BATCH}\n"}]
    with pytest.raises(ValueError, match="no code cell"):
        twins.twin_notebook(nb, [], tmp_path / "plan.json")
