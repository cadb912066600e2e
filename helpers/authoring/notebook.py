"""Write the boilerplate cells of every notebook from data/notebooks.yaml, then execute the notebooks.

`python -m helpers.authoring.notebook` (make notebooks) rewrites the cells marked with metadata `boilerplate`
(header: title, navigation, overview and objectives; setup; quiz heading and quiz; footer navigation),
keeps every teaching cell as it is (the quiz goes after the summary, before the "## Further work"
heading; a bank's questions of part `further` get a quiz of their own at the end of further work), and executes the notebooks so they are stored executed (no widget
state, no timing metadata). `--check` only reports notebooks whose boilerplate is stale, and (helpers/authoring/citations.py) a
teaching cell whose citation is not its anchor's, a citation typed by hand, or an unconfirmed item told
without "the article says" (exit 1).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from helpers import data, quiz
from helpers.authoring import citations
from helpers.data.errors import DataError
from helpers.teacher import timing
from helpers.teacher.class_report import TEACHER
from helpers.teacher.timing import NOTEBOOKS, number
from helpers.text import with_sources

MODEL_ID = re.compile(r'"model_id": "[0-9a-f]{32}"')
SETUP = (
    "from helpers import lesson\n"
    "\n"
    "lesson.start()  # first: it loads pandas, plotly and ipywidgets and settles them (lesson.start)\n"
    "from helpers import data, quiz, widgets\n"
    "from helpers.figures import charts, maps\n"
    "from helpers.history import calendars, elections"
)
QUIZ_HEADING = (
    "## Quiz\n"
    "\n"
    "Check the learning objectives above (those marked further work are checked by the quiz at the "
    "end of further work). Pick or type an answer and press **Check**: every answer "
    "explains itself and cites the article. Your answers are saved, so you can stop and come back; "
    "**Start again** clears them."
)
FURTHER_QUIZ_HEADING = (
    "### Quiz on the further work\n"
    "\n"
    "These questions need the further work above. They are saved with the quiz after the summary, "
    "and **Hand in** (in either quiz) hands in your answers to both."
)
FURTHER = "## Further work"
FURTHER_MARK = "*(further work / homework)*"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# None: the core teaching cells (to the summary); "further": the cells from "## Further work" on
ORDER = (
    "header",
    "setup",
    None,
    "quiz-heading",
    "quiz",
    "further",
    "quiz-further-heading",
    "quiz-further",
    "footer",
)


def link(spec: dict[str, Any] | None, label: str) -> str:
    """A markdown link to another notebook of the collection."""
    if spec is None:
        return label
    return f"[{label}]({spec['id']}.ipynb)"


def navigation(specs: list[dict[str, Any]], i: int) -> str:
    """previous | start | next, as markdown links."""
    prev = specs[i - 1] if i > 0 else None
    nxt = specs[i + 1] if i + 1 < len(specs) else None
    prev_label = f"← {number(prev)} {prev['title']}" if prev else "← (this is the first notebook)"
    next_label = f"{number(nxt)} {nxt['title']} →" if nxt else "(this is the last notebook) →"
    return f"{link(prev, prev_label)} | {link(specs[0], 'Start page')} | {link(nxt, next_label)}"


def time_text(nb: Any, notebook_id: str) -> str:
    """The overview's time: the core path's computed minutes by part, and further work apart."""
    found = timing.minutes(nb, notebook_id)
    text = (
        f"about {timing.core(found)} minutes in class, computed from the content "
        f"({timing.time_line(found)})"
    )
    if "further" in found:
        text += f"; further work / homework about {found['further']} minutes more"
    return text


def further_objectives(notebook_id: str, objectives: list[dict[str, Any]]) -> set[str]:
    """The objectives taught only in further work: those no question of the core quiz checks (a
    bank's question of part `further` has its key taught only there), read from the bank."""
    core = {q.objective for q in quiz.load(notebook_id).questions if q.part == "core"}
    return {o["id"] for o in objectives if o["id"] not in core}


def header(specs: list[dict[str, Any]], i: int, nb: Any) -> str:
    """Title, navigation and overview (span, time, prerequisites, learning objectives; an
    objective taught only in further work is marked so)."""
    spec = specs[i]
    further = further_objectives(spec["id"], spec["objectives"])
    objectives = "\n".join(
        f"{k}. {with_sources(o['text'])}" + (f" {FURTHER_MARK}" if o["id"] in further else "")
        for k, o in enumerate(spec["objectives"], start=1)
    )
    return (
        f"# {number(spec)} · {spec['title']}\n"
        f"\n{navigation(specs, i)}\n"
        f"\n> **Central question:** {spec['question']}\n"
        f"\n## Overview\n"
        f"\n- **Covers:** {spec['span']}"
        f"\n- **Time:** {time_text(nb, spec['id'])}"
        f"\n- **Before this:** {spec['prerequisites']}\n"
        f"\n### Learning objectives\n"
        f"\nBy the end of this notebook you can:\n\n{objectives}"
    )


def boilerplate(specs: list[dict[str, Any]], i: int, nb: Any) -> dict[str, Any]:
    """The generated cells of notebook i, by kind."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nid = specs[i]["id"]
    cells = {
        "header": md(header(specs, i, nb)),
        "setup": code(SETUP),
        "quiz-heading": md(QUIZ_HEADING),
        "quiz": code(f'quiz.show("{nid}")'),
        "footer": md(f"---\n\n{navigation(specs, i)}"),
    }
    if has_further_quiz(nid):
        cells["quiz"] = code(f'quiz.show("{nid}", part="core")')
        cells["quiz-further-heading"] = md(FURTHER_QUIZ_HEADING)
        cells["quiz-further"] = code(f'quiz.show("{nid}", part="further")')
    cells["setup"].metadata["jupyter"] = {"source_hidden": True}  # collapsed: students read history
    for kind, cell in cells.items():
        cell.metadata["boilerplate"] = kind
        cell.id = f"boilerplate-{kind}"
    return cells


def has_further_quiz(notebook_id: str) -> bool:
    """Whether the notebook's bank has questions of part `further` (no bank: no)."""
    try:
        bank = quiz.load(notebook_id)
    except DataError:
        return False
    return any(q.part == "further" for q in bank.questions)


def split_teaching(nb: Any) -> tuple[list[Any], list[Any]]:
    """The teaching cells before the "## Further work" heading, and those from it on."""
    teaching = [c for c in nb.cells if not c.metadata.get("boilerplate")]
    at = next(
        (
            k
            for k, c in enumerate(teaching)
            if c.cell_type == "markdown" and c.source.startswith(FURTHER)
        ),
        len(teaching),
    )
    return teaching[:at], teaching[at:]


def render(nb: Any, specs: list[dict[str, Any]], i: int) -> Any:
    """The notebook with its boilerplate cells rewritten and its teaching cells kept (their citation
    spans written from their anchors): the core cells, the quiz, further work (with its own quiz if
    the bank has one), the footer."""
    nb = copy.deepcopy(nb)
    old = {c.metadata.get("boilerplate"): c for c in nb.cells if c.metadata.get("boilerplate")}
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not cell.metadata.get("boilerplate"):
            cell.source = citations.rendered(cell.source)
    core, further = split_teaching(nb)
    fresh = boilerplate(specs, i, nb)
    cells = []
    for kind in ORDER:
        if kind is None or kind == "further":
            cells += core if kind is None else further
            continue
        if kind not in fresh:
            continue
        cell = fresh[kind]
        kept = old.get(kind)
        if kept is not None and signature_of(kept) == signature_of(cell):
            cell = kept  # unchanged: keep its stored outputs
        cells.append(cell)
    out = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
    out.metadata.setdefault("kernelspec", KERNELSPEC)
    return out


def signature_of(cell: Any) -> tuple[str, str, str, bool]:
    """What the boilerplate step decides of one cell: type, source, kind, whether collapsed."""
    hidden = bool(cell.metadata.get("jupyter", {}).get("source_hidden"))
    return (cell.cell_type, cell.source, cell.metadata.get("boilerplate", ""), hidden)


def signature(nb: Any) -> list[tuple[str, str, str, bool]]:
    """What the boilerplate step decides: each cell's type, source, boilerplate kind, collapse."""
    return [signature_of(c) for c in nb.cells]


def path_of(spec: dict[str, Any]) -> Path:
    """The notebook file of a spec entry."""
    return NOTEBOOKS / f"{spec['id']}.ipynb"


def read(path: Path) -> Any:
    """A notebook from disk, or an empty one if it does not exist yet."""
    if path.exists():
        return nbformat.read(path, as_version=4)
    return nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})


def stale() -> list[str]:
    """Messages for notebooks whose boilerplate differs from what the spec would write."""
    specs = data.notebook_spec()
    found = []
    for i, spec in enumerate(specs):
        path = path_of(spec)
        if not path.exists():
            found.append(f"notebooks/{path.name} is missing (listed in data/notebooks.yaml)")
            continue
        nb = read(path)
        found += citations.problems(nb, path.name)
        if signature(render(nb, specs, i)) != signature(nb):
            found.append(f"notebooks/{path.name}: boilerplate is stale; run `make notebooks`")
    listed = {f"{s['id']}.ipynb" for s in specs}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        if path.name not in listed:
            found.append(f"notebooks/{path.name} is not listed in data/notebooks.yaml")
    return found


def execution_env() -> dict[str, str]:
    """Environment for executing lessons: a throw-away progress file, student mode."""
    env = dict(os.environ)
    env["CAUCASUS_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="nbexec-")) / "progress.json")
    env.pop("CAUCASUS_TEACHER", None)
    return env


def execute(nb: Any) -> Any:
    """Run a notebook top to bottom in a fresh kernel; store outputs without widget state or timing."""
    from helpers.authoring.kernels import notebook_client

    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(execution_env())
    try:
        client = notebook_client(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
            store_widget_state=False,
            record_timing=False,
            shutdown_kernel="immediate",  # nothing is left to save; a graceful stop can stall 2-3 s
        )
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def write(nb: Any, path: Path) -> bool:
    """Save a notebook in the stable, tidy format the repository keeps; False if nothing changed.

    Widget views get new random model ids at every run: a notebook that differs only in those is
    left as it is, so re-running `make notebooks` does not churn the repository.
    """
    nbformat.validate(nb)
    text = nbformat.writes(nb) + "\n"
    if path.exists() and ids_blanked(path.read_text(encoding="utf-8")) == ids_blanked(text):
        return False
    path.write_text(text, encoding="utf-8")
    return True


def ids_blanked(text: str) -> str:
    """A stored notebook's text with every widget view's model id blanked."""
    return MODEL_ID.sub('"model_id": ""', text)


def build(only: list[str] | None = None, run: bool = True) -> list[Path]:
    """Rewrite boilerplate (and execute) every notebook, or those named in `only`; return those
    whose file changed."""
    specs = data.notebook_spec()
    written = []
    for i, spec in enumerate(specs):
        if only and spec["id"] not in only:
            continue
        path = path_of(spec)
        nb = render(read(path), specs, i)
        if run:
            nb = render(execute(nb), specs, i)  # the header's minutes count the new outputs
        if write(nb, path):
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line for `make notebooks`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale boilerplate")
    parser.add_argument("--no-execute", action="store_true", help="rewrite cells, do not execute")
    parser.add_argument(
        "--only", action="append", help="a notebook id, e.g. 01_revolution_in_russia"
    )
    parser.add_argument(
        "--teacher", action="store_true", help=f"execute and store only {TEACHER} (make notebooks)"
    )
    args = parser.parse_args(argv)
    try:
        data.ensure_valid()
    except data.DataError as e:
        print(e, file=sys.stderr)
        return 1
    if args.check:
        found = stale()
        for line in found:
            print(line)
        return 1 if found else 0
    from nbclient.exceptions import CellExecutionError

    try:
        if args.teacher:
            path = data.REPO / TEACHER
            changed = write(execute(read(path)), path)
            print(f"{'wrote' if changed else 'unchanged:'} {TEACHER}")
            return 0
        written = build(args.only, run=not args.no_execute)
        for path in written:
            print(f"wrote notebooks/{path.name}")
        if not written:
            print("no notebook changed")
    except CellExecutionError as e:
        print(f"a cell failed, so that notebook was not written:\n{e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
