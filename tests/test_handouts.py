"""Handouts: plotly outputs drawn offline, widgets as a note, no answers, nothing from the network."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from playwright.sync_api import Browser

from helpers.authoring import handouts
from helpers.figures.plotly_json import Figure, bar, scatter

REPO = Path(__file__).resolve().parent.parent
PRINT_WIDTH = 698  # A4 at 96 px per inch, less the template's half-inch page margins
LOCAL_SCHEMES = LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
ANSWER_KEYS = {"answer", "explanation", "model_answer", "feedback"}
SECRET = "The secret answer key says: Baku fell on 15 September 1918."


def plotly_output(fig: Figure) -> Any:
    """The output a kernel stores for a figure the lessons show."""
    return nbformat.from_dict(fig.output())


def widget_output() -> Any:
    """The output a kernel stores for an ipywidget (here a quiz whose repr leaks its key)."""
    data = {
        handouts.WIDGET_MIME: {"model_id": "abc123", "version_major": 2, "version_minor": 0},
        "text/plain": f"VBox(children=(HTML(value='{SECRET}'),))",
    }
    return nbformat.v4.new_output("display_data", data=data, metadata={})


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A two-figure notebook with a widget, a markdown link, and a title that tries to end the script."""
    fig = Figure([bar(x=["Musavat", "Bolsheviks"], y=[3, 2])])
    fig.update_layout(title={"text": "Seats </script><script>window.broken = true</script>"})
    code = nbformat.v4.new_code_cell
    cells = [
        nbformat.v4.new_markdown_cell(
            "# 99 · Tiny\n\nBack to the [start page](00_start_here.ipynb)."
        ),
        code("fig", outputs=[plotly_output(fig)]),
        code("quiz.show('99_tiny')", outputs=[widget_output()]),
        code("print('hello')", outputs=[nbformat.v4.new_output("stream", text="hello\n")]),
        code(
            "fig2",
            outputs=[plotly_output(Figure([scatter(x=[1, 2], y=[2, 1])], {"width": 1100}))],
        ),
    ]
    path = tmp_path / "99_tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_printable_converts_figures_and_widgets(tiny: Path) -> None:
    nb, figures = handouts.printable(nbformat.read(tiny, as_version=4), tiny.name)
    assert figures == 2
    bundles = [
        o["data"] for c in nb.cells if c.cell_type == "code" for o in c.outputs if "data" in o
    ]
    assert all(handouts.PLOTLY_MIME not in b and handouts.WIDGET_MIME not in b for b in bundles)
    assert "Interactive: open the notebook 99_tiny.ipynb" in bundles[1]["text/html"]
    assert SECRET not in str(nb)


def test_figure_json_cannot_close_its_script() -> None:
    markup = handouts.figure_html({"data": [], "layout": {"title": {"text": "</script>"}}}, "f1")
    assert markup.count("</script>") == 1
    assert 'style="height: 450px"' in markup


def test_network_tags_finds_cdn_scripts_only() -> None:
    page = (
        '<script src="https://cdn.example/require.js"></script><script>var u="https://x";</script>'
        '<link rel="stylesheet" href="//fonts.example/a.css"><a href="https://example.org">x</a>'
        '<img src="data:image/png;base64,AAAA">'
    )
    found = handouts.network_tags(page)
    assert len(found) == 2
    assert "require.js" in found[0] and "fonts.example" in found[1]


def test_render_embeds_plotly_once_and_links_html(tiny: Path) -> None:
    page, figures = handouts.render(tiny)
    assert figures == 2
    assert page.count("Plotly.newPlot(") == 2
    assert page.count(handouts.plotly_js()[:200]) == 1
    assert 'href="00_start_here.html"' in page
    assert handouts.network_tags(page) == []
    assert "cdnjs" not in page and "require.min.js" not in page
    assert "quiz.show" not in page  # code is hidden
    assert SECRET not in html.unescape(page)


def test_page_without_figures_has_no_plotly(tmp_path: Path) -> None:
    path = tmp_path / "98_text.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Text")]), path)
    page, figures = handouts.render(path)
    assert figures == 0 and "Plotly.newPlot" not in page and len(page) < 1_000_000


def answer_texts(bank: Path) -> list[str]:
    """Answers, explanations, model answers and feedback of a quiz bank (long enough to search)."""
    found: list[str] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif key in ANSWER_KEYS and isinstance(node, str) and len(node.strip()) >= 20:
            found.append(" ".join(node.split()))

    walk(yaml.safe_load(bank.read_text(encoding="utf-8")))
    return found


def page_text(page: str) -> str:
    """A page's text with tags removed and whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def open_handout(browser: Browser, path: Path) -> tuple[int, int, list[str]]:
    """Open a handout as printed on A4: (figure divs, those drawn with an svg, non-file URLs requested)."""
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 1000})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page = context.new_page()
    page.emulate_media(media="print")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    divs = page.locator(".handout-figure").count()
    drawn = page.locator(".handout-figure:has(.main-svg)").count()
    broken = page.evaluate("window.broken === true")
    right = page.evaluate(
        "Math.max(0, ...[...document.querySelectorAll('.main-svg')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    context.close()
    assert right <= PRINT_WIDTH, f"{path.name}: a figure is {right:.0f} px wide, wider than A4"
    assert errors == [], f"{path.name}: script errors {errors}"
    assert not broken, f"{path.name}: figure JSON ended its script"
    return divs, drawn, [u for u in requested if not u.startswith(LOCAL_SCHEMES)]


@pytest.mark.browser
def test_handouts_draw_offline_without_answers(
    tiny: Path, tmp_path: Path, browser: Browser
) -> None:
    notebooks = [tiny, *sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    written = handouts.write_all(notebooks, tmp_path / "handouts")
    assert [p.name for p, _ in written] == [f"{n.stem}.html" for n in notebooks]
    for (page_path, figures), notebook in zip(written, notebooks, strict=True):
        divs, drawn, remote = open_handout(browser, page_path)
        assert (divs, drawn) == (figures, figures), f"{page_path.name}: {drawn}/{figures} drawn"
        assert remote == [], f"{page_path.name} requested {remote}"
        bank = REPO / "data" / "quiz" / f"{notebook.stem}.yaml"
        text = page_text(page_path.read_text(encoding="utf-8"))
        leaks = [a for a in (answer_texts(bank) if bank.exists() else []) if a in text]
        assert leaks == [], f"{page_path.name} shows quiz answers: {leaks[:2]}"
    assert written[0][1] == 2  # the tiny notebook's two figures were counted and drawn
    index = (tmp_path / "handouts" / "index.html").read_text(encoding="utf-8")
    assert '<a href="99_tiny.html">99 · Tiny</a>' in index
    assert index.count("<li>") == len(notebooks) and handouts.network_tags(index) == []


def test_unexecuted_notebook_is_noticed(tiny: Path) -> None:
    nb = nbformat.read(tiny, as_version=4)
    assert handouts.unexecuted(tiny)
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = n + 1
    nbformat.write(nb, tiny)
    assert not handouts.unexecuted(tiny)


def test_handouts_print_passages_documents_and_the_blank_organiser() -> None:
    """What students read is on the page: the article's passages open with their reading copy,
    the documents, the prompts and the organiser's blank grid; decide-first boxes stay closed."""
    import nbformat

    from helpers import data

    path = handouts.REPO / "notebooks" / "05_baku_and_the_march_days.ipynb"
    nb, _ = handouts.printable(nbformat.read(path, as_version=4), path.name)
    shown = [
        "".join(o.get("data", {}).get("text/html", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    ]
    passages = [h for h in shown if 'class="article-passage"' in h]
    assert passages and all('<details open class="article-passage"' in h for h in passages)
    assert all('<details open class="reading-copy"' in h for h in passages)
    spec = next(s for s in data.notebook_spec() if s["id"] == path.stem)["organiser"]
    assert any('class="organiser-grid"' in h and spec["title"] in h for h in shown)
    assert not any('<details open class="decide-first"' in h for h in shown)
    documents = [c.source for c in nb.cells if c.metadata.get("read") == "document"]
    assert len(documents) == 3 and all("paraphrase" in d for d in documents)
