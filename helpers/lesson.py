"""Cell-level glue for the lessons: set-up, showing a figure with its text alternative, outside-context boxes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

import pandas as pd

from helpers import data
from helpers.data.errors import DataError
from helpers.figures.labels import confidence, escaped, note_box, works


def start() -> None:
    """Prepare a lesson kernel: libraries loaded and settled, plotly offline, data errors as messages."""
    settle_libraries()
    offline_plotly()
    try:
        ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return
    ip.set_custom_exc((DataError,), show_data_error)


_settled: list[bool] = []


def settle_libraries() -> None:
    """Import pandas, plotly and ipywidgets, then take every object loaded so far out of the garbage
    collector's rounds (gc.freeze): they live as long as the kernel, and without this a lesson's first
    full collection walks all of them (about 35 ms), as do later ones. `make bench` measured 0.06-0.15 s
    a notebook; the set-up cell calls this before importing the other helpers for that reason.
    """
    import gc

    import ipywidgets  # noqa: F401
    import pandas  # noqa: F401
    import plotly  # noqa: F401

    if not _settled:  # once a kernel: a second freeze would also keep the garbage of earlier cells
        gc.freeze()
        _settled.append(True)


def offline_plotly() -> None:
    """Make plotly's own figures (a student's `go.Figure`) render offline, as the lessons' do.

    The lessons' figures (helpers.figures.plotly_json) never go through plotly.io; setting its renderer would
    import it (and nbformat) in every kernel, so PLOTLY_RENDERER tells plotly.io when it first loads.
    """
    os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"
    if "plotly.io._renderers" in sys.modules:  # already loaded: the variable is read only once
        sys.modules["plotly.io._renderers"].renderers.default = "plotly_mimetype"


def show_data_error(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset=None) -> list:
    """Print a DataError as the teacher's to-do list, without a traceback."""
    print(
        "The data files have a mistake, so this cell cannot run.\n"
        f"{value}\n"
        "Fix the file named above (or ask your teacher), run `make check`, then restart and run all.",
        file=sys.stderr,
    )
    return []


def show(fig: Any) -> None:
    """Display a figure followed by its text alternative."""
    from IPython.display import HTML, display

    display(fig)
    alt = escaped(fig.describe())
    display(HTML(f'<p role="note"><strong>Figure description.</strong> {alt}</p>'))


def box(title: str, body: str, colour: str = "#0072B2", background: str = "#eef5fb") -> Any:
    """An HTML note box with a bold title (body is already-escaped HTML)."""
    from IPython.display import HTML

    body = f"<strong>{escaped(title)}</strong><br>{body}"
    return HTML(note_box(body, colour, background, role="note", label=title))


def claim(claim_id: str) -> dict[str, Any]:
    """One row of the claims table as a dict."""
    claims = data.load("claims")
    if claim_id not in claims.index:
        raise KeyError(f"no claim {claim_id!r} in data/claims.csv")
    return {k: ("" if v is None or v is pd.NA else v) for k, v in claims.loc[claim_id].items()}


def sources(row: dict[str, Any]) -> str:
    """The works behind a row's outside context, by their labels (never the vetting file)."""
    conf = row.get("confidence") or row.get("outside_confidence")
    return escaped(works(row["outside_source"], data.load("sources"), conf))


def names() -> dict[str, str]:
    """Place, person and party ids to the names a reader knows them by."""
    from helpers import widgets

    return widgets.display_names(data.load("places"), data.load("people"), data.load("parties"))


def timeline(events: Any, **options: Any) -> Any:
    """charts.timeline with the names of places, people and parties and the sources' labels."""
    from helpers.figures import charts

    options.setdefault("names", names())
    options.setdefault("sources", data.load("sources"))
    return charts.timeline(events, **options)


def timeline_explorer(events: Any) -> Any:
    """The timeline explorer over these events, with names and source labels (one call, one look)."""
    from helpers import widgets

    tables = (data.load(t) for t in ("places", "people", "parties", "sources"))
    return widgets.timeline_explorer(events, *tables)


def contested_range(figure_ids: str | Iterable[str], title: str | None = None) -> Any:
    """charts.contested_range of data/figures.csv, its sources by their labels."""
    from helpers.figures import charts

    ids = figure_ids if isinstance(figure_ids, str) else list(figure_ids)
    figures, sources = data.load("figures"), data.load("sources")
    return charts.contested_range(figures, ids, sources=sources, title=title)


def glossary_search(events: Any = None) -> Any:
    """The name and term search over people, parties, places and the glossary, with their events."""
    from helpers import widgets

    tables = {t: data.load(t) for t in ("glossary", "people", "parties", "places")}
    events = data.load("events") if events is None else events
    return widgets.glossary_search(**tables, events=events, sources=data.load("sources"))


def cite(row: dict[str, Any]) -> str:
    """The article's citation as printed, in brackets, or a note that it gives none."""
    return f"({escaped(row['citation_printed'])})" if row["citation_printed"] else "(no citation)"


def beyond(claim_id: str) -> Any:
    """A 'Beyond the article' box: what other scholarship says about one of the article's claims."""
    row = claim(claim_id)
    contested = " <em>(contested)</em>" if row.get("contested") is True else ""
    body = (
        f"<em>The article</em> {cite(row)}: {escaped(row['article_says'])}<br>"
        f"<em>Other scholarship</em>{contested}: {escaped(row['scholarship_says'])}<br>"
        f"<small>Source: {sources(row)}. Confidence: "
        f"{escaped(confidence(row['confidence']))}.</small>"
    )
    return box(f"Beyond the article: {row['topic']}", body)


def terms(term_ids: Iterable[str], title: str) -> Any:
    """A 'Beyond the article' box of glossary definitions, each with its works and confidence."""
    glossary, table_of_sources = data.load("glossary"), data.load("sources")
    rows = []
    for term_id in term_ids:
        row = glossary.loc[term_id]
        conf = row["outside_confidence"]
        label = works(row["outside_source"], table_of_sources, conf)
        rows.append(
            f"<strong>{escaped(row['term_standard'])}</strong>: {escaped(row['definition'])}<br>"
            f"<small>Source: {escaped(label)}. Confidence: "
            f"{escaped(confidence(conf) or 'the article')}.</small>"
        )
    return box(f"Beyond the article: {title}", "<br>".join(rows))


def ledger(claim_ids: Iterable[str]) -> Any:
    """Several 'Beyond the article' boxes as one output (one message to the browser, not one each)."""
    from IPython.display import HTML

    return HTML("\n".join(beyond(claim_id).data for claim_id in claim_ids))


def side_by_side(claim_id: str) -> Any:
    """Two accounts of the same thing in two columns, for a corroboration task."""
    from IPython.display import HTML

    row = claim(claim_id)
    cell = 'style="vertical-align: top; padding: 0.5em 1em; width: 50%; text-align: left"'
    return HTML(
        f'<table aria-label="Two accounts: {escaped(row["topic"])}">'
        f"<thead><tr><th {cell}>What the article says</th>"
        f"<th {cell}>What other scholarship says (outside context)</th></tr></thead>"
        f"<tbody><tr><td {cell}>{escaped(row['article_says'])}<br>"
        f"<small>Article {cite(row)}</small></td>"
        f"<td {cell}>{escaped(row['scholarship_says'])}<br><small>{sources(row)}; "
        f"confidence: {escaped(row['confidence'])}</small></td></tr></tbody></table>"
    )


def context_events(events: Any) -> Any:
    """A labelled table of the outside-context events (origin 'outside') among the given events."""
    outside = events[events["origin"] == "outside"]
    table_of_sources = data.load("sources")
    cell = 'style="vertical-align: top; padding: 0.3em 0.8em; text-align: left"'
    rows = "".join(
        f"<tr><td {cell}>{row.date_start:%d %b %Y}</td><td {cell}>{escaped(row.title)}</td>"
        f"<td {cell}>{'<br>'.join(t for t in (escaped(row.summary), escaped(row.outside_note)) if t)}</td>"
        f"<td {cell}>{escaped(works(row.outside_source, table_of_sources, conf))}</td>"
        f"<td {cell}>{escaped(conf)}</td></tr>"
        for row, conf in zip(outside.itertuples(), outside["outside_confidence"], strict=True)
    )
    heads = ("Date (N.S.)", "Event", "What happened", "Source", "Confidence")
    head = "".join(f"<th {cell}>{h}</th>" for h in heads)
    table = (
        f'<table aria-label="Beyond the article: events it leaves out">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
    return box("Beyond the article: what else was happening (outside context)", table)
