"""A printable, offline HTML page: the one base template (templates/page.html.j2) and print stylesheet
(templates/print.css), plotly.js from the installed package, a plotly figure drawn into a div, and the
check that a page fetches nothing from the network. The class report, the answer key, the teacher guide
and the handouts share them; the answer key and the teacher guide share their command line
(write_pages)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from helpers.data.errors import DataError

DEFAULT_HEIGHT = 450  # plotly.js's own default figure height, in pixels
TEMPLATES = Path(__file__).resolve().parent / "templates"
PRINT_CSS = TEMPLATES / "print.css"


@cache
def environment() -> Environment:
    """Jinja2 over templates/, autoescaping every value not marked as HTML already."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )


def print_css() -> str:
    """The print stylesheet every printable page uses."""
    return PRINT_CSS.read_text(encoding="utf-8")


def printable_page(kind: str, title: str, body: str, plotly: bool = False) -> str:
    """A whole offline page from the base template: `kind` (answer-key, guide, report, handouts) picks
    its rules in print.css; `body` is HTML already escaped (helpers.text.escaped); `plotly` inlines
    plotly.js for figure_html's divs."""
    return (
        environment()
        .get_template("page.html.j2")
        .render(
            kind=kind,
            title=title,
            body=Markup(body),
            css=Markup(print_css()),
            plotly_js=Markup(plotly_js()) if plotly else "",
        )
    )


def plotly_js() -> str:
    """The plotly.js bundle shipped inside the installed plotly package."""
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text("utf-8")


def script_json(value: Any) -> str:
    """JSON safe to put inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def figure_html(figure: dict[str, Any], div_id: str) -> str:
    """A div and the Plotly.newPlot call that draws one plotly JSON output into it."""
    layout = dict(figure.get("layout") or {})
    layout.pop("width", None)  # fit the page: a fixed screen width would not fit A4
    layout["autosize"] = True
    config = {
        k: v for k, v in (figure.get("config") or {}).items() if k not in ("plotlyServerURL",)
    }
    config.update({"responsive": True, "displaylogo": False, "showLink": False})
    height = int(layout.get("height") or DEFAULT_HEIGHT)
    return (
        f'<div id="{div_id}" class="handout-figure" style="height: {height}px"></div>\n'
        f'<script type="text/javascript">Plotly.newPlot("{div_id}", '
        f"{script_json(figure.get('data') or [])}, {script_json(layout)}, "
        f"{script_json(config)});</script>"
    )


def network_tags(page: str) -> list[str]:
    """Every script/link/img/iframe tag of a page whose src or href is not a local file."""
    tags = re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", page, flags=re.IGNORECASE)
    remote = re.compile(r'\b(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', re.IGNORECASE)
    return [t for t in tags if remote.search(t)]


def write_pages(write: Callable[[Path], list[Path]], default: Path, argv: list[str] | None) -> int:
    """A command line that writes pages: `write(folder)` into the folder given (else `default`),
    then prints how many files it wrote and where; broken data prints its problems (exit 1)."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else default
    try:
        written = write(out_dir)
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files to {out_dir}")
    return 0
