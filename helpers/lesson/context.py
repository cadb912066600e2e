"""Sources and outside context: "Beyond the article" boxes, glossary terms, the claims ledger, two
accounts side by side, the events the article leaves out and the outside works cited."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from IPython.display import HTML

from helpers import data
from helpers.data.markup import ITEM_SHOWN
from helpers.text import after_text, confidence, escaped, note_box, shown_citation, works

CELL = 'style="vertical-align: top; padding: 0.3em 0.8em; text-align: left"'


def box(title: str, body: str, colour: str = "#0072B2", background: str = "#eef5fb") -> HTML:
    """An HTML note box with a bold title (body is already-escaped HTML)."""
    body = f"<strong>{escaped(title)}</strong><br>{body}"
    return HTML(note_box(body, colour, background, role="note", label=title))


def claim(claim_id: str) -> dict[str, Any]:
    """One row of the claims table as a dict."""
    claims = data.load("claims")
    if claim_id not in claims.index:
        raise KeyError(f"no claim {claim_id!r} in data/claims.csv")
    return {k: ("" if v is None or v is pd.NA else v) for k, v in claims.loc[claim_id].items()}


def sources(row: Mapping[str, Any]) -> str:
    """The works behind a row's outside context, by their labels (never the vetting file)."""
    conf = row.get("confidence") or row.get("outside_confidence")
    return escaped(works(row["outside_source"], data.load("sources"), conf))


def cite(row: Mapping[str, Any]) -> str:
    """The article's citation as printed, in brackets: '(12, p.139)', or for a sentence that prints
    none '(no citation of its own; the next printed is (…))', or '(no citation)'."""
    shown = shown_citation(row)
    if shown.startswith("no citation"):
        shown = f"({shown})"
    return escaped(shown) or "(no citation)"


def beyond(claim_id: str) -> HTML:
    """A 'Beyond the article' box: what other scholarship says about one of the article's claims."""
    row = claim(claim_id)
    contested = " <em>(contested)</em>" if row.get("contested") is True else ""
    body = (
        f"<em>The article</em> {cite(row)}: {escaped(row['article_says'])}<br>"
        f"<em>Other scholarship</em>{contested}: {escaped(row['scholarship_says'])}"
    )
    # one source line for the whole text, unless its sentences give their items themselves
    if ITEM_SHOWN not in row["scholarship_says"]:
        body += (
            f"<br><small>Source: {sources(row)}. Confidence: "
            f"{escaped(confidence(row['confidence']).removeprefix('confidence '))}.</small>"
        )
    return box(f"Beyond the article: {row['topic']}", body)


def terms(term_ids: Iterable[str], title: str) -> HTML:
    """Glossary definitions in note boxes: rows taken from the article as "The article says …" with its
    shown citation; rows from the fact sheet "Beyond the article", each with its works and confidence."""
    glossary, table_of_sources = data.load("glossary"), data.load("sources")
    from_article, beyond_it = [], []
    for term_id in term_ids:
        row = glossary.loc[term_id]
        head = f"<strong>{escaped(row['term_standard'])}</strong>: "
        if row["source"] == "article":
            shown = shown_citation(row)
            citation = f" {escaped(after_text(shown))}" if shown else " (no citation)"
            from_article.append(f"{head}The article says: {escaped(row['definition'])}{citation}")
            continue
        conf = row["outside_confidence"]
        label = works(row["outside_source"], table_of_sources, conf)
        article = (
            f" The article: {escaped(shown_citation(row))}." if row["source"] == "both" else ""
        )
        beyond_it.append(
            f"{head}{escaped(row['definition'])}<br>"
            f"<small>Source: {escaped(label)}. Confidence: "
            f"{escaped(confidence(conf) or 'not stated')}.{article}</small>"
        )
    boxes = []
    if from_article:
        boxes.append(box(f"From the article: {title}", "<br>".join(from_article)).data)
    if beyond_it:
        boxes.append(box(f"Beyond the article: {title}", "<br>".join(beyond_it)).data)
    return HTML("\n".join(boxes))


def ledger(claim_ids: Iterable[str]) -> HTML:
    """Several 'Beyond the article' boxes as one output (one message to the browser, not one each)."""
    return HTML("\n".join(beyond(claim_id).data for claim_id in claim_ids))


def ledger_jigsaw(claims: pd.DataFrame, groups: int = 3) -> HTML:
    """The whole ledger in the order of the story, cut into `groups` parts of whole phases, each a
    collapsible part one group of students reads and reports on (one output)."""
    ordered = claims.sort_values(["phase", "kind"])
    phase_ids = sorted(int(p) for p in ordered["phase"].dropna().unique())
    size = -(-len(phase_ids) // groups)
    parts = []
    for k in range(groups):
        chosen = phase_ids[k * size : (k + 1) * size]
        if not chosen:
            continue
        rows = ordered[ordered["phase"].isin(chosen)].index
        label = f"Group {k + 1}: phase{'s' if len(chosen) > 1 else ''} " + ", ".join(
            map(str, chosen)
        )
        parts.append(
            f'<details class="jigsaw-part"><summary><strong>{html.escape(label)}</strong> '
            f"({len(rows)} claims; click to open)</summary>{ledger(rows).data}</details>"
        )
    return HTML("\n".join(parts))


def side_by_side(claim_id: str) -> HTML:
    """Two accounts of the same thing in two columns, for a corroboration task."""
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


def context_events(events: pd.DataFrame) -> HTML:
    """A labelled table of the outside-context events (origin 'outside') among the given events."""
    outside = events[events["origin"] == "outside"]
    table_of_sources = data.load("sources")
    rows = "".join(
        f"<tr><td {CELL}>{span(row.date_start, row.date_end)}</td><td {CELL}>{escaped(row.title)}</td>"
        f"<td {CELL}>{'<br>'.join(t for t in (escaped(row.summary), escaped(row.outside_note)) if t)}</td>"
        f"<td {CELL}>{escaped(works(row.outside_source, table_of_sources, conf))}</td>"
        f"<td {CELL}>{escaped(conf)}</td></tr>"
        for row, conf in zip(outside.itertuples(), outside["outside_confidence"], strict=True)
    )
    heads = ("Date (N.S.)", "Event", "What happened", "Source", "Confidence")
    head = "".join(f"<th {CELL}>{h}</th>" for h in heads)
    table = (
        f'<table aria-label="Beyond the article: events it leaves out">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
    return box("Beyond the article: what else was happening (outside context)", table)


def span(start: Any, end: Any) -> str:
    """'26 Jul 1918' for one day, '26 Jul 1918 - 1 Aug 1918' for a span."""
    return f"{start:%d %b %Y}" if end == start else f"{start:%d %b %Y} - {end:%d %b %Y}"


def one_row_a_site(listed: list[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    """(label, kind) of the works (label, kind, is a web page), the pages of one site ('Wikipedia,
    "March Days"', …) in one row where the first stands: 'Wikipedia (12 pages, each named where it
    is cited)'; works that are not web pages are each a row."""
    site = [label.split(", ", 1)[0] if web else label for label, _, web in listed]
    out: list[tuple[str, str]] = []
    for n, (label, kind, _) in enumerate(listed):
        pages = [i for i, s in enumerate(site) if s == site[n]]
        if len(pages) < 2:
            out.append((label, kind))
        elif pages[0] == n:
            out.append((f"{site[n]} ({len(pages)} pages, each named where it is cited)", kind))
    return out


def outside_voices() -> HTML:
    """The outside works the notebooks cite: who, when and what kind of work, as the project's
    sources name them (the article's own numbered references are not listed: we cannot see them)."""
    table_of_sources = data.load("sources")
    listed = [
        (str(row.label), str(row.work_type), row.kind == "web")
        for row in table_of_sources.itertuples()
        if row.kind != "article_ref" and row.work_type != "vetting file"
    ]
    rows = "".join(
        f"<tr><td {CELL}>{escaped(label)}</td><td {CELL}>{escaped(kind)}</td></tr>"
        for label, kind in one_row_a_site(listed)
    )
    table = (
        '<table aria-label="The outside voices: works cited as outside context">'
        f"<thead><tr><th {CELL}>Work (author, title, year as named)</th>"
        f"<th {CELL}>Kind of work</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return box("Beyond the article: the outside voices", table)
