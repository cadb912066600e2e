"""Printable, offline HTML handouts of the notebooks: figures drawn, widgets as a note, no answers.

`python -m helpers.authoring.handouts` (make handouts) writes `build/handouts/NN_name.html` for every notebook
from its stored outputs. nbconvert does not draw plotly's JSON mimetype, so each plotly output becomes a
div and a `Plotly.newPlot` call, with plotly.js from the installed plotly package embedded once per
page. Widget outputs (quiz, explorers) become a short note: their state and the quiz answers never
reach the page. The page loads nothing from the network: our template drops nbconvert's require.js,
MathJax, mermaid and widget-manager script tags, which all point at a CDN.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path
from typing import Any

from helpers.teacher.page import TEMPLATES, figure_html, network_tags, plotly_js, printable_page
from helpers.text import escaped

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
INTERACTIVE_NOTE = "Interactive: open the notebook {name} to use this."
IPYNB_LINK = re.compile(r'href="((?:\./)?[\w-]+)\.ipynb(#[^"]*)?"')
PRINTED_OPEN = re.compile(r'<details (class="(?:article-passage|reading-copy)")')
ORGANISER_CELL = re.compile(r'lesson\.organiser\("([0-9]{2}_[a-z0-9_]+)"\)')

# The lab template without anything fetched from a CDN, the course's print stylesheet
# (helpers/teacher/templates/print.css) and plotly.js inlined once in the head.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
{% include "print.css" %}
</style>
{%- if resources.plotly_js %}
<script type="text/javascript">{{ resources.plotly_js }}</script>
{%- endif %}
{%- endblock extra_css -%}
"""


def html_output(markup: str, text: str) -> dict[str, Any]:
    """A display_data output holding HTML (and a plain-text alternative)."""
    import nbformat

    return nbformat.v4.new_output(
        "display_data", data={"text/html": markup, "text/plain": text}, metadata={}
    )


def opened(markup: str) -> str:
    """HTML with the article's passages and their reading copies open (a closed box prints as its
    one-line label); a box that answers a prompt ("decide first") stays closed."""
    return PRINTED_OPEN.sub(r"<details open \1", markup)


def organiser_grid(source: str) -> str | None:
    """The blank printed grid of a cell that shows a lesson's organiser (None for other cells)."""
    found = ORGANISER_CELL.search(source)
    if not found:
        return None
    from helpers import data
    from helpers.widgets.organiser import blank_grid_html

    spec = next(s for s in data.notebook_spec() if s["id"] == found.group(1))
    return blank_grid_html(spec["organiser"])


def printable(nb: Any, name: str) -> tuple[Any, int]:
    """A copy of a notebook ready for HTML: plotly outputs as divs, widgets as a note (the organiser
    as its blank grid), the article's passages open; and its figure count."""
    nb = copy.deepcopy(nb)
    figures = 0
    note = INTERACTIVE_NOTE.format(name=name)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        grid = organiser_grid(cell.source)
        if grid is not None:
            cell.outputs = [html_output(grid, "(the organiser, blank)")]
            continue
        outputs = []
        for output in cell.get("outputs", []):
            bundle = output.get("data", {})
            if "text/html" in bundle:
                value = bundle["text/html"]
                bundle["text/html"] = opened("".join(value) if isinstance(value, list) else value)
            if WIDGET_MIME in bundle:
                markup = f'<p class="handout-interactive">{escaped(note)}</p>'
                outputs.append(html_output(markup, note))
            elif PLOTLY_MIME in bundle:
                figures += 1
                markup = figure_html(bundle[PLOTLY_MIME], f"handout-figure-{figures}")
                outputs.append(html_output(markup, "(figure)"))
            else:
                outputs.append(output)
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return nb, figures


def unexecuted(path: Path) -> bool:
    """Whether a stored notebook has code cells that were never run (so its handout lacks outputs)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return any(
        c.cell_type == "code" and c.source.strip() and c.execution_count is None for c in nb.cells
    )


def exporter(code: bool = False) -> Any:
    """nbconvert's HTML exporter with our offline template; code cells hidden unless `code`."""
    from jinja2 import DictLoader, FileSystemLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"handout.html.j2": TEMPLATE}), FileSystemLoader(TEMPLATES)],
        template_file="handout.html.j2",
        exclude_input=not code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
    )


def render(path: Path, code: bool = False) -> tuple[str, int]:
    """The handout HTML of one notebook file, and how many plotly figures it draws."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb, figures = printable(nb, path.name)
    resources = {
        "metadata": {"name": nb.metadata.get("title") or path.stem, "path": str(path.parent)},
        "plotly_js": plotly_js() if figures else "",
    }
    body, _ = exporter(code).from_notebook_node(nb, resources=resources)
    return IPYNB_LINK.sub(r'href="\1.html\2"', body), figures


def title(path: Path) -> str:
    """A notebook's first markdown heading (its file name if it has none)."""
    import nbformat

    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def index_page(entries: list[tuple[str, str]]) -> str:
    """An offline HTML page linking every handout: (file name, title) pairs."""
    items = "\n".join(
        f'<li><a href="{escaped(name)}">{escaped(label)}</a></li>' for name, label in entries
    )
    body = (
        "<h1>Handouts</h1>\n<p>Printable copies of the notebooks. Interactive parts "
        f"(quizzes, explorers) work only in the notebooks themselves.</p>\n<ol>\n{items}\n</ol>"
    )
    return printable_page("handouts", "Handouts", body)


def write_all(notebooks: list[Path], out_dir: Path, code: bool = False) -> list[tuple[Path, int]]:
    """Write one handout per notebook (and index.html) into out_dir; return each handout and its figures."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        page, figures = render(path, code)
        bad = network_tags(page)
        if bad:
            raise RuntimeError(f"{path.name}: the handout would load from the network: {bad[0]}")
        target = out_dir / f"{path.stem}.html"
        target.write_text(page, encoding="utf-8")
        written.append((target, figures))
    entries = [(f"{path.stem}.html", title(path)) for path in notebooks]
    (out_dir / "index.html").write_text(index_page(entries), encoding="utf-8")
    return written


REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Write build/handouts/NN_name.html for each notebook (or those named)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "handouts")
    parser.add_argument("--code", action="store_true", help="print the code cells too")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        print("no notebooks found in notebooks/", file=sys.stderr)
        return 1
    stale = [p.name for p in paths if unexecuted(p)]
    for target, figures in write_all(paths, args.out, code=args.code):
        shown = target.relative_to(REPO) if target.is_relative_to(REPO) else target
        print(f"wrote {shown} ({figures} figures)")
    if stale:
        print(
            f"warning: not executed, so their handouts lack outputs: {', '.join(stale)}; "
            "run `make notebooks` first",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
