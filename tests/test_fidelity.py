"""Fidelity to the two sources: what a student sees, checked against the data's own columns.

The provenance rules themselves (citation by anchor, outside items, the article's voice) live in the
validator and are tested in tests/test_provenance.py; here the views and the hand-written text
(notebook markdown, quiz explanations, teacher guides) are held to them. A few named regression cases
stay where a fresh read found a defect.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from helpers import data, lesson, text
from helpers.data import article_citations as ac
from helpers.figures import maps
from helpers.text import with_sources
from helpers.widgets import lookup

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
BANKS = sorted((ROOT / "data" / "quiz").glob("*.yaml"))
GUIDES = sorted((ROOT / "data" / "teacher_guide").glob("*.yaml"))
KILLING = re.compile(r"\b(kill\w*|slaughter\w*|massacre\w*|dead|deaths)\b", re.I)
TOLL = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{4,}\b(?!\s*(?:versts|O\.S\.|N\.S\.))")
YEARS = {str(y) for y in range(1900, 1921)}
# a bracket that cites the article: '(12, p.139)', '(5:25-26)', '(Gökay, ibid, p.26)'
CITED = re.compile(r"\((\d+\s*(?:,\s*[ps][.,]|:)[^()]*|Gökay, ibid[^()]*)\)")


def flat(value: str) -> str:
    """Whitespace collapsed (as the article reader flattens it)."""
    return ac.flat(value)


def printed_groups() -> set[str]:
    """Every citation group the article prints, as printed."""
    return {g.printed for s in ac.sentences() for g in s.groups}


def quiz_questions() -> list[tuple[str, dict]]:
    """(bank, question) for every question of every bank."""
    out = []
    for path in BANKS:
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            out.append((path.stem, q))
    return out


def markdown_cells() -> list[tuple[str, int, str]]:
    """(notebook, cell index, text) of every markdown cell."""
    return [
        (path.stem, i, "".join(c["source"]))
        for path in NOTEBOOKS
        for i, c in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"])
        if c["cell_type"] == "markdown"
    ]


def notebook_outputs() -> list[dict]:
    """Every stored output of every notebook."""
    return [
        o
        for path in NOTEBOOKS
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
        for o in c.get("outputs", [])
    ]


def hand_written() -> list[tuple[str, str]]:
    """(where, text) of everything written by hand, as a reader sees it (markup rendered, the spans'
    comments left out): notebook markdown, bank prose, guides."""
    out = [
        (f"{nb} cell {i}", re.sub(r"(?m)^>\s?", "", re.sub(r"<!--.*?-->", "", t, flags=re.S)))
        for nb, i, t in markdown_cells()
    ]
    for bank, q in quiz_questions():
        for key in ("explanation", "model_answer", "prompt"):
            if q.get(key):
                out.append((f"{bank} {q['id']} {key}", with_sources(q[key])))
        out += [(f"{bank} {q['id']} rubric", with_sources(r)) for r in q.get("rubric") or []]
    for path in GUIDES:
        out.append((f"guide {path.stem}", with_sources(path.read_text(encoding="utf-8"))))
    return out


def tolls(value: str) -> list[str]:
    """Numbers that count people killed in a text (years, distances and dates left out)."""
    if not isinstance(value, str) or not KILLING.search(value):
        return []
    return [n for n in TOLL.findall(value) if n not in YEARS]


# ---- 1. the two massacres of Baku: every toll has a figures row, every killing is drawn ----


def test_every_event_with_a_toll_has_a_figures_row():
    events, figures = data.load("events"), data.load("figures")
    counted = set(figures["event_id"].dropna())
    missing = [e for e, s in zip(events.index, events["summary"], strict=True) if tolls(s)]
    missing = [e for e in missing if e not in counted]
    assert not missing, (
        f"events whose summary gives a death toll but have no figures row: {missing}"
    )


def test_every_figures_row_of_a_killing_is_drawn_in_some_notebook():
    figures = data.load("figures")
    killings = figures[[bool(KILLING.search(u)) for u in figures["unit"].fillna("")]]
    assert {"march_days_deaths", "september_days_deaths"} <= set(killings.index)
    drawn = json.dumps([o["data"] for o in notebook_outputs() if "data" in o], ensure_ascii=False)
    drawn = drawn.replace("<br>", " ")  # a figure's texts are wrapped to its width when shown
    for fid, row in killings.iterrows():
        axis = f"{row['label']} ({row['unit']})"
        assert axis in drawn, f"{fid}: no stored notebook output draws it (axis {axis!r})"


def test_the_september_days_are_shown_like_the_march_days():
    """Both killings: a figures row with the other scholarship's range, a glossary card, a chart."""
    figures, glossary = data.load("figures"), data.load("glossary")
    for fid in ("march_days_deaths", "september_days_deaths"):
        row = figures.loc[fid]
        assert row["contested"] and row["outside_low"] < row["outside_high"], fid
        assert row["outside_items"] and row["outside_source"], (
            fid
        )  # read from the fact sheet's item
        cards = glossary[
            glossary["outside_items"].map(
                lambda ids, r=row: bool(set(ids) & set(r["outside_items"]))
            )
        ]
        assert len(cards), f"{fid}: no glossary card a student can search"
    assert "Armenians" in data.load("events").loc["september_days_1918", "summary"]


def test_an_events_summary_is_shown_wherever_an_event_is_listed():
    events = data.phase_events(6)
    row = events.loc["september_days_1918"]
    hover = " ".join(h for t in lesson.timeline(events).data for h in t.get("hovertext") or [])
    assert "Armenians in Baku" in hover.replace("<br>", " ")
    table = lesson.context_events(events).data
    assert row["summary"].split(":")[0] in table
    entries = lookup.index({"places": data.load("places")})
    baku = next(e for e in entries if e.key == "baku")
    card = lookup.card(baku, {"places": data.load("places")}, events, data.load("sources"))
    assert "Armenians in Baku were killed" in card


# ---- 2. citations as printed: a group cited anywhere by hand is a whole group the article prints ----


def test_every_group_cited_by_hand_is_a_whole_printed_group():
    """Merged groups ('(8, p.463; 12, p.143)') and cut ones ('(5:25-26)') are caught everywhere."""
    groups = printed_groups()
    wrong = []
    for where, value in hand_written():
        for cited in CITED.findall(flat(value)):
            cited = cited.removesuffix(f"; {ac.UNOPENED}")  # an unopened group, shown balanced
            if flat(cited) not in groups:
                wrong.append(f"{where}: ({cited})")
    assert not wrong, wrong


def test_map_hovers_list_every_event_with_its_shown_citation():
    events = data.phase_events(1)
    fig = maps.place_map(data.load("places"), events)
    hover = dict(zip(fig.data[-1].customdata, fig.data[-1].hovertext, strict=True))["petrograd"]
    at = events[(events["place_id"] == "petrograd") & events["same_as"].isna()]
    assert len(at) > 8
    for title, shown in zip(at["title"], at["citation_shown"], strict=True):
        assert title.replace("'", "&#x27;") in hover or title in hover, title
        if isinstance(shown, str) and shown:
            assert shown.strip("()") in hover, shown


def test_a_borrowed_group_is_shown_with_its_note_in_the_hovers():
    """The 9 January meetings: their sentence prints none, the hover says the next printed is (15, p.20)."""
    events = data.load("events")
    hovers = " ".join(h for t in lesson.timeline(events).data for h in t.get("hovertext") or [])
    shown = events.loc["workers_meetings_jan_1917", "citation_shown"]
    assert shown.startswith(ac.NO_OWN) and shown in hovers.replace("<br>", " ")


# ---- 3. our own arithmetic is labelled as ours ----

COMPUTED = {112.0, 3.81, 60176.0, 116.0}  # fact sheet §4: our arithmetic, not published figures


def test_computed_numbers_are_never_drawn_as_other_scholarship():
    figures = data.load("figures")
    for fid, row in figures.iterrows():
        for col in ("outside_low", "outside_high", "outside_value"):
            value = row[col]
            assert value is data.pd.NA or float(value) not in COMPUTED, (fid, col, value)


def test_computed_numbers_are_labelled_computed_here():
    notes = data.load("figures")["outside_note"].dropna()
    for number in ("112", "3.81%", "60,176"):
        said = [n for n in notes if number in n]
        assert said and all("computed here from" in n.lower() for n in said), number


# ---- 4. outside context: labelled from its items, never the vetting file ----


def _student_text() -> dict[str, str]:
    sources = data.load("sources")
    tables = {t: data.load(t) for t in ("people", "parties", "places", "glossary")}
    events = data.load("events")
    cards = {
        f"card {e.table}:{e.key}": lookup.card(e, tables, events, sources)
        for e in lookup.index(tables)
    }
    figs = {
        "timeline hovers": " ".join(
            h for t in lesson.timeline(events).data for h in t.get("hovertext") or []
        ),
        "context table": lesson.context_events(events).data,
        "ledger": lesson.ledger(data.load("claims").index).data,
    }
    markdown = {f"{nb} cell {i}": t for nb, i, t in markdown_cells()}
    return cards | figs | markdown


def test_students_never_see_the_vetting_file_as_a_source():
    seen = {k: v for k, v in _student_text().items() if re.search(r"fact[ _]sheet", v, re.I)}
    assert not seen, f"'fact sheet' shown to students in: {sorted(seen)[:8]}"


def test_every_note_beyond_the_article_names_its_items():
    """A glossary card, place note or party card that says 'beyond the article' names its items."""
    missing = []
    for table, column in (
        ("glossary", "definition"),
        ("places", "note"),
        ("parties", "description"),
    ):
        frame = data.load(table)
        for key, row in frame.iterrows():
            outside = re.search(r"beyond the article|outside context", str(row[column]), re.I)
            if (outside or row.get("source") in ("fact_sheet", "both")) and not row[
                "outside_items"
            ]:
                missing.append(f"{table}:{key}")
    assert not missing, missing


def test_a_card_shows_the_label_and_works_of_its_items():
    sources, outside = data.load("sources"), data.load("outside")
    tables = {t: data.load(t) for t in ("people", "parties", "places", "glossary")}
    checked = 0
    for entry in lookup.index(tables):
        row = tables[entry.table].loc[entry.key]
        if not row["outside_items"]:
            continue
        card = lookup.card(entry, tables, data.load("events"), sources)
        for item in row["outside_items"]:
            label = outside.at[item, "label"]
            assert (label if isinstance(label, str) and label else "not stated") in card, entry
        checked += 1
    assert checked >= 20


def test_the_quiz_reveal_and_answer_key_show_the_items_label_and_works():
    from helpers.quiz import grading, widget
    from helpers.teacher import answer_key

    seen = 0
    for path in BANKS:
        bank = grading.load(path.stem)
        key = flat(re.sub(r"<[^>]+>", "", answer_key.key_html(bank)))
        for q in bank.questions:
            if not q.outside:
                continue
            html = widget.feedback_html(grading.key_feedback(q), teacher=True)
            shown = flat(re.sub(r"<[^>]+>", "", html))
            assert not re.search(r"fact[ _]sheet", shown, re.I), q.id
            label = widget.outside_confidence(q.outside)
            works = flat(text.escaped(widget.outside_works(q.outside)))
            assert f"Source: {works}" in shown and works in key, q.id
            assert label in key, (q.id, label)
            seen += 1
        assert not re.search(r"fact[ _]sheet", key, re.I), path.stem
    assert seen >= 30


# ---- 5. no detail that is in neither source ----

INVENTED = (
    "Azerbaijan Democratic Republic",
    "sayfa",
    "Moscow's interest",
    "capital of the Azerbaijan Republic from 28 May",
    "saved the revolution",
    "the Turkish 's.'",  # notebook 00 asks students to infer what 's.' stands for
)


def _everything_shown() -> str:
    parts = [p.read_text(encoding="utf-8") for p in NOTEBOOKS + BANKS + GUIDES]
    parts += [(ROOT / "data" / f"{t}.csv").read_text(encoding="utf-8") for t in data.table_names()]
    return "\n".join(parts)


@pytest.mark.parametrize("phrase", INVENTED)
def test_no_detail_from_neither_source(phrase):
    assert phrase not in _everything_shown()


# ---- 6. the article's unconfirmed claims are told in its voice ----
# a rule of the validator (banks, guides: helpers/data/provenance.py) and of the generator's --check
# (notebook markdown: helpers/authoring/citations.py), generic over every item labelled unconfirmed;
# planted in tests/test_provenance.py and tests/test_notebook.py


# ---- 7. display faults that hide history ----


def test_timeline_notes_are_never_cut_mid_word():
    events = data.load("events")
    hovers = [h for t in lesson.timeline(events).data for h in t.get("hovertext") or []]
    words = " ".join(h.replace("<br>", " ") for h in hovers)
    for note in events["outside_note"].dropna():
        last = note.split()[-1]
        assert last in words, f"note cut: …{note[-40:]}"


def test_a_context_table_has_no_blank_column():
    for phase in range(1, 7):
        table = lesson.context_events(data.phase_events(phase)).data
        assert (
            '<td style="vertical-align: top; padding: 0.3em 0.8em; text-align: left"></td>'
            not in table
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_hovers_show_source_labels_not_ids(path):
    ids = set(data.load("sources")["source_id"])
    hovers = []
    for c in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for o in c.get("outputs", []):
            fig = o.get("data", {}).get("application/vnd.plotly.v1+json")
            for trace in (fig or {}).get("data", []):
                ht = trace.get("hovertext")
                hovers += ht if isinstance(ht, list) else [ht or ""]
                hovers.append(trace.get("name") or "")
    shown = " ".join(hovers)
    raw = sorted(i for i in ids if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", shown))
    raw = [i for i in raw if "_" in i or i in {"wikipedia", "fact_sheet", "wade", "redflag"}]
    assert not raw, f"{path.name}: hovers show raw source ids {raw}"


def test_an_order_answer_shows_each_items_own_citation_and_the_no_citation_marker():
    """Each item's citation is computed from its words: its sentence's own group, or 'no citation
    of its own; the next printed is (…)' (never the bank's typed field)."""
    from helpers.data import article_citations
    from helpers.quiz import grading, widget

    checked = 0
    for bank in {b for b, q in quiz_questions() if q["type"] == "order"}:
        for q in grading.load(bank).questions:
            if q.type != "order":
                continue
            shown = widget.feedback_html(grading.key_feedback(q))
            lines = shown.split("<br>")
            for n, cid in enumerate(q.answer, start=1):
                c = q.choice(cid)
                cite = article_citations.citation_shown(c.evidence)
                line = next(x for x in lines if x.split(". ", 1)[0].endswith(str(n)))
                assert cite in line and (cite.startswith("(") or f"({cite})" in line), (q.id, n)
                checked += 1
            assert "()" not in shown
    assert checked >= 25


def test_a_question_whose_sentence_prints_none_says_so():
    """q2.6 (the 'tactic' sentence) shows the next printed group as borrowed, never (12, s.141)."""
    from helpers.quiz import grading, widget

    q = next(q for q in grading.load("02_baku_soviet").questions if q.id == "q2.6")
    shown = widget.feedback_html(grading.key_feedback(q), teacher=True)
    assert "no citation of its own; the next printed is (14, p.165-185)" in shown
    assert "()" not in shown and "12, s.141" not in shown
