"""The packages of helpers/ are layers: a module imports only from layers below it, never in a circle.

collector -> data | kernel_settings -> history -> text -> figures | widget_parts -> widgets | quiz ->
lesson: what a student's kernel imports. Above
them, by who runs the code: teacher (class report, hand-ins reading, answer key, teacher guide, lesson
timing, sample class: runs for a teacher, on the hub too) and authoring (maintainer tools: notebook
generator, handouts, bench, class simulation), which a kernel never imports. working_copies (run at
every login and `make lab`) imports no other module of the package. Imports are read with
`ast` from every module, those inside functions included, so a lazy import cannot hide a circle.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parent.parent / "helpers"

# package (or module) -> layer: a module may import from a lower layer or from its own package
LAYERS = {
    "helpers.working_copies": 0,  # a student's copies of the notebooks (stdlib only)
    "helpers.collector": -1,  # the garbage collector paused while a kernel builds (stdlib only)
    "helpers.kernel_settings": 0,  # libraries settled (the collector paused), fixed costs of a cell cut
    "helpers.data": 0,  # files under data/: tables, schema checks, quiz banks, article, shapes, cache
    "helpers.history": 1,  # calendars, elections: pure functions
    "helpers.text": 2,  # text formatting every view may use: labels, escaping, calendar words
    "helpers.figures": 3,  # plotly JSON figures, palette, timeline, maps, seats, ranges
    "helpers.widget_parts": 3,  # widgets made with shared Layout and style models (views and quiz)
    "helpers.widgets": 4,  # ipywidgets views: explorer, calculator, converter, glossary search
    "helpers.quiz": 4,  # grading, progress, the quiz widget
    "helpers.lesson": 5,  # what a notebook cell calls
    "helpers.teacher": 6,  # a teacher's tools: class report, hand-ins, answer key, guide, timing
    "helpers.authoring": 7,  # maintainer tools: never imported by the layers below
    "helpers": 7,  # the package itself (imports nothing)
}


def module_name(path: Path, root: Path) -> str:
    """helpers/data/__init__.py -> helpers.data; helpers/figures/maps.py -> helpers.figures.maps."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = HELPERS) -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The package's modules that one module imports, anywhere in it (functions included).

    `from helpers.quiz import grading` imports the module helpers.quiz.grading, not the package's
    __init__; `from helpers.data import load` imports helpers.data itself.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {m for m in found if m in known and m != name}


def import_graph(root: Path = HELPERS) -> dict[str, set[str]]:
    """module -> the modules of the package it imports."""
    mods = modules(root)
    return {name: imported(path, name, set(mods)) for name, path in mods.items()}


def layer_of(name: str) -> tuple[str, int]:
    """The layer package a module belongs to, and its level (KeyError: it is in no layer)."""
    owner = max(
        (p for p in LAYERS if name == p or (p != "helpers" and name.startswith(p + "."))),
        key=len,
        default="",
    )
    if not owner:
        raise KeyError(name)
    return owner, LAYERS[owner]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import from a layer above, or from a sibling package on the same level."""
    found = []
    for name, targets in sorted(graph.items()):
        package, level = layer_of(name)
        for target in sorted(targets):
            other, other_level = layer_of(target)
            if other != package and other_level >= level:
                found.append(f"{name} imports {target} (level {other_level} >= {level})")
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles (strongly connected groups of two or more modules, or a self-import)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph[v]:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def longest_chain(graph: dict[str, set[str]]) -> list[str]:
    """The longest chain of imports (the number of levels a reader climbs); the graph has no circle."""
    memo: dict[str, list[str]] = {}

    def chain(v: str) -> list[str]:
        if v not in memo:
            memo[v] = [v, *max((chain(w) for w in graph[v]), key=len, default=[])]
        return memo[v]

    return max((chain(v) for v in sorted(graph)), key=len)


def test_every_module_is_in_a_layer() -> None:
    stray = []
    for name in modules():
        try:
            layer_of(name)
        except KeyError:
            stray.append(name)
    assert not stray, f"put these modules in a layer package (see LAYERS): {stray}"


def test_no_module_imports_from_a_layer_above_it() -> None:
    assert upward_imports(import_graph()) == []


def test_no_import_circle() -> None:
    assert circles(import_graph()) == []


def test_lesson_sits_on_every_layer_but_teacher_and_authoring() -> None:
    graph = import_graph()
    reached, todo = set(), ["helpers.lesson"]
    while todo:
        for target in graph[todo.pop()] - reached:
            reached.add(target)
            todo.append(target)
    assert not any(m.startswith(("helpers.authoring", "helpers.teacher")) for m in reached)
    assert {"helpers.data", "helpers.text"} <= reached
    print(f"longest import chain: {' -> '.join(longest_chain(graph))}")


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A copy of helpers/ to break."""
    root = tmp_path / "helpers"
    shutil.copytree(HELPERS, root, ignore=shutil.ignore_patterns("__pycache__"))
    assert upward_imports(import_graph(root)) == [] and circles(import_graph(root)) == []
    return root


def plant(path: Path, code: str) -> None:
    """Append a function holding an import to a module (a lazy import: the kind that hid circles)."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\n\ndef _planted() -> None:\n    {code}\n")


def test_a_planted_upward_import_inside_a_function_fails(planted: Path) -> None:
    plant(planted / "data" / "files.py", "from helpers import lesson  # noqa")
    graph = import_graph(planted)
    assert upward_imports(graph) == ["helpers.data.files imports helpers.lesson (level 5 >= 0)"]
    assert any({"helpers.data.files", "helpers.lesson"} <= set(c) for c in circles(graph))


def test_a_planted_import_between_sibling_layers_fails(planted: Path) -> None:
    plant(
        planted / "quiz" / "widget.py", "from helpers.widgets.figure_view import FigureView  # noqa"
    )
    assert upward_imports(import_graph(planted)) == [
        "helpers.quiz.widget imports helpers.widgets.figure_view (level 4 >= 4)"
    ]


def test_a_planted_circle_inside_one_package_fails(planted: Path) -> None:
    plant(planted / "data" / "errors.py", "from helpers.data.files import rel  # noqa")
    graph = import_graph(planted)
    assert upward_imports(graph) == []
    assert circles(graph) == [["helpers.data.errors", "helpers.data.files"]]


def test_a_stray_module_outside_the_layers_fails(planted: Path) -> None:
    (planted / "stray.py").write_text("from helpers import data\n", encoding="utf-8")
    with pytest.raises(KeyError):
        layer_of("helpers.stray")
    assert "helpers.stray" in import_graph(planted)
