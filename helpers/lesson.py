"""Cell-level glue for the lessons: set-up, showing a figure with its text alternative, outside-context boxes."""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Iterable
from typing import Any

import pandas as pd

from helpers import data
from helpers.data import article_citations
from helpers.data.errors import DataError
from helpers.text import (
    after_text,
    confidence,
    counts_source,
    escaped,
    note_box,
    shown_citation,
    works,
)


def start() -> None:
    """Prepare a lesson kernel: libraries loaded and settled, plotly offline, data errors as messages,
    and the page told how widgets behave after a reload or restart and which keys they keep."""
    settle_libraries()
    offline_plotly()
    pd.set_option("display.max_colwidth", None)  # a table's text wraps; never cut to "…"
    try:
        ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return
    ip.set_custom_exc((DataError,), show_data_error)
    from IPython.display import display

    from helpers.widgets.page import page_glue

    display(page_glue())  # widgets that say "run this cell again" and keep their keys (page.py)


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
    return escaped(shown_citation(row)) or "(no citation)"


def beyond(claim_id: str) -> Any:
    """A 'Beyond the article' box: what other scholarship says about one of the article's claims."""
    row = claim(claim_id)
    contested = " <em>(contested)</em>" if row.get("contested") is True else ""
    body = (
        f"<em>The article</em> {cite(row)}: {escaped(row['article_says'])}<br>"
        f"<em>Other scholarship</em>{contested}: {escaped(row['scholarship_says'])}<br>"
        f"<small>Source: {sources(row)}. Confidence: "
        f"{escaped(confidence(row['confidence']).removeprefix('confidence '))}.</small>"
    )
    return box(f"Beyond the article: {row['topic']}", body)


def terms(term_ids: Iterable[str], title: str) -> Any:
    """Glossary definitions in note boxes: rows taken from the article as "The article says …" with its
    shown citation; rows from the fact sheet "Beyond the article", each with its works and confidence."""
    from IPython.display import HTML

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
        f"<tr><td {cell}>{span(row.date_start, row.date_end)}</td><td {cell}>{escaped(row.title)}</td>"
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


def span(start: Any, end: Any) -> str:
    """'26 Jul 1918' for one day, '26 Jul 1918 - 1 Aug 1918' for a span."""
    return f"{start:%d %b %Y}" if end == start else f"{start:%d %b %Y} - {end:%d %b %Y}"


PASSAGE = (
    "border: 1px solid #999; border-left: 6px solid #555; padding: 0.4em 1em; margin: 0.8em 0; "
    "background: #f7f7f2; color: #1a1a1a; font-size: 1.05em"
)


def article(first: str, last: str | None = None, title: str = "") -> Any:
    """The article's own words, verbatim and collapsible: from the start of the paragraph holding
    `first` (or of its sentence, when `last` is given) to the end of that paragraph (or of the
    sentence holding `last`), with the citations the passage prints."""
    from IPython.display import HTML

    words, citations, number = passage(first, last)
    cited = "; ".join(shown_group(c, words) for c in citations)
    note = (
        f"Citations the article prints here: {html.escape(cited)}."
        if citations
        else "The article prints no citation in this passage."
    )
    label = f"The article's own words{': ' + title if title else ''} (paragraph {number})"
    return HTML(
        f'<details class="article-passage" style="{PASSAGE}"><summary><strong>'
        f"{html.escape(label)}</strong> (click to open)</summary>"
        f'<blockquote style="white-space: pre-line; margin: 0.5em 0">{html.escape(words)}</blockquote>'
        f"<small>Source: the article (author not named), {note}</small>"
        '<details class="reading-copy" style="margin-top: 0.5em"><summary>Reading copy: the same '
        "words, with the printer's line breaks and split words joined (click to open)</summary>"
        f'<p style="margin: 0.5em 0">{html.escape(reading_copy(words))}</p></details></details>'
    )


def reading_copy(words: str) -> str:
    """A passage as one flowing text: a word split at a line end ("oth-" / "er") joined, line
    breaks made spaces, paragraphs kept; the words and their order unchanged."""
    import re

    joined = re.sub(r"(?<=[a-zığüşöç])-[ \t]*\n\s*(?=[a-zığüşöç])", "", words)
    paragraphs = re.split(r"\n\s*\n", joined)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def shown_group(group: str, words: str) -> str:
    """A group as the passage prints it: '(12, p.139)', or '12, p.140)' when its bracket opens on prose."""
    opened = any(
        article_citations.bracket_group(b) == article_citations.Group(group)
        for b in re.findall(r"\(([^()]*)\)", " ".join(words.split()))
    )
    return f"({group})" if opened else f"{group}) (no opening bracket of its own)"


def passage(first: str, last: str | None = None) -> tuple[str, list[str], int]:
    """A verbatim span of the article, the citation groups it prints and its paragraph number (1-based)."""
    import re

    text = data.article_text()
    paragraphs = data.article_paragraphs()

    def find(anchor: str, after: int = 0) -> re.Match[str]:
        pattern = r"\s+".join(re.escape(w) for w in anchor.split())
        found = re.compile(pattern).search(text, after)
        if found is None:
            raise KeyError(f"the article has no passage {anchor!r} (data/article.txt)")
        return found

    hit = find(first)
    number, start = next(
        (k, text.index(p))
        for k, p in enumerate(paragraphs, 1)
        if text.index(p) + len(p) > hit.start()
    )
    end = start + len(paragraphs[number - 1])
    if last is not None:
        sentence = re.compile(r"(?<=[.)”])\s+(?=[A-Z“])")
        starts = [start] + [m.end() for m in sentence.finditer(text, start, hit.start() + 1)]
        start = starts[-1]
        tail = find(last, hit.start())
        ends = [m.start() for m in sentence.finditer(text, tail.end(), len(text))]
        end = min([*ends, len(text)])
    words = text[start:end].strip()
    found = (article_citations.bracket_group(b) for b in re.findall(r"\(([^()]*)\)", words))
    return words, [" ".join(g.printed.split()) for g in found if g], number


# ---- named tables for lesson cells (students read history, not pandas) ----


def citation_forms(events: Any, n: int = 6) -> Any:
    """Events whose printed citation has an unusual form (s., a colon, p, or a name)."""
    forms = events["citation_printed"].str.contains(r"s\.|:|p,|Gökay", na=False)
    return events.loc[forms, ["title", "citation_printed", "refs"]].head(n)


def dates_table(events: Any, n: int | None = None) -> Any:
    """Title, summary, the date as printed, its calendar and the New Style date; a date of uncertain
    calendar shows its two readings in New Style, never one N.S. date."""
    table = events[["title", "summary", "date_printed", "calendar_printed"]].copy()
    table["date_start"] = [new_style(row) for row in events.to_dict("records")]
    return table if n is None else table.head(n)


def new_style(row: dict[str, Any]) -> str:
    """An event's date in New Style: one day, a span, or for a calendar that cannot be told the
    readings its span holds (date_start read as N.S., date_end as O.S.: data/datapackage.yaml)."""
    start, end = row["date_start"], row["date_end"]
    if row["calendar_printed"] != "uncertain":
        return f"{start:%Y-%m-%d}" if end == start else f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    joint = "or" if row["precision"] == "day" else "to"
    return f"{start:%Y-%m-%d} {joint} {end:%Y-%m-%d} (calendar uncertain: two readings)"


def from_article(events: Any) -> Any:
    """The events the article itself tells (not outside context)."""
    return events[events["origin"] == "article"]


def phases(*numbers: int) -> Any:
    """Every event of the given phases."""
    events = data.load("events")
    return events[events["phase"].isin(numbers)]


def pick(table: Any, ids: Iterable[str]) -> Any:
    """The rows of a table with these ids, in this order."""
    return table.loc[list(ids)]


def printed_date(event_id: str) -> str:
    """An event's date exactly as the article prints it."""
    return str(data.load("events").loc[event_id, "date_printed"])


def vote_table(votes: Any) -> Any:
    """The 1917 vote by list, with a second tally where one exists and its source (the outside
    items' label and works, read from data/outside.csv)."""
    table_of_sources = data.load("sources")
    said = [counts_source(row, table_of_sources) for row in votes.to_dict("records")]
    table = votes[["list_name", "votes", "votes_alt"]].copy()
    table["source"] = said
    return table


def vote_bars(votes: Any) -> Any:
    """charts.vote_bars with the parties' colours and the sources' labels."""
    from helpers.figures import charts

    return charts.vote_bars(votes, parties=data.load("parties"), sources=data.load("sources"))


def named_lists(votes: Any) -> Any:
    """The named lists, without the row that adds up 'the other lists'."""
    return votes[~votes["aggregate"]]


def seats_printed(lists: Any) -> int:
    """How many seats the article gives these lists."""
    return int(lists["seats_article"].sum())


def seats_compared(lists: Any, seats: int) -> Any:
    """The article's seats beside the D'Hondt seats computed here from the votes."""
    from helpers.history import elections

    by_list = lists.set_index("list_name")["votes"]
    dhondt = elections.dhondt(by_list, seats).rename("dhondt")
    return lists.set_index("list_name")[["seats_article"]].join(dhondt)


def last_quotient(lists: Any, seats: int) -> int:
    """The quotient that won the last seat by D'Hondt (computed here)."""
    from helpers.history import elections

    return round(elections.last_quotient(lists.set_index("list_name")["votes"], seats))


def vote_shares(votes: Any) -> Any:
    """Each list's share of all votes, in per cent (computed here), to two decimals."""
    from helpers.history import elections

    return elections.shares(votes.set_index("list_name")["votes"]).round(2)


def top_share(shares: Any, k: int = 3) -> float:
    """The combined share of the k biggest lists, in per cent, to one decimal."""
    return round(float(shares.nlargest(k).sum()), 1)


def seat_total(seym: Any) -> int:
    """The Seym seats the article lists, added up."""
    return int(seym["seats_article"].sum())


def seats_by_bloc(seym: Any, parties: Any) -> Any:
    """The Seym seats the article lists, added up by bloc (the blocs are our grouping, not the article's)."""
    blocs = parties[["party_id", "bloc"]]
    sums = seym.merge(blocs, on="party_id").groupby("bloc")["seats_article"].sum()
    sums.index.name = "bloc (our grouping of the lists, not the article's)"
    return sums.rename("seats the article lists")


def figure_value(figure_id: str) -> int:
    """A number from data/figures.csv, as a whole number."""
    return int(data.load("figures").loc[figure_id, "value"])


def seats_by_quota(seym: Any, quota: int) -> Any:
    """The article's Seym seats beside the seats a fixed quota gives each list (computed here)."""
    from helpers.history import elections

    votes = data.load("elections_1917").set_index("party_id")["votes"]
    by_quota = elections.fixed_quota(votes, quota).astype("Int64").rename("by_quota")
    return seym.set_index("party_id")[["name_printed", "seats_article"]].join(by_quota)


def with_outside(printed: Any, events: Any, *event_ids: str) -> Any:
    """The article's events with a few events it leaves out added (a map marks them beyond the article)."""
    return pd.concat([printed, events.loc[list(event_ids)]])


def calendars_by_phase(events: Any) -> Any:
    """How many of the article's dates each phase prints in each calendar."""
    printed = from_article(events)
    return printed.groupby(["phase", "calendar_printed"]).size().unstack(fill_value=0)


def claims_by_kind(claims: Any) -> Any:
    """How many claims of each kind the ledger holds at each confidence: a row a confidence (as
    the fact sheet labels the claim's items), a column a kind of claim, so it fits the page."""
    table = claims.groupby(["confidence", "kind"]).size().unstack(fill_value=0)
    return table.rename_axis(
        index="confidence (the fact sheet's labels of the claim's items)", columns="kind of claim"
    )


def contested_ids() -> list[str]:
    """The ids of every contested number in data/figures.csv."""
    figures = data.load("figures")
    return figures[figures["contested"].fillna(False)].index.tolist()


def seat_exercise(name: str = "dhondt_by_hand", answer: bool = False) -> Any:
    """The invented by-hand D'Hondt exercise (data/exercises.yaml): each list's votes and quotients
    (votes ÷ 1, 2, 3 …); with answer=True also the seats each list wins, to check a share by hand."""
    import pandas as pd

    from helpers.history import elections

    task = data.exercise(name)
    votes = pd.Series(task["votes"])
    table = pd.DataFrame({"votes": votes})
    for d in range(1, task["seats"] + 1):
        table[f"÷ {d}"] = (votes / d).round().astype(int)
    if answer:
        table["seats won (computed)"] = elections.dhondt(votes, task["seats"])
    table.index.name = f"{task['seats']} seats; {task['note']}"
    return table


def outside_voices() -> Any:
    """The outside works the notebooks cite: who, when and what kind of work, as the project's
    sources name them (the article's own numbered references are not listed: we cannot see them)."""

    sources = data.load("sources")
    cell = 'style="vertical-align: top; padding: 0.3em 0.8em; text-align: left"'
    rows = "".join(
        f"<tr><td {cell}>{escaped(row.label)}</td><td {cell}>{escaped(row.work_type)}</td></tr>"
        for row in sources.itertuples()
        if row.kind != "article_ref" and row.work_type != "vetting file"
    )
    table = (
        '<table aria-label="The outside voices: works cited as outside context">'
        f"<thead><tr><th {cell}>Work (author, title, year as named)</th>"
        f"<th {cell}>Kind of work</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return box("Beyond the article: the outside voices", table)


def show_contested(ids: list[str], per_chart: int = 3) -> None:
    """Contested numbers a few to a chart, so that no chart is taller than a projected screen."""
    parts = [ids[i : i + per_chart] for i in range(0, len(ids), per_chart)]
    for k, part in enumerate(parts, start=1):
        title = f"Contested numbers ({k} of {len(parts)}): what the article says and what other scholarship gives"
        show(contested_range(part, title=title))


def ledger_jigsaw(claims: Any, groups: int = 3) -> Any:
    """The whole ledger in the order of the story, cut into `groups` parts of whole phases, each a
    collapsible part one group of students reads and reports on (one output)."""
    from IPython.display import HTML

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


def decide_first(shown: Any) -> Any:
    """A box or table that answers the prompt above it, collapsed under "Decide first, then open"."""
    from IPython.display import HTML

    inner = shown._repr_html_() if hasattr(shown, "_repr_html_") else getattr(shown, "data", shown)
    return HTML(
        '<details class="decide-first"><summary><strong>Decide first, then open</strong> '
        f"(click to open)</summary>{inner}</details>"
    )


def organiser(notebook_id: str) -> Any:
    """The lesson's organiser (data/notebooks.yaml), filled in from and saved to the progress file,
    so that it goes into the hand-in."""
    from helpers.quiz import progress
    from helpers.widgets.organiser import Organiser

    spec = next(s for s in data.notebook_spec() if s["id"] == notebook_id)["organiser"]

    def save(answers: dict[str, Any]) -> str:
        try:
            progress.save_organiser(notebook_id, answers)
        except OSError as e:
            return f"Not saved ({e.strerror or e}): copy your answers somewhere safe."
        return "Saved with your progress; it is handed in with the quiz."

    return Organiser(spec, progress.organiser(notebook_id), save)


def collection_map() -> Any:
    """The notebooks of the collection as a table of links: title and what each covers."""
    from IPython.display import Markdown

    rows = [f"| [{s['title']}]({s['id']}.ipynb) | {s['span']} |" for s in data.notebook_spec()]
    return Markdown("| notebook | what it covers |\n|---|---|\n" + "\n".join(rows))
