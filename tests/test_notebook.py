"""The notebook generator: boilerplate comes from data/notebooks.yaml; teaching cells are left alone."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat

from helpers import data
from helpers.authoring import citations, notebook
from helpers.data import voice


def specs() -> list[dict]:
    return data.notebook_spec()


def test_stored_notebooks_match_the_spec() -> None:
    """Fails when `make notebooks` would change a notebook (stale title, objective or link)."""
    assert notebook.stale() == []


def test_every_spec_entry_has_a_notebook() -> None:
    names = sorted(p.name for p in notebook.NOTEBOOKS.glob("*.ipynb"))
    assert names == sorted(f"{s['id']}.ipynb" for s in specs())


def test_stale_title_is_detected(tmp_path, monkeypatch) -> None:
    nb = notebook.render(notebook.read(tmp_path / "none.ipynb"), specs(), 1)
    changed = copy.deepcopy(specs())
    changed[1]["title"] = "A different title"
    assert notebook.signature(notebook.render(nb, changed, 1)) != notebook.signature(nb)
    assert notebook.signature(notebook.render(nb, specs(), 1)) == notebook.signature(nb)


def test_stale_objective_and_link_are_detected() -> None:
    nb = notebook.render(nbformat.v4.new_notebook(), specs(), 2)
    changed = copy.deepcopy(specs())
    changed[2]["objectives"][0]["text"] = "Something else entirely."
    assert notebook.signature(notebook.render(nb, changed, 2)) != notebook.signature(nb)
    changed = copy.deepcopy(specs())
    changed[3]["id"] = "03_renamed"
    assert notebook.signature(notebook.render(nb, changed, 2)) != notebook.signature(nb)


def test_teaching_cells_are_kept_in_place(monkeypatch) -> None:
    """A notebook whose bank has no question of part `further` (every bank has some now: the
    bank is read as having none) gets one quiz and keeps its teaching cells in place."""
    monkeypatch.setattr(notebook, "has_further_quiz", lambda _nb_id: False)
    at = 0
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## 1. My section"),
        nbformat.v4.new_code_cell("1 + 1"),
    ]
    out = notebook.render(nb, specs(), at)
    kinds = [c.metadata.get("boilerplate", "teaching") for c in out.cells]
    assert kinds == ["header", "setup", "teaching", "teaching", "quiz-heading", "quiz", "footer"]
    assert out.cells[2].source == "## 1. My section" and out.cells[3].source == "1 + 1"
    again = notebook.render(out, specs(), at)
    assert notebook.signature(again) == notebook.signature(out)


def test_the_quiz_comes_before_further_work_and_further_questions_after_it() -> None:
    """The quiz follows the summary, before "## Further work"; a bank with questions of part
    `further` gets a second quiz (those questions only) at the end of further work."""
    at = next(i for i, s in enumerate(specs()) if notebook.has_further_quiz(s["id"]))
    nid = specs()[at]["id"]
    md = nbformat.v4.new_markdown_cell
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("## 1. Core"), md("## Summary"), md("## Further work / homework"), md("## 2. X")]
    out = notebook.render(nb, specs(), at)
    kinds = [c.metadata.get("boilerplate", c.source) for c in out.cells]
    assert kinds == [
        "header",
        "setup",
        "## 1. Core",
        "## Summary",
        "quiz-heading",
        "quiz",
        "## Further work / homework",
        "## 2. X",
        "quiz-further-heading",
        "quiz-further",
        "footer",
    ]
    assert out.cells[5].source == f'quiz.show("{nid}", part="core")'
    assert out.cells[9].source == f'quiz.show("{nid}", part="further")'
    again = notebook.render(out, specs(), at)
    assert notebook.signature(again) == notebook.signature(out)


def test_header_has_navigation_and_objectives() -> None:
    spec = specs()
    text = notebook.header(spec, 1, nbformat.read(notebook.NOTEBOOKS / f"{spec[1]['id']}.ipynb", 4))
    assert text.startswith(f"# 01 · {spec[1]['title']}")
    assert f"({spec[0]['id']}.ipynb)" in text and f"({spec[2]['id']}.ipynb)" in text
    for objective in spec[1]["objectives"]:
        assert objective["text"] in text


def test_stored_notebooks_have_no_widget_state_or_timing() -> None:
    for path in notebook.NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert "widgets" not in nb.metadata, path.name
        for cell in nb.cells:
            assert "execution" not in cell.metadata, path.name
            if cell.cell_type == "code":
                assert cell.execution_count is not None, f"{path.name}: not executed"


def test_a_rerun_that_only_renews_widget_ids_leaves_the_file_alone(tmp_path) -> None:
    def with_widget(model_id: str, text: str) -> nbformat.NotebookNode:
        view = {"model_id": model_id, "version_major": 2, "version_minor": 0}
        output = nbformat.v4.new_output(
            "display_data", data={"application/vnd.jupyter.widget-view+json": view}
        )
        cell = nbformat.v4.new_code_cell(text, outputs=[output], id="cell-1")
        return nbformat.v4.new_notebook(cells=[cell])

    path = tmp_path / "99_x.ipynb"
    assert notebook.write(with_widget("a" * 32, "widgets.x()"), path)
    first = path.read_text(encoding="utf-8")
    assert not notebook.write(with_widget("b" * 32, "widgets.x()"), path)
    assert path.read_text(encoding="utf-8") == first
    assert notebook.write(with_widget("b" * 32, "widgets.y()"), path)
    assert "b" * 32 in path.read_text(encoding="utf-8")


# ---- citations and the article's voice in teaching markdown (helpers/authoring/citations.py) ----


def copied_notebooks(tmp_path, monkeypatch) -> Path:
    """A throw-away copy of notebooks/ that the generator's --check reads."""
    target = tmp_path / "notebooks"
    shutil.copytree(notebook.NOTEBOOKS, target)
    monkeypatch.setattr(notebook, "NOTEBOOKS", target)
    return target


def first_span(path: Path) -> tuple[int, str, str, str]:
    """(cell index, cell id, anchor, shown) of the first cite span in a notebook's teaching markdown."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        m = citations.SPAN.search(cell.source) if cell.cell_type == "markdown" else None
        if m and m.group(1) == "cite":
            return i, cell.id, m.group(2), m.group(3)
    raise AssertionError(f"no citation span in {path.name}")


def edit_cell(path: Path, i: int, old: str, new: str) -> None:
    """Replace text in one cell of a notebook on disk, keeping every cell's id."""
    nb = nbformat.read(path, as_version=4)
    assert old in nb.cells[i].source
    nb.cells[i].source = nb.cells[i].source.replace(old, new, 1)
    nbformat.write(nb, path)


def test_every_typed_citation_in_the_notebooks_is_a_span_of_its_anchor() -> None:
    """No notebook's teaching markdown types a citation, and every span shows what its anchor gives."""
    found = []
    for path in sorted(notebook.NOTEBOOKS.glob("*.ipynb")):
        found += citations.problems(nbformat.read(path, as_version=4), path.name)
    assert found == []


def test_a_span_that_disagrees_with_its_anchor_fails_the_check(tmp_path, monkeypatch) -> None:
    """A planted '(99, p.999)' where the anchor's sentence prints another group: --check names the cell,
    and `make notebooks` (render) writes the anchor's group back, keeping the cell's id."""
    path = copied_notebooks(tmp_path, monkeypatch) / "01_revolution_in_russia.ipynb"
    i, cid, anchor, shown = first_span(path)
    edit_cell(path, i, f"{anchor}-->{shown}<!--/-->", f"{anchor}-->(99, p.999)<!--/-->")
    found = notebook.stale()
    assert (
        f"notebooks/01_revolution_in_russia.ipynb cell {i} ({cid}): shows '(99, p.999)' for anchor "
        f"{anchor!r}; the article gives {shown!r} (run `make notebooks`)"
    ) in found
    assert notebook.main(["--check"]) == 1
    specs = data.notebook_spec()
    k = next(n for n, s in enumerate(specs) if s["id"] == "01_revolution_in_russia")
    fixed = notebook.render(nbformat.read(path, as_version=4), specs, k)
    cell = next(c for c in fixed.cells if c.id == cid)
    assert f"{anchor}-->{shown}<!--/-->" in cell.source


def test_an_outside_item_span_is_written_from_outside_csv(tmp_path, monkeypatch) -> None:
    """A planted `<!--item:id-->` span with a typed label: --check names it, and render writes the
    item's works and label from data/outside.csv."""
    outside = data.load("outside")
    item = next(i for i, lab in outside["label"].items() if str(lab) == "sourced")
    path = copied_notebooks(tmp_path, monkeypatch) / "06_independence_and_baku.ipynb"
    nb = nbformat.read(path, as_version=4)
    i = next(n for n, c in enumerate(nb.cells) if c.cell_type == "markdown" and n > 2)
    planted = f"<!--item:{item}-->(confidence: certain)<!--/-->"
    nb.cells[i].source += f"\n\nBeyond the article {planted}.\n"
    nbformat.write(nb, path)
    found = [f for f in notebook.stale() if f"for item {item!r}" in f]
    assert len(found) == 1 and found[0].startswith(
        f"notebooks/06_independence_and_baku.ipynb cell {i} ({nb.cells[i].id}): shows "
        "'(confidence: certain)'"
    )
    specs = data.notebook_spec()
    k = next(n for n, s in enumerate(specs) if s["id"] == "06_independence_and_baku")
    fixed = notebook.render(nbformat.read(path, as_version=4), specs, k)
    shown = next(c for c in fixed.cells if c.id == nb.cells[i].id).source
    assert (
        f"<!--item:{item}-->(beyond the article: " in shown
        and "; confidence: sourced)<!--/-->" in shown
    )


def test_a_citation_typed_in_markdown_fails_the_check(tmp_path, monkeypatch) -> None:
    path = copied_notebooks(tmp_path, monkeypatch) / "02_baku_soviet.ipynb"
    i, cid, anchor, shown = first_span(path)
    edit_cell(path, i, f"<!--cite:{anchor}-->{shown}<!--/-->", shown)
    found = [f for f in notebook.stale() if "typed by hand" in f]
    assert found and found[0].startswith(f"notebooks/02_baku_soviet.ipynb cell {i} ({cid}): ")


def test_an_unconfirmed_item_told_as_fact_in_markdown_fails_the_check(
    tmp_path, monkeypatch
) -> None:
    """Every item labelled unconfirmed is checked: a sentence with its figure and no attribution."""
    outside = data.load("outside")
    unconfirmed = {i for i, lab in outside["label"].items() if str(lab).startswith("unconfirmed")}
    marked = {item for item, _ in voice.unconfirmed_markers(data.DATA_DIR)}
    assert marked <= unconfirmed and {"num_oil_share", "num_baku_garrisons"} <= marked
    path = copied_notebooks(tmp_path, monkeypatch) / "05_baku_and_the_march_days.ipynb"
    nb = nbformat.read(path, as_version=4)
    i = next(n for n, c in enumerate(nb.cells) if c.cell_type == "markdown" and n > 2)
    told = "\n\nBaku gave 83.1% of Russia's oil.\n"
    nb.cells[i].source += told
    nbformat.write(nb, path)
    found = [f for f in notebook.stale() if "as fact" in f]
    assert found == [
        f"notebooks/05_baku_and_the_march_days.ipynb cell {i} ({nb.cells[i].id}): tells "
        "num_oil_share (unconfirmed) as fact: say 'the article says' "
        '("Baku gave 83.1% of Russia\'s oil.")'
    ]
    assert not citations.voice_problems("x", "The article says Baku gave 83.1% of Russia's oil.")


def test_a_work_typed_in_markdown_fails_the_check(tmp_path, monkeypatch) -> None:
    """The first span that shows an outside work, unwrapped into typed text: the check names the cell
    (the validator's rule, helpers.data.work_names, read by the generator's --check)."""
    folder = copied_notebooks(tmp_path, monkeypatch)
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            for m in citations.SPAN.finditer(cell.source if cell.cell_type == "markdown" else ""):
                if m.group(1) == "works" and m.group(3) != "no work named":
                    edit_cell(path, i, m.group(0), m.group(3))
                    found = [f for f in notebook.stale() if "names the work" in f]
                    assert found and found[0].startswith(
                        f"notebooks/{path.name} cell {i} ({cell.id}): names the work"
                    ), found
                    return
    raise AssertionError("no span shows a work")


def test_a_status_span_outside_brackets_fails_the_check(tmp_path, monkeypatch) -> None:
    """The 01 t01-20 kind: "the article's side is no citation of its own; …" (a cite span whose
    sentence prints none, standing bare): --check names the cell and the anchor."""
    path = copied_notebooks(tmp_path, monkeypatch) / "06_independence_and_baku.ipynb"
    nb = nbformat.read(path, as_version=4)
    i = next(n for n, c in enumerate(nb.cells) if c.get("id") == "t06-15")
    anchor = "one of the most important cities of Russia"
    span = citations.span("cite", anchor)
    assert f"({span})" in nb.cells[i].source
    edit_cell(path, i, f"({span})", span)
    found = [f for f in notebook.stale() if "must stand inside brackets" in f]
    assert found and found[0].startswith(
        f"notebooks/06_independence_and_baku.ipynb cell {i} (t06-15): <!--cite:{anchor}--> is shown "
        "as a status"
    )
