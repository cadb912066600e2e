"""Fidelity to the two sources (issue 13): one test per kind of defect an outside historian found.

Each test reads what a student sees (data, quiz banks, figures, hovers, cards, stored notebooks) and
fails on the defect as it was before the fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from helpers import data, lesson
from helpers.figures import maps
from helpers.text import works
from helpers.widgets import lookup

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
BANKS = sorted((ROOT / "data" / "quiz").glob("*.yaml"))
KILLING = re.compile(r"\b(kill\w*|slaughter\w*|massacre\w*|dead|deaths)\b", re.I)
TOLL = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{4,}\b(?!\s*(?:versts|O\.S\.|N\.S\.))")
YEARS = {str(y) for y in range(1900, 1921)}


def flat(value: str) -> str:
    """Whitespace collapsed, a hyphenated line break joined (as the article's columns print)."""
    joined = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", value)
    return re.sub(r"\s+", " ", joined).strip()


def citation_groups() -> list[str]:
    """Every citation group the article prints, as printed: the part of a bracket after any prose."""
    groups = []
    for inside in re.findall(r"\(([^()]*)\)", flat(data.article_text())):
        tail = re.split(r"\.\s+(?=\d+\s*,)", inside)[
            -1
        ].strip()  # '(Prominent ... Sovieti. 12, p.140)'
        if re.match(r"^(\d+\s*[,:]|Gökay)", tail):
            groups.append(tail)
    return groups


def quiz_questions() -> list[tuple[str, dict]]:
    """(bank, question) for every question of every bank."""
    out = []
    for path in BANKS:
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            out.append((path.stem, q))
    return out


def notebook_outputs() -> list[dict]:
    """Every stored output of every notebook."""
    return [
        o
        for path in NOTEBOOKS
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
        for o in c.get("outputs", [])
    ]


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
    for fid, row in killings.iterrows():
        axis = f"{row['label']} ({row['unit']})"
        assert axis in drawn, f"{fid}: no stored notebook output draws it (axis {axis!r})"


def test_the_september_days_are_shown_like_the_march_days():
    figures = data.load("figures")
    sept = figures.loc["september_days_deaths"]
    assert (sept["outside_low"], sept["outside_high"], sept["outside_value"]) == (
        9000,
        30000,
        10000,
    )
    assert {"suny_1972", "hovannisian_1967"} <= set(sept["outside_source"])
    assert sept["outside_confidence"] == "sourced" and sept["contested"]
    assert "Armenians" in data.load("events").loc["september_days_1918", "summary"]
    nb06 = (ROOT / "notebooks" / "06_independence_and_baku.ipynb").read_text(encoding="utf-8")
    summary = [
        "".join(c["source"])
        for c in json.loads(nb06)["cells"]
        if "".join(c["source"]).startswith("## Summary")
    ][0]
    assert "Armenians in Baku were killed" in summary and "10,000" in summary
    review = (ROOT / "notebooks" / "07_review.ipynb").read_text(encoding="utf-8")
    assert (
        "September Days: Armenians killed in Baku (people killed)" in review
    )  # the ledger's chart


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


# ---- 3. citations exactly as printed: a cited group is the whole group printed there ----


def _cited() -> list[tuple[str, str]]:
    where = []
    for table in ("events", "figures", "claims", "glossary"):
        frame = data.load(table)
        for key, value in zip(frame.index, frame["citation_printed"], strict=True):
            if isinstance(value, str) and value:
                where.append((f"{table}:{key}", value))
    for bank, q in quiz_questions():
        if q.get("citation"):
            where.append((f"{bank}:{q['id']}", q["citation"]))
    return where


@pytest.mark.parametrize(("where", "citation"), _cited())
def test_a_cited_group_is_the_whole_group_the_article_prints(where, citation):
    groups = citation_groups()
    assert flat(citation) in groups, (
        f"{where}: ({citation}) is not a whole citation group of the article; it prints e.g. "
        f"{[g for g in groups if flat(citation).split(';')[0] in g][:3]}"
    )


def test_womens_day_cites_the_reference_printed_in_its_sentence():
    assert data.load("events").loc["womens_day_1917", "citation_printed"] == "15, p.20"
    cites = {q["id"]: q["citation"] for _, q in quiz_questions()}
    assert cites["q1.3"] == "15, p.20" and cites["q0.5"] == "15, p.20"


def paragraphs() -> list[str]:
    """The article's paragraphs, flattened (a blank line after a sentence's end starts a new one)."""
    return [flat(p) for p in re.split(r"(?<=[.”\"])[ \t]*\n\s*\n", data.article_text())]


def groups_in(paragraph: str) -> list[str]:
    """The citation groups printed in one flattened paragraph."""
    found = []
    for inside in re.findall(r"\(([^()]*)\)", paragraph):
        tail = re.split(r"\.\s+(?=\d+\s*,)", inside)[-1].strip()
        if re.match(r"^(\d+\s*[,:]|Gökay)", tail):
            found.append(tail)
    return found


def test_a_closing_citation_closes_its_paragraph():
    events = data.load("events")
    checked = 0
    for key, row in events.iterrows():
        note, cite, date = row["citation_note"], row["citation_printed"], row["date_printed"]
        if not isinstance(note, str) or "closing citation" not in note or not isinstance(cite, str):
            continue
        hits = [p for p in paragraphs() if isinstance(date, str) and flat(date) in p]
        if len(hits) != 1:
            continue  # 'on the same day' and the like: no single paragraph to check
        checked += 1
        ending = hits[0].rstrip(' .”"')
        assert ending.endswith(f"({flat(cite)})") or ending.endswith(f"{flat(cite)})"), (
            f"{key}: ({cite}) is called the paragraph's closing citation, but the paragraph "
            f"ends: …{hits[0][-80:]}"
        )
    assert checked >= 5


# a question whose reasoning rests on the paragraph before its evidence, and cites that paragraph
CITES_THE_PARAGRAPH_BEFORE: dict[
    str, str
] = {}  # none now: q4.2 quotes the rule, q4.3 cites nothing


def test_a_quiz_citation_is_printed_in_the_paragraph_of_its_evidence():
    paras = paragraphs()
    for bank, q in quiz_questions():
        if not q.get("evidence") or q["id"] in CITES_THE_PARAGRAPH_BEFORE:
            continue
        hits = [p for p in paras if flat(q["evidence"]) in p]
        assert hits, f"{bank}:{q['id']}: evidence not found in one paragraph"
        printed = groups_in(hits[0])
        if printed:
            assert flat(q.get("citation", "")) in printed, (
                f"{bank}:{q['id']}: ({q.get('citation')}) is not printed in the evidence's "
                f"paragraph, which cites {printed}"
            )
        else:
            assert not q.get("citation"), f"{bank}:{q['id']}: the paragraph prints no citation"


# ---- 4. our own arithmetic is labelled as ours ----

COMPUTED = {112.0, 3.81, 60176.0, 116.0}  # fact sheet §4: our arithmetic, not published figures


def test_computed_numbers_are_never_drawn_as_other_scholarship():
    figures = data.load("figures")
    for fid, row in figures.iterrows():
        for col in ("outside_low", "outside_high", "outside_value"):
            value = row[col]
            assert value is data.pd.NA or float(value) not in COMPUTED, (fid, col, value)


def test_computed_numbers_are_labelled_computed_here():
    for table, column in (("figures", "outside_note"), ("glossary", "definition")):
        for value in data.load(table)[column].dropna():
            assert "our arithmetic" not in value and "our own arithmetic" not in value, value
    notes = data.load("figures")["outside_note"].dropna()
    for number in ("112", "3.81%", "60,176"):
        said = [n for n in notes if number in n]
        assert said and all("computed here from" in n.lower() for n in said), number


# ---- 5. outside context is labelled, cited by its works, with its confidence ----


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
        "ranges": json.dumps(
            lesson.contested_range(data.load("figures").index.tolist()).to_dict(),
            ensure_ascii=False,
        ),
        "context table": lesson.context_events(events).data,
        "ledger": lesson.ledger(data.load("claims").index).data,
        "map hovers": " ".join(
            h
            for t in maps.place_map(data.load("places"), events).data
            for h in t.get("hovertext") or []
        ),
    }
    markdown = {
        f"{path.stem} markdown": " ".join(
            "".join(c["source"])
            for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "markdown"
        )
        for path in NOTEBOOKS
    }
    return cards | figs | markdown


def test_students_never_see_the_vetting_file_as_a_source():
    seen = {k: v for k, v in _student_text().items() if re.search(r"fact[ _]sheet", v, re.I)}
    assert not seen, f"'fact sheet' shown to students in: {sorted(seen)[:8]}"


def test_every_outside_definition_and_place_note_carries_its_work_and_confidence():
    sources = data.load("sources")
    glossary = data.load("glossary")
    for key, row in glossary[glossary["source"] != "article"].iterrows():
        assert row["outside_confidence"] in {"sourced", "standard", "unconfirmed", "computed"}, key
        shown = works(row["outside_source"], sources, row["outside_confidence"])
        assert shown and "fact sheet" not in shown, key
    places = data.load("places")
    for key, row in places.iterrows():
        if "outside context" in row["note"]:
            assert row["outside_confidence"] and row["outside_source"], key
    tables = {"glossary": glossary, "places": places}
    for term in ("dunsterforce", "baku_commune", "centrocaspian", "trabzon_conference"):
        card = lookup.card(lookup.Entry("glossary", term, ()), tables, data.load("events"), sources)
        assert "Beyond the article:" in card and "confidence: sourced" in card, term
    card = lookup.card(lookup.Entry("places", "trabzon", ()), tables, data.load("events"), sources)
    assert "Wikipedia; confidence: sourced" in card


# ---- 6. no detail that is in neither source ----

INVENTED = (
    "Azerbaijan Democratic Republic",
    "sayfa",
    "Moscow's interest",
    "capital of the Azerbaijan Republic from 28 May",
    "saved the revolution",
)


def _everything_shown() -> str:
    parts = [p.read_text(encoding="utf-8") for p in NOTEBOOKS + BANKS]
    parts += [(ROOT / "data" / f"{t}.csv").read_text(encoding="utf-8") for t in data.table_names()]
    return "\n".join(parts)


@pytest.mark.parametrize("phrase", INVENTED)
def test_no_detail_from_neither_source(phrase):
    assert phrase not in _everything_shown()


def test_the_flight_to_finland_is_placed_where_the_article_puts_it():
    assert data.load("events").loc["lenin_flees_1917", "place_id"] == "finland"
    assert "Finland" in data.load("places").loc["finland", "name_article"]


# ---- 7. the article's voice is attributed ----

ATTRIBUTE = {"eight ministers": "article", "with the Bolsheviks": "article"}
PHRASES = {
    "eight ministers": r"eight ministers",
    "with the Bolsheviks": r"\bsided? with the Bolsheviks",
}


def _sentences_with(phrase: str) -> list[str]:
    found = []
    texts = []
    for path in NOTEBOOKS:
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if c["cell_type"] == "markdown":
                texts.append(flat("".join(c["source"])))
    texts += list(data.load("events")["summary"].dropna())
    texts += [flat(q.get("explanation", "")) for _, q in quiz_questions()]
    for t in texts:
        found += [s for s in re.split(r"(?<=[.;])\s+", t) if re.search(PHRASES[phrase], s)]
    return found


@pytest.mark.parametrize("phrase", sorted(ATTRIBUTE))
def test_the_articles_unconfirmed_claims_are_attributed(phrase):
    sentences = _sentences_with(phrase)
    assert sentences
    # the attribution comes before the claim ('the article says X'), not after it
    bare = [s for s in sentences if ATTRIBUTE[phrase] not in re.split(PHRASES[phrase], s)[0]]
    assert not bare, bare


def test_the_perspective_key_says_only_what_the_fact_sheet_says():
    q = {q["id"]: q for _, q in quiz_questions()}["q5.8"]
    key = next(c["text"] for c in q["choices"] if c["id"] == q["answer"])
    assert "One national historiography" in key and "Turkish" not in key


# ---- 8. display faults that hide history ----


def test_map_hovers_list_every_event_with_its_citation():
    events = data.phase_events(1)
    fig = maps.place_map(data.load("places"), events)
    hover = dict(zip(fig.data[-1].customdata, fig.data[-1].hovertext, strict=True))["petrograd"]
    at = events[(events["place_id"] == "petrograd") & events["same_as"].isna()]
    assert len(at) > 8
    for title, cite in zip(at["title"], at["citation_printed"], strict=True):
        assert title.replace("'", "&#x27;") in hover or title in hover, title
        if isinstance(cite, str):
            assert cite in hover, cite
    assert "Red Guards seize Petrograd" in hover and "The Soviet Congress takes power" in hover


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
    assert "…" not in shown or "inter-communal vi" not in shown


def test_a_question_on_an_uncited_paragraph_says_so_and_shows_no_empty_brackets():
    from helpers.quiz import grading, widget

    quiz = grading.load("04_the_seym")
    q = next(q for q in quiz.questions if q.id == "q4.8")
    assert q.citation == ""  # the paragraph on 1 March 1918 prints none
    shown = widget.feedback_html(grading.key_feedback(q), teacher=True)
    assert "()" not in shown and "prints no citation" in shown


# ---- 9. history-fidelity review: unattributed perspective, order items, dates in an explanation ----


def test_the_perspective_point_names_no_work_and_has_one_confidence():
    """Fact sheet §5.12 names no work and gives no label: the ledger row and q5.8 agree on both."""
    from helpers.text import NO_WORK, items

    row = data.load("claims").loc["perspective_vocabulary"]
    q = {q["id"]: q for _, q in quiz_questions()}["q5.8"]
    assert items(row["outside_source"]) == ["fact_sheet"], row["outside_source"]
    assert (
        works(row["outside_source"], data.load("sources"), row["confidence"])
        == NO_WORK[row["confidence"]]
    )
    assert row["confidence"] == q["outside"]["confidence"] == "not stated"
    labels = re.findall(r"beyond the article \(([^)]*)\)", flat(q["explanation"]))
    assert labels and all(row["confidence"] in label for label in labels), labels
    other = {"sourced", "standard", "unconfirmed"}
    assert not [c for c in other if c in " ".join(labels)], labels
    shown = [flat(q["explanation"]), flat(q["outside"]["note"])]
    shown += [lesson.beyond("perspective_vocabulary").data]
    shown += [lesson.side_by_side("perspective_vocabulary").data]
    march_days = data.load("events").loc["march_days_1918", "outside_note"]
    shown += [march_days.split("Azerbaijan calls", 1)[1]]  # the same point, in the timeline note
    for text in shown:
        assert not re.search(r"Swietochowski|Suny|Hovannisian", text), text[:160]
    assert "no work named" in march_days.split("Azerbaijan calls", 1)[1]


def _order_items() -> list[tuple[str, dict, dict]]:
    return [
        (f"{bank}:{q['id']}", q, c)
        for bank, q in quiz_questions()
        if q["type"] == "order"
        for c in q["choices"]
    ]


def printed_from(paragraph: str, evidence: str) -> list[str]:
    """The citation groups printed from the sentence of the evidence to the end of its paragraph."""
    at = paragraph.index(evidence)
    sentence = max(paragraph.rfind(". ", 0, at) + 1, 0)
    return groups_in(paragraph[sentence:])


@pytest.mark.parametrize(
    ("where", "q", "item"), _order_items(), ids=[f"{w}:{c['id']}" for w, _, c in _order_items()]
)
def test_each_item_of_an_order_question_cites_the_group_printed_for_it(where, q, item):
    assert "citation" in item and item.get("evidence"), f"{where} {item['id']}: no own citation"
    hits = [p for p in paragraphs() if flat(item["evidence"]) in p]
    assert len(hits) == 1, f"{where} {item['id']}: evidence not in exactly one paragraph"
    printed = printed_from(hits[0], flat(item["evidence"]))
    if item["citation"]:
        assert flat(item["citation"]) in printed, (
            f"{where} {item['id']}: ({item['citation']}) is not printed at or after its event; "
            f"the article prints {printed} there"
        )
        assert flat(item["citation"]) in citation_groups()  # a whole group
    else:
        assert not printed, f"{where} {item['id']}: the article prints {printed} for it"
    assert q["citation"] in [c["citation"] for c in q["choices"]], where


def test_an_order_answer_shows_each_items_own_citation_and_the_no_citation_marker():
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
                cite = c.citation or grading.NO_ITEM_CITATION
                line = next(x for x in lines if x.split(". ", 1)[0].endswith(str(n)))
                assert (
                    c.text.replace("'", "&#x27;").replace('"', "&quot;") in line or c.text in line
                )
                assert f"({cite})" in line, (q.id, n, line)
                checked += 1
            assert "()" not in shown
    assert checked >= 25


# the dates q0.5's explanation names, as the article prints them
Q05_DATES = {
    "23 February": "February 23, 1917",
    "24-25 October": "24-25 October 1917",
    "16 March": "16 March 1917",
    "1 July": "July 1, 1917",
    "8 September": "September 8, 1917",
}


def test_every_date_in_q05s_explanation_carries_the_citation_printed_for_it():
    q = {q["id"]: q for _, q in quiz_questions()}["q0.5"]
    explanation = flat(q["explanation"])
    for date, printed_as in Q05_DATES.items():
        m = re.search(rf"{date} \(([^()]*)\)", explanation)
        assert m, f"q0.5 names {date} without the citation printed for it"
        hits = [p for p in paragraphs() if printed_as in p]
        assert len(hits) == 1, printed_as
        printed = printed_from(hits[0], printed_as)
        if m[1] == "its paragraph prints no citation":
            assert not groups_in(hits[0]), f"{date}: its paragraph prints {groups_in(hits[0])}"
        else:
            assert m[1] in printed and m[1] in citation_groups(), (date, m[1], printed)


# ---- 10. quiz "Beyond the article" notes name the works the fact sheet names ----

# fact sheet §4: the works the vote counts are "per" (the Wikipedia talk page and armenica.org are where
# they were found, not sources of the numbers; the figures rows cite the same two)
VOTE_WORKS = ["hovannisian_1967", "vestnik_evrazii_2004"]
# question -> (the fact-sheet item its outside note comes from, the works that item names), verified
# against shared/history/fact_sheet.md; [] where the item names no work (shown as "no work named")
OUTSIDE_WORKS = {
    "q0.4": ("§1 +13 days; 24-25 Oct row (standard)", []),
    "q0.5": (
        "§1 Soviet and Transcaucasian switches",
        ["sovnarkom_decree_1918", "scientificrussia", "georgiaphile", "wikipedia"],
    ),
    "q0.7": ("§1 8 July row; §5.3", ["great_soviet_encyclopedia"]),
    "q1.2": ("§1 September 8 row", ["polithistory"]),
    "q1.3": ("§1 February 23 row", ["redflag"]),
    "q1.6": ("§4 Red Guards", ["wade"]),
    "q1.7": ("§5.7", []),
    "q2.1": ("§1 October 27, 31 October, November 2 rows", ["preslib_az", "wikipedia"]),
    "q2.3": ("§2 Shaumyan", []),
    "q2.7": ("§5.11", ["swietochowski_1985", "suny_1972"]),
    "q3.1": ("§2 Gegechkori; §5.1", []),
    "q3.2": ("§1 November 15 row", ["great_soviet_encyclopedia", "georgian_encyclopedia"]),
    "q3.3": ("§1 11 October row", ["georgian_encyclopedia"]),
    "q3.4": ("§4 votes", VOTE_WORKS),
    "q3.5": ("§4 votes", VOTE_WORKS),
    "q3.6": ("§4 Bolsheviks 4.4%", ["spirin_1987", *VOTE_WORKS]),
    "q3.7": ("§5.10; §1 January 18 row", []),
    "q4.2": ("§4 votes; Seym", VOTE_WORKS),
    "q4.3": ("§4 Seym boycott, other totals", []),
    "q4.7": ("§5.9; §6 22 Apr", []),
    "q4.8": ("§1 March 1, 1918 row", ["preslib_az"]),
    "q5.1": ("§4 oil", []),
    "q5.2": ("§1 December 29 row", []),
    "q5.4": ("§1 March 9 row; §5.6", ["wikipedia"]),
    "q5.5": ("§4 March Days deaths", ["swietochowski_1985", "wikipedia"]),
    "q5.6": ("§4 March Days deaths", ["swietochowski_1985", "wikipedia"]),
    "q5.8": ("§5.12", []),
    "q6.1": ("§6 Trabzon conference", ["wikipedia"]),
    "q6.3": ("§1 May 28 row", ["archontology"]),
    "q6.4": ("§5.2", ["archontology", "henaran"]),
    "q6.5": ("§1 18 March row; §5.5", []),
    "q6.6": ("§1 September 15 row", []),
    "q6.7": ("§1 27 August row", ["wikipedia"]),
    "q7.2": ("§1 the article mixes styles", []),
    "q7.3": ("§1 25-26 October row", []),
    "q7.4": ("§1 11 October row; §2; §5.10", ["georgian_encyclopedia"]),
    "q7.5": ("§1 September 15 row", []),
    "q7.6": ("§4 votes; Seym", VOTE_WORKS),
    "q7.7": ("§4 Bolsheviks 4.4%; 20%/70%", ["spirin_1987"]),
    "q7.8": ("§6 September Days", ["suny_1972", "hovannisian_1967", "wikipedia"]),
}
# the table rows carrying the same fact-sheet item: their works (less the vetting file and the
# 'standard chronology' placeholder) and their confidence must be the quiz note's
SAME_ITEM_ROWS = {
    "q0.7": [("claims", "lenin_finland")],
    "q1.2": [("events", "kornilov_affair_1917")],
    "q1.3": [("events", "womens_day_1917")],
    "q1.6": [("claims", "red_guards_number"), ("figures", "red_guards")],
    "q1.7": [("claims", "yurenev_command")],
    "q2.1": [
        ("events", "baku_soviet_emergency_1917"),
        ("events", "baku_soviet_sole_power_1917"),
        ("events", "bolsheviks_take_executive_1917"),
    ],
    "q2.3": [("claims", "shaumyan_first_name")],
    "q2.7": [("claims", "musavat_support")],
    "q3.2": [("events", "commissariat_formed_1917")],
    "q3.3": [("claims", "conference_date"), ("events", "tbilisi_conference_1917")],
    "q3.6": [("claims", "bolshevik_share_datasets")],
    "q3.7": [("claims", "declaration_reader")],
    "q4.7": [("claims", "seym_independence"), ("events", "tdfr_proclaimed_1918")],
    "q4.8": [("events", "seym_peace_terms_1918")],
    "q5.1": [("claims", "oil_share"), ("figures", "oil_share")],
    "q5.2": [("events", "shaumyan_commissar_1917")],
    "q5.4": [("claims", "wild_division_arrest"), ("events", "wild_division_arrest_1918")],
    "q5.5": [("claims", "march_days_deaths"), ("figures", "march_days_deaths")],
    "q5.6": [("claims", "march_days_deaths")],
    "q5.8": [("claims", "perspective_vocabulary")],
    "q6.1": [("events", "trabzon_conference_1918")],
    "q6.3": [("events", "azerbaijan_independence_1918")],
    "q6.4": [("claims", "same_day_independence")],
    "q6.5": [("claims", "baku_since_18_march"), ("events", "baku_under_bolsheviks_1918")],
    "q6.6": [("claims", "islamic_army_date"), ("events", "army_of_islam_enters_baku_1918")],
    "q6.7": [("events", "berlin_treaty_1918")],
    "q7.2": [("claims", "calendar_mix")],
    "q7.3": [("events", "congress_of_soviets_1917")],
    "q7.5": [("claims", "islamic_army_date")],
    "q7.8": [("events", "september_days_1918"), ("figures", "september_days_deaths")],
}


def _outside_blocks() -> dict[str, dict]:
    return {q["id"]: q["outside"] for _, q in quiz_questions() if q.get("outside")}


def test_every_quiz_outside_note_names_the_works_its_fact_sheet_item_names():
    blocks = _outside_blocks()
    assert sorted(blocks) == sorted(OUTSIDE_WORKS), "a new outside note: verify its item's works"
    wrong = {
        qid: (blocks[qid].get("source", []), want)
        for qid, (_, want) in OUTSIDE_WORKS.items()
        if blocks[qid].get("source", []) != want
    }
    assert not wrong, f"quiz outside works differ from the fact sheet's (found, wanted): {wrong}"


@pytest.mark.parametrize("qid", sorted(SAME_ITEM_ROWS))
def test_a_quiz_outside_note_cites_as_the_table_row_with_the_same_item(qid):
    from helpers.text import items

    note = _outside_blocks()[qid]
    for table, key in SAME_ITEM_ROWS[qid]:
        row = data.load(table).loc[key]
        conf = row.get("confidence") if table == "claims" else row["outside_confidence"]
        assert note["confidence"] == conf, (qid, table, key, conf)
    named = {
        i
        for table, key in SAME_ITEM_ROWS[qid]
        for i in items(data.load(table).loc[key, "outside_source"])
    } - {"fact_sheet", "standard_chronology"}
    assert set(note.get("source", [])) == named, (qid, sorted(named))


def test_the_quiz_reveal_and_answer_key_show_the_works_never_the_fact_sheet():
    from helpers.quiz import grading, widget
    from helpers.teacher import answer_key
    from helpers.text import NO_WORK

    sources = data.load("sources")
    seen = 0
    for path in BANKS:
        bank = grading.load(path.stem)
        key = answer_key.key_html(bank)
        for q in bank.questions:
            if not q.outside:
                continue
            html = widget.feedback_html(grading.key_feedback(q), teacher=True)
            shown = flat(re.sub(r"<[^>]+>", "", html))
            assert not re.search(r"fact[ _]sheet", shown, re.I), q.id
            ids = q.outside.get("source", [])
            want = [works([i], sources) for i in ids] or [NO_WORK[q.outside["confidence"]]]
            for label in (flat(lesson.escaped(w)) for w in want):
                assert f"Source: {label}" in shown or f"; {label}" in shown, (q.id, label)
                assert label in flat(key), (q.id, label)
            seen += 1
        assert not re.search(r"fact[ _]sheet", key, re.I), path.stem
    assert seen == len(OUTSIDE_WORKS)


# ---- 11. words and dates an explanation takes from elsewhere in the article carry their own group ----

BORROWED = {  # question -> (the article's words or date it uses, the group printed with them)
    "q0.4": ('"October 25 Revolution"', "12, p,139"),
    "q2.2": ("24-25 October 1917", "5, p.114; 9, p.334"),
}


@pytest.mark.parametrize("qid", sorted(BORROWED))
def test_an_explanation_cites_the_group_printed_with_words_from_another_passage(qid):
    q = {q["id"]: q for _, q in quiz_questions()}[qid]
    words, group = BORROWED[qid]
    assert flat(group) in citation_groups() and flat(group) != flat(q["citation"])
    passage = next(p for p in paragraphs() if flat(words.strip('"')) in p)
    assert flat(group) in groups_in(passage)
    explanation = flat(q["explanation"])
    assert words in explanation and f"({flat(group)})" in explanation, explanation
