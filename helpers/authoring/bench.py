"""make bench: time and memory of every notebook against the floor (a kernel importing pandas, plotly, ipywidgets).

Goals (checked and printed at the end of the table):
- every notebook runs in at most 1.25 x the floor's time (fresh kernel each run, median of --runs);
- loading and validating all the data takes at most 150 ms cold (median of --cold-runs, each a fresh
  process with a fresh empty cache: every one validates and builds the snapshot, none reuses another's);
- a notebook's kernel peaks at most 60 MB above the floor's kernel;
- all stored notebooks together take at most 2 MB on disk.

Time is the wall clock of nbclient's `execute()`: start a fresh kernel (over Unix sockets, as every
kernel our tools start: helpers/authoring/kernels.py), run every cell (widget state
not stored), stop the kernel. The kernel is stopped at once, as nbval stops its kernels: with ipykernel
7.4 a graceful shutdown stalls for 2-3 s in about one run in ten (its control thread's last flush waits
on the IOPub thread its main thread is closing), in the floor and the lessons alike. No lesson pays
that stall; two stalled floor runs among five would move every ratio. Runs are interleaved (each
round: the floor, then each notebook beside its twin) so that a busy machine slows them all alike.
Memory is the kernel's VmHWM from /proc/PID/status, read after each cell's reply: Linux's own record
of the most memory the process ever held resident, so no short peak is missed (a poller can miss one)
and the bench process itself is not counted (getrusage(RUSAGE_CHILDREN) would mix in every earlier
kernel). Data time is measured in fresh Python processes after `import pandas` (the floor pays for
pandas): `from helpers import data`, every table loaded, the notebook spec read.

Each notebook's twin, printed under the table for reading the ratios (not a goal): a lesson has 13-25
code cells, up to 150 widget models and large outputs where the floor has one cell, and every cell,
output and model costs the kernel and the client messages whatever our code does. The twin
(helpers/authoring/twins.py) does the floor's imports with the lessons' kernel settings, then sends
each cell's outputs again and opens as many (trivial) widget models, running none of our code but the
settings. The settled floor (the twin of a notebook with one empty cell) is what the floor costs with
those settings. Per round: the twin minus the settled floor is what Jupyter charges for the lesson's
shape; the lesson minus its twin is our code's own work (our imports and data included), what making
our code faster could still save. The last column (kernel_own_ms) is the lesson's code cells after
the set-up minus its twin's, as the kernel timed them (ms, median over the rounds). It leaves out the
set-up cell, so it has none of our imports or data loading; that cell is also where the rounds differ
most, since loading the libraries takes a third more in some rounds than in others.

Before measuring, helpers/ is byte-compiled (compileall). Python does that itself on a student's
machine the first time a lesson runs and reuses it afterwards; where PYTHONDONTWRITEBYTECODE is set
(as on our CI machines) it would instead recompile helpers/ in every kernel (about 0.04 s), a cost the
installed libraries of the floor never pay because pip compiles them at install time.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from helpers.authoring import twins

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
FLOOR_CODE = "import pandas\nimport plotly\nimport ipywidgets"
GOAL_RATIO = 1.25
GOAL_DATA_COLD_MS = 150.0
GOAL_EXTRA_MB = 60.0
GOAL_TOTAL_MB = 2.0
GOAL_RUNTIME_VENV_MB = 450.0  # .venv-run: requirements.txt alone, as `make lab` installs it
RUN_VENV = REPO / ".venv-run"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DATA_PROBE = """
import json, time
import pandas
start = time.perf_counter()
from helpers import data
for name in data.table_names():
    data.load(name)
data.notebook_spec()
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


@dataclass
class Measured:
    """Runs of one notebook (or of the floor): seconds and peak kernel memory in bytes."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    cells: list[list[float]] = field(default_factory=list)  # per run: seconds of each code cell
    error: str = ""
    code_cells: int = 1

    @property
    def median(self) -> float:
        """Median wall time in seconds (nan if nothing ran)."""
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def slowest(self) -> str:
        """The code cell with the highest median time, as '#N 0.42 s' (N counts code cells from 1)."""
        runs = [c for c in self.cells if c]
        if not runs or len({len(c) for c in runs}) != 1:
            return ""
        medians = [statistics.median(r[i] for r in runs) for i in range(len(runs[0]))]
        worst = max(range(len(medians)), key=medians.__getitem__)
        return f"#{worst + 1} {medians[worst]:.2f} s"

    @property
    def peak_mb(self) -> float:
        """Highest kernel peak over the runs, in MB (nan if unknown)."""
        return max(self.peaks) / 2**20 if self.peaks else float("nan")


def floor_notebook() -> Any:
    """A notebook of one cell that imports pandas, plotly and ipywidgets."""
    from helpers.authoring.notebook import KERNELSPEC

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_CODE)]
    return nb


def code_cells(nb: Any) -> int:
    """How many code cells a notebook has."""
    return sum(cell.cell_type == "code" for cell in nb.cells)


def peak_rss(pid: int) -> int:
    """The highest resident memory a process has had so far, in bytes (Linux VmHWM; psutil elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import psutil

    return psutil.Process(pid).memory_info().rss


def kernel_env() -> dict[str, str]:
    """The environment a lesson runs in (throw-away progress file, student mode)."""
    from helpers.authoring.notebook import execution_env

    return execution_env()


def cell_seconds(nb: Any) -> list[float]:
    """Seconds each code cell of an executed notebook ran (from the kernel's timing metadata)."""
    from datetime import datetime

    out = []
    for cell in nb.cells:
        timing = cell.metadata.get("execution", {})
        if cell.cell_type == "code" and "shell.execute_reply" in timing:
            start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            out.append((end - start).total_seconds())
    return out


def run_once(nb: Any, cwd: Path) -> tuple[float, int, list[float]]:
    """Execute a copy of a notebook in a fresh kernel: (wall seconds, peak bytes, seconds per code cell)."""
    from helpers.authoring.kernels import notebook_client

    peak = 0
    client = notebook_client(
        nbformat.from_dict(nb),
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        store_widget_state=False,
        record_timing=True,
        shutdown_kernel="immediate",  # see the module's docstring: a graceful stop can stall 2-3 s
    )

    def note_peak(**_: Any) -> None:
        nonlocal peak
        peak = max(peak, peak_rss(client.km.provisioner.pid))

    client.on_cell_executed = note_peak
    start = time.perf_counter()
    client.execute(env=kernel_env())
    return time.perf_counter() - start, peak, cell_seconds(client.nb)


def profiled(nb: Any, out: Path) -> Any:
    """A copy of a notebook that profiles all its cells with pyinstrument and writes out (.txt, .html)."""
    nb = nbformat.from_dict(nb)
    start = (
        "import pyinstrument as _bench_pi\n"
        "_bench_profiler = _bench_pi.Profiler(interval=0.001, async_mode='disabled')\n"
        "_bench_profiler.start()"
    )
    stop = (
        "_bench_profiler.stop()\n"
        f"open({str(out.with_suffix('.txt'))!r}, 'w').write("
        "_bench_profiler.output_text(unicode=True, color=False, show_all=False))\n"
        f"open({str(out.with_suffix('.html'))!r}, 'w').write(_bench_profiler.output_html())"
    )
    nb.cells = [nbformat.v4.new_code_cell(start), *nb.cells, nbformat.v4.new_code_cell(stop)]
    return nb


def profile(paths: list[Path], out_dir: Path) -> list[Path]:
    """Run the floor and each notebook once under pyinstrument; write out_dir/NAME.txt and .html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    items = [("floor", floor_notebook(), NOTEBOOKS)]
    items += [(p.stem, nbformat.read(p, as_version=4), p.parent) for p in paths]
    written = []
    for name, nb, cwd in items:
        run_once(profiled(nb, out_dir / name), cwd)  # writes the report files itself
        written.append(out_dir / f"{name}.txt")
    return written


def data_time(cache: Path) -> float:
    """Seconds a fresh process takes to load (and, with an empty cache, validate) all the data."""
    env = dict(os.environ, CAUCASUS_CACHE=str(cache))
    done = subprocess.run(
        [sys.executable, "-c", DATA_PROBE], env=env, cwd=REPO, capture_output=True, text=True
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["(no message)"]
        raise RuntimeError(lines[-1])
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def cold_time() -> float:
    """Seconds of one cold data load: a fresh process with a fresh, empty cache folder."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        return data_time(Path(tmp))


def data_times(warm_runs: int, cold_runs: int = 5) -> tuple[float, float]:
    """(median cold seconds, median warm seconds) for loading and validating all the data: each cold
    run is a fresh process with a fresh empty cache (still cold, only the machine's noise is damped);
    the warm runs share one cache, filled by a first load."""
    cold = statistics.median(cold_time() for _ in range(cold_runs))
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        data_time(Path(tmp))  # fills the cache the warm runs use
        warm = statistics.median(data_time(Path(tmp)) for _ in range(warm_runs))
    return cold, warm


def select(names: str | None, folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks to measure: all, or those whose name starts with one of the comma-separated ids."""
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not names:
        return paths
    wanted = [n.strip().removesuffix(".ipynb") for n in names.split(",") if n.strip()]
    chosen = [p for p in paths if any(p.stem.startswith(w) for w in wanted)]
    missing = [w for w in wanted if not any(p.stem.startswith(w) for p in paths)]
    if missing:
        raise SystemExit(f"no notebook in {folder} matches: {', '.join(missing)}")
    return chosen


def measure(
    paths: list[Path], runs: int, progress: bool = True, with_twins: bool = True
) -> tuple[Measured, list[Measured], list[Measured], Measured]:
    """Run the floor, every notebook and (`with_twins`) every notebook's twin and the settled floor
    (the twin of a notebook with one empty cell: the floor's imports with the lessons' kernel
    settings) `runs` times; collect time and peak memory. Each round runs the floor and the settled
    floor, then each notebook beside its twin (the twin first in every other round), so that a busy
    machine slows the pairs alike. Returns (floor, notebooks, twins in the notebooks' order, settled
    floor); without twins the last two are empty. A twin whose notebook failed its probe run carries
    the error."""
    lessons = [(p, nbformat.read(p, as_version=4)) for p in paths]
    floor = Measured("floor (kernel + imports)")
    settled = Measured("floor with the lessons' kernel settings")
    notebooks = [(Measured(p.stem, code_cells=code_cells(nb)), nb, p.parent) for p, nb in lessons]
    with tempfile.TemporaryDirectory(prefix="bench-twins-") as plans:
        made = [twin_of(p, nb, Path(plans)) for p, nb in lessons] if with_twins else []
        first = [(floor, floor_notebook(), NOTEBOOKS)]
        if with_twins:
            empty = twins.twin_notebook(
                floor_notebook(), [twins.CellShape()], Path(plans) / "-.json"
            )
            first.append((settled, empty, NOTEBOOKS))
        pairs = [[m, *made[i : i + 1]] for i, m in enumerate(notebooks)]  # a notebook and its twin
        for r in range(runs):
            order = [m for pair in pairs for m in (pair if r % 2 == 0 else pair[::-1])]
            for measured, nb, cwd in [*first, *order]:
                if measured.error:
                    continue
                try:
                    seconds, peak, cells = run_once(nb, cwd)
                except Exception as e:  # a failing notebook is reported, the others still measured
                    measured.error = failure(e)
                    continue
                measured.seconds.append(seconds)
                measured.peaks.append(peak)
                measured.cells.append(cells)
                if progress:
                    print(f"  run {r + 1}/{runs} {measured.name}: {seconds:.2f} s", file=sys.stderr)
    return floor, [m for m, _, _ in notebooks], [m for m, _, _ in made], settled


def twin_of(path: Path, nb: Any, plans: Path) -> tuple[Measured, Any, Path]:
    """A notebook's twin, ready to run (its shapes probed in one run now, the plan kept in `plans`);
    a notebook that fails its probe gives a twin that carries the error and is never run."""
    twin = Measured(f"{path.stem} twin", code_cells=code_cells(nb))
    try:
        shapes = twins.probe(nb, path.parent, kernel_env())
        made = twins.twin_notebook(nb, shapes, plans / f"{path.stem}.json")
    except Exception as e:
        twin.error = failure(e)
        return twin, nb, path.parent
    return twin, made, path.parent


def failure(e: Exception) -> str:
    """A notebook's failure as one line: the cell's error name and the last line of its message."""
    kind, what = getattr(e, "ename", type(e).__name__), getattr(e, "evalue", str(e))
    return f"{kind}: {last_line(str(what))}"


def last_line(message: str) -> str:
    """The last line of an error message, without terminal colours, cut to 120 characters."""
    lines = ANSI.sub("", message).strip().splitlines() or ["(no message)"]
    return lines[-1][:120]


def number(value: float, form: str = ".2f") -> str:
    """A measured value, or n/a if nothing was measured."""
    return "n/a" if value != value else format(value, form)


def ratio(m: Measured, floor: Measured) -> float:
    """A notebook's median time over the floor's."""
    return m.median / floor.median if m.seconds and floor.seconds else float("nan")


def paired(m: Measured, base: Measured, floor: Measured) -> float:
    """m over base, as a fraction of the floor: per round, (m - base) / the floor of that round; the
    median over the rounds all three ran (a run that fails ends its notebook's runs, so those are the
    first rounds; nan if there are none). Own work is a notebook over its twin; the shape's cost is a
    twin over the settled floor."""
    rounds = list(zip(m.seconds, base.seconds, floor.seconds, strict=False))
    return statistics.median((a - b) / f for a, b, f in rounds) if rounds else float("nan")


def kernel_own_ms(m: Measured, twin: Measured) -> float:
    """A notebook's own work in its kernel, in ms: per round, the seconds its code cells after the
    set-up ran (the kernel's execute_input to its reply) minus its twin's, the median over the rounds
    both ran with every cell timed (nan if none). The set-up cell is left out: it loads the
    libraries, whose time moves by a third from round to round in the notebook and the twin alike,
    and our imports in it are counted by the wall-time own work. No client, no kernel start: the
    steadiest measure of our code."""
    rounds = list(zip(m.cells, twin.cells, strict=False))
    diffs = [sum(a[1:]) - sum(b[1:]) for a, b in rounds if a and len(a) == len(b)]
    return 1000 * statistics.median(diffs) if diffs else float("nan")


def ok(good: bool) -> str:
    """A goal's verdict."""
    return "ok" if good else "MISSED"


def disk_mb(folder: Path) -> float:
    """Disk use of a folder in MB, counted as `du -s` does (allocated blocks)."""
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*") if not p.is_symlink()) / 2**20


def report(
    floor: Measured,
    notebooks: list[Measured],
    sizes: dict[str, int],
    data: tuple[float, float] | str,
    runs: int,
    venv_mb: float | None = None,
    cold_runs: int = 5,
    twin_runs: list[Measured] | None = None,
    settled: Measured | None = None,
) -> str:
    """The benchmark as a markdown table, each notebook's twin (when measured: `twin_runs`, in the
    notebooks' order, with the `settled` floor), the goals, and the worst ratio as the last line."""
    lines = [
        "# Benchmark",
        "",
        f"Median of {runs} runs, each in a fresh kernel; peak = the kernel's highest resident memory.",
        "",
        "| notebook | median s | × floor | peak MB | + floor MB | file KB | slowest code cell |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| {floor.name} | {floor.median:.2f} | 1.00 | {floor.peak_mb:.0f} | 0 | | {floor.slowest} |",
    ]
    for m in notebooks:
        size = f"{sizes.get(m.name, 0) / 1024:.0f}"
        if m.error:
            lines.append(f"| {m.name} | failed: {m.error} | | | | {size} | |")
            continue
        extra = m.peak_mb - floor.peak_mb
        lines.append(
            f"| {m.name} | {m.median:.2f} | {ratio(m, floor):.2f} | {m.peak_mb:.0f} "
            f"| {extra:+.0f} | {size} | {m.slowest} |"
        )
    total = sum(sizes.values())
    lines.append(f"| **all notebooks** | | | | | {total / 1024:.0f} | |")
    if twin_runs:
        settled = settled or Measured("floor with the lessons' kernel settings")
        lines += [
            "",
            "## Each notebook's twin (to read the ratios by; not a goal)",
            "",
            "The twin does the floor's imports with the lessons' kernel settings, then sends each "
            "code cell's outputs again and opens as many widget models, running none of our code but "
            "those settings (helpers/authoring/twins.py). The settled floor is the twin of a "
            f"notebook with one empty cell: {number(settled.median)} s, "
            f"{number(ratio(settled, floor))} × the floor (what the settings save). Per round, over "
            "that round's floor (median): shape = the twin minus the settled floor, what Jupyter "
            "charges for the notebook's cells, outputs and widgets; own work = the notebook minus "
            "its twin, our code's work (our imports and data included), what making our code "
            "faster could still save. The settled floor's ratio, the shape and the own work add up "
            "to about the notebook's ratio. Own work in the kernel = the notebook's code cells after "
            "the set-up minus its twin's, as the kernel timed them (ms, per round, median).",
            "",
            "| notebook | code cells | twin s | shape × floor | own work × floor "
            "| own work in the kernel, ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for m, twin in zip(notebooks, twin_runs, strict=True):
            row = f"| {m.name} | {m.code_cells} | "
            if twin.error or not twin.seconds:
                lines.append(row + f"failed: {twin.error or 'not run'} | | | |")
                continue
            shape = number(paired(twin, settled, floor), "+.2f")
            own = number(paired(m, twin, floor), "+.2f") if m.seconds else "notebook failed"
            in_kernel = number(kernel_own_ms(m, twin), "+.0f")  # n/a when the notebook failed
            lines.append(row + f"{twin.median:.2f} | {shape} | {own} | {in_kernel} |")
    lines += ["", "## Data: load and validate every table", ""]
    if isinstance(data, str):
        lines.append(f"failed: {data}")
        cold_ok = False
    else:
        cold, warm = data
        cold_ok = cold * 1000 <= GOAL_DATA_COLD_MS
        lines.append(
            f"- cold (median of {cold_runs} runs, each a fresh process with a fresh empty cache): "
            f"{cold * 1000:.0f} ms"
        )
        lines.append(f"- warm (fresh process, validation cached; median): {warm * 1000:.0f} ms")
    ran = [m for m in notebooks if m.seconds]
    ratios = [ratio(m, floor) for m in ran]
    worst = max(ratios) if ratios else float("nan")
    extra = max((m.peak_mb - floor.peak_mb for m in ran), default=float("nan"))
    failed = [m.name for m in notebooks if m.error]
    lines += [
        "",
        "## Goals",
        "",
        f"- every notebook ≤ {GOAL_RATIO:.2f} × the floor: worst {number(worst)} "
        f"{ok(worst <= GOAL_RATIO and not failed)}"
        + (f" (failed: {', '.join(failed)})" if failed else ""),
        f"- data load + validation ≤ {GOAL_DATA_COLD_MS:.0f} ms cold: {ok(cold_ok)}",
        f"- peak memory ≤ floor + {GOAL_EXTRA_MB:.0f} MB: worst {number(extra, '+.0f')} MB "
        f"{ok(extra <= GOAL_EXTRA_MB)}",
        f"- all notebooks ≤ {GOAL_TOTAL_MB:.0f} MB on disk: {total / 2**20:.2f} MB "
        f"{ok(total <= GOAL_TOTAL_MB * 2**20)}",
        f"- runtime venv ({RUN_VENV.name}, requirements.txt only) ≤ {GOAL_RUNTIME_VENV_MB:.0f} MB: "
        + (f"{venv_mb:.0f} MB {ok(venv_mb <= GOAL_RUNTIME_VENV_MB)}" if venv_mb else "not built"),
        "",
        f"worst notebook/floor ratio: {worst:.2f}" if ratios else "worst notebook/floor ratio: n/a",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table and write it to build/bench.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per notebook (default 5)")
    parser.add_argument("--notebooks", help="comma-separated ids or prefixes, e.g. 01,03")
    parser.add_argument("--warm-runs", type=int, default=20, help="warm data loads (default 20)")
    parser.add_argument(
        "--cold-runs", type=int, default=5, help="cold data loads, median taken (default 5)"
    )
    parser.add_argument(
        "--no-twins", action="store_true", help="skip the notebooks' twins (half the time)"
    )
    parser.add_argument("--folder", type=Path, default=NOTEBOOKS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench.md")
    parser.add_argument(
        "--profile", type=Path, help="only profile one run of each into this folder"
    )
    args = parser.parse_args(argv)
    args.cold_runs = max(args.cold_runs, 1)  # a cold load is measured at least once
    paths = select(args.notebooks, args.folder)
    compileall.compile_dir(REPO / "helpers", quiet=1)
    if args.profile:
        for path in profile(paths, args.profile):
            print(f"wrote {path} (and .html)")
        return 0
    try:
        data: tuple[float, float] | str = data_times(args.warm_runs, args.cold_runs)
    except RuntimeError as e:
        data = str(e)
    floor, notebooks, made, settled = measure(paths, args.runs, with_twins=not args.no_twins)
    sizes = {p.stem: p.stat().st_size for p in sorted(args.folder.glob("[0-9][0-9]_*.ipynb"))}
    venv_mb = disk_mb(RUN_VENV) if RUN_VENV.exists() else None
    text = report(floor, notebooks, sizes, data, args.runs, venv_mb, args.cold_runs, made, settled)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
