"""helpers/authoring/bench.py on one tiny notebook: it measures and reports (no assertion on any time)."""

from __future__ import annotations

import math
import os
import re
import statistics
from pathlib import Path

import nbformat
import pytest

from helpers.authoring import bench


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one tiny notebook that draws a plotly figure (in its second code cell)."""
    code = "go.Figure(go.Bar(x=['a', 'b'], y=[1, 2]))"
    cells = [nbformat.v4.new_code_cell("import plotly.graph_objects as go")]
    nb = nbformat.v4.new_notebook(cells=[*cells, nbformat.v4.new_code_cell(code)])
    nbformat.write(nb, tmp_path / "99_tiny.ipynb")
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise KeyError('boom')")])
    nbformat.write(broken, tmp_path / "97_broken.ipynb")
    (tmp_path / "98_other.ipynb").write_text("{}", encoding="utf-8")
    return tmp_path


def test_select_by_prefix(folder: Path) -> None:
    assert [p.name for p in bench.select("99", folder)] == ["99_tiny.ipynb"]
    assert len(bench.select(None, folder)) == 3
    with pytest.raises(SystemExit, match="no notebook .* matches: 42"):
        bench.select("99,42", folder)


def test_peak_rss_of_this_process() -> None:
    assert bench.peak_rss(os.getpid()) > 10 * 2**20


def test_report_marks_failures_and_missed_goals() -> None:
    floor = bench.Measured("floor", [1.0, 1.2, 1.1], [100 * 2**20])
    slow = bench.Measured("01_slow", [2.0, 2.0, 2.0], [200 * 2**20], [[0.1, 0.5], [0.2, 0.7]])
    broken = bench.Measured("02_broken", error="KeyError: boom")
    sizes = {"01_slow": 3 * 2**20, "02_broken": 1024}
    text = bench.report(floor, [slow, broken], sizes, "data/events.csv is missing", 3, 500.0)
    assert "| 01_slow | 2.00 | 1.82 | 200 | +100 | 3072 | #2 0.60 s |" in text
    assert "| 02_broken | failed: KeyError: boom" in text
    assert "failed: data/events.csv is missing" in text
    assert "runtime venv (.venv-run, requirements.txt only) ≤ 450 MB: 500 MB MISSED" in text
    assert text.count("MISSED") == 5
    assert text.splitlines()[-1] == "worst notebook/floor ratio: 1.82"


def test_bench_runs_floor_and_notebook(folder: Path, capsys: pytest.CaptureFixture) -> None:
    out = folder / "bench.md"
    args = ["--runs", "1", "--warm-runs", "1", "--cold-runs", "2", "--notebooks", "99,97"]
    args += ["--folder", str(folder)]
    assert bench.main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    print(printed)  # the numbers, for whoever reads the test log
    assert out.read_text(encoding="utf-8") == printed
    row = re.search(r"^\| 99_tiny \| ([\d.]+) \| ([\d.]+) \| (\d+) \|", printed, re.MULTILINE)
    assert row, printed
    assert float(row[1]) > 0 and int(row[3]) > 20  # a kernel holds more than 20 MB
    assert re.search(r"^\| 99_tiny \|.*\| #[12] [\d.]+ s \|$", printed, re.MULTILINE)
    assert re.search(r"^\| floor \(kernel \+ imports\) \| [\d.]+ \| 1\.00 \| \d+ ", printed, re.M)
    assert "| 97_broken | failed: KeyError: 'boom' |" in printed
    assert re.search(
        r"^- cold \(median of 2 runs, each a fresh process .*\): \d+ ms$", printed, re.M
    )
    assert "98_other" not in printed.split("| **all notebooks**")[0].split("| floor")[1]
    row = r"^\| 99_tiny \| 2 \| [\d.]+ \| [+-][\d.]+ \| [+-][\d.]+ \| [+-]\d+ \|$"
    assert re.search(row, printed, re.M)
    assert "| 97_broken | 1 | failed: KeyError: 'boom' | | | |" in printed
    assert re.fullmatch(r"worst notebook/floor ratio: \d+\.\d\d", printed.strip().splitlines()[-1])


def test_cold_runs_each_start_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cold run gets its own empty cache folder; the warm runs share one, filled first."""
    seen: list[tuple[Path, list[str]]] = []

    def fake(cache: Path) -> float:
        seen.append((cache, sorted(p.name for p in cache.iterdir())))
        (cache / "tables.json").write_text("{}", encoding="utf-8")  # what a real load leaves
        return len(seen) / 1000

    monkeypatch.setattr(bench, "data_time", fake)
    cold, warm = bench.data_times(warm_runs=2, cold_runs=3)
    colds, warms = seen[:3], seen[3:]
    assert all(files == [] for _, files in colds)
    assert len({cache for cache, _ in colds}) == 3
    assert {cache for cache, _ in warms} == {warms[0][0]} and warms[0][0] not in dict(colds)
    assert [files for _, files in warms] == [[], ["tables.json"], ["tables.json"]]
    assert cold == statistics.median([0.001, 0.002, 0.003])
    assert warm == statistics.median([0.005, 0.006])


def test_profile_writes_a_report_per_notebook(folder: Path, tmp_path: Path) -> None:
    written = bench.profile(bench.select("99", folder), tmp_path / "profile")
    assert [p.name for p in written] == ["floor.txt", "99_tiny.txt"]
    report = written[1].read_text(encoding="utf-8")
    assert "Duration" in report and "plotly" in report
    assert (tmp_path / "profile" / "99_tiny.html").stat().st_size > 1000


def test_own_work_is_the_notebook_minus_its_twin_per_round_over_that_rounds_floor() -> None:
    """Per round (notebook - twin) / that round's floor: 0.4, 0.2, 0.1 -> median 0.2 (the medians'
    difference over the median floor would be 0.4); the shape is the twin minus the settled floor,
    likewise; own work in the kernel is per round too, over the cells after the set-up; the goal's
    ratio stays the notebook's median over the floor's; rounds after a failure are not paired."""
    floor = bench.Measured("floor", [1.0, 2.0, 1.0], [100 * 2**20])
    settled = bench.Measured("settled", [0.9, 1.8, 0.9], [100 * 2**20])
    lesson = bench.Measured("01_x", [1.5, 2.6, 1.2], [100 * 2**20], code_cells=5)
    twin = bench.Measured("01_x twin", [1.1, 2.2, 1.1], [100 * 2**20], code_cells=5)
    # per round, the cells after the set-up: 30 - 10, 90 - 20, 25 - 10 ms -> median 20 (the set-up
    # cells, left out, would make it 320 in round 1; the medians' difference would be 15)
    lesson.cells = [[0.5, 0.010, 0.020], [0.3, 0.040, 0.050], [0.4, 0.012, 0.013]]
    twin.cells = [[0.2, 0.005, 0.005], [0.6, 0.010, 0.010], [0.3, 0.005, 0.005]]
    assert bench.paired(lesson, twin, floor) == pytest.approx(0.2)
    assert bench.paired(twin, settled, floor) == pytest.approx(0.2)
    assert bench.kernel_own_ms(lesson, twin) == pytest.approx(20)
    assert math.isnan(bench.kernel_own_ms(lesson, bench.Measured("01_x twin")))
    text = bench.report(
        floor, [lesson], {"01_x": 1024}, (0.1, 0.01), 3, 100.0, twin_runs=[twin], settled=settled
    )
    assert "| 01_x | 5 | 1.10 | +0.20 | +0.20 | +20 |" in text
    assert "with one empty cell: 0.90 s, 0.90 × the floor" in text
    assert text.splitlines()[-1] == "worst notebook/floor ratio: 1.50"
    assert "every notebook ≤ 1.25 × the floor: worst 1.50 MISSED" in text
    assert "twin" not in bench.report(floor, [lesson], {}, (0.1, 0.01), 3)
    failed = bench.Measured("floor", [1.0, 2.0], error="KeyError: boom")  # failed in round 3
    assert bench.paired(lesson, twin, failed) == pytest.approx(0.3)
    assert math.isnan(bench.paired(lesson, twin, bench.Measured("floor")))
    broken = bench.Measured("01_x twin", error="KeyError: boom", code_cells=5)
    assert "| 01_x | 5 | failed: KeyError: boom | | | |" in bench.report(
        floor, [lesson], {}, (0.1, 0.01), 3, twin_runs=[broken], settled=settled
    )
    gone = bench.Measured("01_x", error="KeyError: boom", code_cells=5)
    assert "| 01_x | 5 | 1.10 | +0.20 | notebook failed | n/a |" in bench.report(
        floor, [gone], {}, (0.1, 0.01), 3, twin_runs=[twin], settled=settled
    )


def test_each_round_runs_the_floors_then_each_notebook_beside_its_twin(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The floor and the settled floor open every round; a notebook and its twin run one after the
    other, the twin first in every other round; no twins (and no settled floor) when not asked."""
    ran: list[str] = []

    def made(path: Path, nb: object, plans: Path) -> tuple[bench.Measured, object, Path]:
        return bench.Measured(f"{path.stem} twin"), f"{path.stem} twin", path.parent

    def run(nb: object, cwd: Path) -> tuple[float, int, list[float]]:
        code = nb.cells[0].source if hasattr(nb, "cells") else ""
        ran.append(
            "floor"
            if code == bench.FLOOR_CODE
            else "settled"
            if "_bench_plan_path" in code
            else str(nb)
            if isinstance(nb, str)
            else "99_tiny"
        )
        return 1.0, 2**20, [1.0]

    monkeypatch.setattr(bench, "twin_of", made)
    monkeypatch.setattr(bench, "run_once", run)
    floor, notebooks, twins, settled = bench.measure(bench.select("99", folder), 2, False)
    assert ran == ["floor", "settled", "99_tiny", "99_tiny twin"] + [
        "floor",
        "settled",
        "99_tiny twin",
        "99_tiny",
    ]
    assert [m.name for m in twins] == ["99_tiny twin"] and len(settled.seconds) == 2
    ran.clear()
    floor, notebooks, twins, settled = bench.measure(bench.select("99", folder), 1, False, False)
    assert ran == ["floor", "99_tiny"] and twins == [] and not settled.seconds
