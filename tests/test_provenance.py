"""The provenance rules of `make check`, each run over all the data and shown to fail on a planted defect."""

from __future__ import annotations

import csv
import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import data
from helpers.data import article_citations as ac
from helpers.data import files, markup, provenance, text_search, validate
from helpers.text import outside_label

DATA = data.DATA_DIR


def set_cell(path: Path, key: str, column: str, value: str) -> int:
    """Write one cell of the row whose first cell is key; return its spreadsheet row."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    n = next(i for i, r in enumerate(rows) if r[0] == key)
    rows[n][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return n + 1


def only(found: list, column: str) -> list[str]:
    """The problems about one column, as printed."""
    return [str(p) for p in found if p.column == column]


# ---- the rules hold over all the data ----


def test_the_shipped_data_breaks_no_provenance_rule() -> None:
    assert [str(p) for p in provenance.problems(DATA)] == []


def test_every_article_row_with_a_citation_has_an_anchor() -> None:
    for table in provenance.ANCHORED:
        frame = data.load(table)
        cited = frame[frame["citation_printed"].notna()]
        assert cited["anchor"].notna().all(), table


# ---- the article reader ----


def test_a_group_without_its_opening_bracket_is_read() -> None:
    """'(Prominent … Baku Sovieti. 12, p.140)' prints the group 12, p.140 with no bracket of its own."""
    groups = [g for s in ac.sentences() for g in s.groups if g.unopened]
    assert [g.printed for g in groups] == ["12, p.140"]
    assert [g.shown() for g in groups] == [f"(12, p.140; {ac.UNOPENED})"]


def test_every_quiz_text_shows_balanced_brackets() -> None:
    """Rendered as a student reads it, no bank string closes a bracket it did not open (an unopened
    group is shown balanced, and text around a [[group:]] must balance too)."""
    from helpers.authoring import echo

    unbalanced = []
    for doc in echo.banks(ac.DATA_DIR).values():
        for q in doc["questions"]:
            for text in echo.told(q) + [c.get("text", "") for c in q.get("choices") or []]:
                depth = 0
                for ch in str(text):
                    depth += {"(": 1, ")": -1}.get(ch, 0)
                    if depth < 0:
                        break
                if depth != 0:
                    unbalanced.append(f"{q['id']}: {text[-80:]}")
    assert not unbalanced, unbalanced


def test_a_sentence_without_a_group_shows_the_next_one() -> None:
    shown = ac.citation_shown("on 9 January 1917 workers")
    assert shown == f"{ac.NO_OWN} (15, p.20)"
    assert ac.citation_shown("February 23, 1917") == "(15, p.20)"


# ---- planted defects: make check names file, row and column ----


def test_a_citation_not_its_anchors_group_is_named(copy: Path) -> None:
    row = set_cell(copy / "events.csv", "womens_day_1917", "citation_printed", "99, p.999")
    found = only(validate.problems(copy), "citation_printed")
    assert found == [
        f"data/events.csv, row {row}, column citation_printed: '99, p.999' is not the group its "
        "sentence prints; expected '15, p.20'"
    ]


def test_a_borrowed_group_that_is_not_the_next_is_named(copy: Path) -> None:
    """The 9 January meetings given the paragraph's closing group (the defect of the fresh read)."""
    closing = "15, p.21; 16, p.35; 4, p.59; 7, p.433; 2, p.34"
    row = set_cell(copy / "claims.csv", "calendar_mix", "citation_printed", closing)
    (found,) = only(validate.problems(copy), "citation_printed")
    assert found.startswith(f"data/claims.csv, row {row}, column citation_printed:")
    assert "expected empty or '15, p.20'" in found


def test_an_anchor_not_in_the_article_is_named(copy: Path) -> None:
    row = set_cell(copy / "figures.csv", "oil_share", "anchor", "a phrase the article never prints")
    (found,) = only(validate.problems(copy), "anchor")
    assert found.startswith(f"data/figures.csv, row {row}, column anchor:")
    assert "is not in data/article.txt" in found


def test_a_citation_without_an_anchor_is_named(copy: Path) -> None:
    row = set_cell(copy / "glossary.csv", "april_theses", "anchor", "")
    (found,) = only(validate.problems(copy), "anchor")
    assert found.startswith(
        f"data/glossary.csv, row {row}, column anchor: a citation needs an anchor"
    )


def test_an_unknown_outside_item_is_named(copy: Path) -> None:
    row = set_cell(copy / "claims.csv", "red_guards_number", "outside_items", "num_red_guard")
    found = [str(p) for p in validate.problems(copy)]
    assert any(
        p.startswith(f"data/claims.csv, row {row}, column outside_items:")
        and "'num_red_guard'" in p
        and "data/outside.csv" in p
        for p in found
    ), found


def test_an_unknown_item_in_a_quiz_bank_is_named(copy: Path) -> None:
    path = copy / "quiz" / "01_revolution_in_russia.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "items: [num_red_guards]", "items: [num_red_guard]", 1
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      items: [num_red_guard]") + 1
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(f"data/quiz/01_revolution_in_russia.yaml, line {line}, outside.items:")


def test_a_label_typed_in_a_quiz_bank_is_refused(copy: Path) -> None:
    """A bank may not type a confidence beside its items: the schema names the key."""
    path = copy / "quiz" / "01_revolution_in_russia.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "      items: [num_red_guards]", "      items: [num_red_guards]\n      confidence: sourced"
    )
    path.write_text(text, encoding="utf-8")
    found = [str(p) for p in validate.problems(copy)]
    assert found and all("01_revolution_in_russia.yaml" in p for p in found)
    assert any("confidence" in p for p in found), found


def test_an_unconfirmed_item_told_as_fact_is_named(copy: Path) -> None:
    """The 500,000 roubles told in our voice, as before the fix."""
    told = "Sovnarkom appoints Shaumyan and sends 500 thousand roubles to the Baku Soviet."
    row = set_cell(copy / "events.csv", "shaumyan_commissar_1917", "summary", told)
    (found,) = only(validate.problems(copy), "summary")
    assert found == (
        f"data/events.csv, row {row}, column summary: tells an unconfirmed item as fact: "
        "start with 'the article says'"
    )


# ---- what a reader sees is read from the items ----


def test_labels_and_works_shown_are_the_items() -> None:
    """Every row's label is exactly its items' labels; a row whose items carry none says so."""
    outside = data.load("outside")
    for table in ("events", "claims", "figures", "glossary", "places", "people", "parties"):
        frame = data.load(table)
        for ids, label in zip(frame["outside_items"], frame["outside_confidence"], strict=True):
            printed = [outside.at[i, "label"] for i in ids]
            want = {str(p) if isinstance(p, str) and p else "not stated" for p in printed}
            if any(markup.COMPUTED_NOTE.search(outside.at[i, "text"]) for i in ids):
                want.add(markup.COMPUTED)  # the fact sheet's note "(our own arithmetic)"
            assert set(label.split("; ") if isinstance(label, str) else []) == want


def test_an_item_without_label_or_work_says_so() -> None:
    """Rex Wade's estimate: the fact sheet gives no label and names no work title beyond him."""
    row = data.load("claims").loc["red_guards_number"]
    assert row["confidence"] == "not stated"
    perspective = data.load("claims").loc["perspective_vocabulary"]
    shown = outside_label(
        perspective["outside_source"], data.load("sources"), perspective["confidence"]
    )
    assert shown == "Source: no work named; confidence: not stated"


def test_no_label_is_typed_in_the_tables() -> None:
    """No table keeps a typed label or work column beside its items."""
    for res in data.descriptor()["resources"]:
        names = {f["name"] for f in res["schema"]["fields"]}
        if "outside_items" in names:
            assert not names & {"outside_confidence", "outside_source", "confidence"}, res["name"]
    for path in sorted((DATA / "quiz").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s+(confidence|source):", text, re.M), path.name


def test_an_unknown_item_in_a_teacher_guide_is_named(copy: Path) -> None:
    path = copy / "teacher_guide" / "baku_1918.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "[[item:ctx_september_days]]", "[[item:ctx_sept_days]]", 1
    )
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "ctx_sept_days" in t)
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(f"data/teacher_guide/baku_1918.yaml, line {line}, sections[")
    assert "unknown outside item 'ctx_sept_days' in [[item:…]]" in found


def test_a_guide_shows_its_items_label_and_works() -> None:
    from helpers.teacher import teacher_guide

    shown = teacher_guide.with_items("[[item:num_red_guards]]")
    wade = data.load("sources").loc["wade", "label"]  # the historian, as sources.csv names him
    assert shown == f"(beyond the article: {wade}; confidence: not stated)"


@pytest.mark.parametrize(
    "title",
    [
        '"Transcaucasus electoral district (Russian Constituent Assembly election, 1917)"',
        "“A planted title (with a bracket) long enough that the legend must shorten it somewhere”",
        "'A planted title in single marks (with a bracket) long enough to be shortened somewhere'",
    ],
)
def test_a_shortened_label_never_cuts_a_quoted_title(title: str) -> None:
    """Read 5's defect: 'Wikipedia, "Transcaucasus electoral district' cut at the title's bracket."""
    label = f"Wikipedia, {title}"
    assert len(label) > 90
    shown = markup.short_source(label)
    assert title in shown
    long_tail = f"{label} and a note of many more words (its bracket) after the title ends"
    assert title in markup.short_source(long_tail)
    assert len(markup.short_source("D'Hondt " + "word " * 30)) <= 91  # an apostrophe quotes nothing


def test_a_long_label_still_loses_its_bracket_outside_a_title() -> None:
    label = 'B. Gökay, "The Battle for Baku (May–September 1918)" (cited by the article as "Gökay, ibid"), a long note'
    assert markup.short_source(label) == 'B. Gökay, "The Battle for Baku (May–September 1918)"'


def plant(path: Path, old: str, new: str) -> int:
    """Replace one passage of a YAML file; return the line it starts on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_citation_typed_in_a_guide_is_named(copy: Path) -> None:
    """A guide that types '(15, p.475)' instead of its anchor: file, line and key path."""
    path = copy / "teacher_guide" / "06_independence_and_baku.yaml"
    line = plant(
        path,
        "Caucasus delegation' [[cite:",
        "Caucasus delegation' (15, p.475) [[cite:",
    )
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(
        f"data/teacher_guide/06_independence_and_baku.yaml, line {line}, prompts[5].answer: "
        "a citation typed by hand"
    )


def test_a_citation_typed_in_a_bank_is_named(copy: Path) -> None:
    """The q2.6 kind: '(12, s.141)' typed in a rubric, where the sentence prints none."""
    path = copy / "quiz" / "02_baku_soviet.yaml"
    text = path.read_text(encoding="utf-8")
    line = plant(
        path, "with its citation [[cite:For this reason, they]]", "with its citation (12, s.141)"
    )
    found = [str(p) for p in validate.problems(copy)]
    assert found == [
        f"data/quiz/02_baku_soviet.yaml, line {line}, questions[3].rubric[2]: a citation typed by "
        "hand ('12, s.1'…): write [[cite:<a phrase of its sentence in data/article.txt>]] (or "
        "[[group:…]]), so it is computed"
    ], text[:0]


def test_a_label_typed_in_bank_text_is_named(copy: Path) -> None:
    """The q4.3 kind: 'beyond the article (sourced)' typed in a model answer."""
    path = copy / "quiz" / "04_the_seym.yaml"
    plant(path, "other scholarship [[item:ctx_tdfr]] says", "beyond the article (sourced),")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert "data/quiz/04_the_seym.yaml, line " in found
    assert "questions[6].model_answer: a confidence label typed by hand ('(sourced')" in found


def test_a_label_typed_in_other_letters_is_named(copy: Path) -> None:
    """The rules look for labels case-blind: 'ſourced' (long s) and 'UNCONFİRMED' (dotted İ) are read
    as the labels they spell, past the fast prefilter that skips texts holding no label word."""
    path = copy / "quiz" / "04_the_seym.yaml"
    plant(
        path,
        "other scholarship [[item:ctx_tdfr]] says",
        "beyond the article (ſourced), it is UNCONFİRMED;",
    )
    found = [str(p) for p in validate.problems(copy)]
    assert len(found) == 1 and "a confidence label typed by hand ('(ſourced')" in found[0]


def test_a_folded_text_holds_what_a_case_blind_pattern_finds() -> None:
    """text_search.folded (the text rules' prefilter) keeps every character re.IGNORECASE reads as an ASCII
    one, as that one lowered: a prefilter that dropped one would let a typed label through."""
    printable = [chr(c) for c in range(32, 127)]
    any_ascii = re.compile("[" + re.escape("".join(printable)) + "]", re.I)
    for ch in map(chr, range(sys.maxunicode + 1)):
        if any_ascii.fullmatch(ch):
            read_as = [a for a in printable if re.fullmatch(re.escape(a), ch, re.I)]
            assert all(f"x{a.lower()}y" in text_search.folded(f"X{ch}Y") for a in read_as), ch
    assert text_search.containing(["abc", "xbz", "", "ca"], ["b", "ca"]) == {0, 1, 3}
    assert text_search.containing(["ab", "c"], ["bc"]) == set()  # never across two texts


def test_a_label_named_as_a_word_is_not_a_label_given() -> None:
    """'Confidence labels (sourced, standard, unconfirmed)' names the vocabulary; it labels nothing."""
    said = "Confidence labels (sourced, standard, unconfirmed) tell how well a note is backed."
    assert not provenance.TYPED_LABEL.search(provenance.LABEL_NAMED.sub(" ", said))
    assert provenance.TYPED_LABEL.search("Beyond the article (sourced), the Seym did proclaim")


def test_an_unconfirmed_item_told_as_fact_in_bank_text_is_named(copy: Path) -> None:
    """Any item labelled unconfirmed, read from data/outside.csv: here the 83.1% in our own voice."""
    path = copy / "quiz" / "06_independence_and_baku.yaml"
    line = plant(path, "(the article's 83.1% / 4)", "(83.1% / 4)")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(
        f"data/quiz/06_independence_and_baku.yaml, line {line - 1}, questions[7].tempting[0].feedback: "
        "tells num_oil_share (unconfirmed) as fact"
    )


def test_a_markup_pointing_nowhere_is_named(copy: Path) -> None:
    path = copy / "teacher_guide" / "baku_1918.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = re.search(r"\[\[cite:([^\]]+)\]\]", text).group(1)
    line = plant(path, f"[[cite:{anchor}]]", "[[cite:a phrase the article never prints]]")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(f"data/teacher_guide/baku_1918.yaml, line {line}, sections[0].points")
    assert (
        "[[cite:…]] anchor 'a phrase the article never prints' is not in data/article.txt" in found
    )


def test_bank_and_guide_text_show_computed_citations_and_labels() -> None:
    """quiz.load and the guide render every markup: no '[[' reaches a reader, and what shows is computed."""
    from helpers.quiz import grading
    from helpers.teacher import teacher_guide

    for path in sorted((DATA / "quiz").glob("*.yaml")):
        bank = grading.load(path.stem)
        shown = repr(bank)
        assert "[[" not in shown, path.stem
    q = grading.load("04_the_seym").question("q4.7")
    label = data.load("outside").at["ctx_tdfr", "label"]
    assert f"(beyond the article: no work named; confidence: {label})" in q.model_answer
    shown = teacher_guide.with_items("[[cite:Georgians considered Germany to be closer]]")
    assert shown == ac.citation_shown("Georgians considered Germany to be closer")
    assert shown.startswith(ac.NO_OWN)


def test_a_label_column_typed_beside_the_items_is_refused(copy: Path) -> None:
    """Putting a typed outside_confidence back into events.csv: the header check names it."""
    path = copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",outside_confidence"] + [line + ",sourced" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [str(p) for p in validate.problems(copy)]
    assert "data/events.csv, row 1, column outside_confidence: unknown column" in found[0]


# ---- outside context of a part of a row, and dates of uncertain calendar (helpers/data/row_rules.py) ----


def test_a_label_typed_in_a_note_is_named(copy: Path) -> None:
    """The read's defect: people.sverdlov typed '(standard chronology)' beside claim_sverdlov."""
    typed = "outside context (standard chronology): he read the declaration"
    n = set_cell(copy / "people.csv", "sverdlov", "note", typed)
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(f"data/people.csv, row {n}, column note: types the confidence label")
    assert "'(standard chronology)'" in found


def test_a_label_typed_in_the_vote_source_is_named(copy: Path) -> None:
    typed = "votes: the larger count (outside context, sourced); seats: the article"
    n = set_cell(copy / "elections_1917.csv", "mensheviks", "source", typed)
    (found,) = only(validate.problems(copy), "source")
    assert found.startswith(
        f"data/elections_1917.csv, row {n}, column source: types the confidence"
    )


def test_the_list_tallies_carry_the_label_of_their_own_items() -> None:
    """The tallies of the main lists: no label, no work; only the total is sourced (fact sheet §4)."""
    votes = data.load("elections_1917")
    outside = data.load("outside")
    lists = votes[~votes["aggregate"]]
    assert set(lists["outside_confidence"]) == {"not stated"}
    assert lists["outside_source"].map(len).eq(0).all()
    hummet = votes.loc[votes["votes_alt"].notna()]
    assert hummet["votes_alt_confidence"].eq("not stated").all()
    assert hummet["votes_alt_source"].map(len).eq(0).all()
    total = votes.loc[votes["aggregate"]].iloc[0]
    assert "sourced" in total["outside_confidence"].split("; ")
    assert set(outside.loc["num_ca_total", "works"]) <= set(total["outside_source"])


def test_a_second_tally_without_its_items_is_named(copy: Path) -> None:
    n = set_cell(copy / "elections_1917.csv", "hummet", "votes_alt_items", "")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(f"data/elections_1917.csv, row {n}, column votes_alt_items: votes_alt")


def test_a_place_item_that_does_not_name_the_place_is_named(copy: Path) -> None:
    """place_items must give the place: an item about the conference's date names Tbilisi; one
    about the Commissariat's date does not."""
    item = "date_november_15_1917_transcaucasian_commissariat"
    n = set_cell(copy / "events.csv", "tbilisi_conference_1917", "place_items", item)
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(f"data/events.csv, row {n}, column place_items: outside item {item!r}")


def test_place_items_without_a_place_are_named(copy: Path) -> None:
    n = set_cell(copy / "events.csv", "tbilisi_conference_1917", "place_id", "")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found == (
        f"data/events.csv, row {n}, column place_items: place_items needs the place they give "
        "(place_id)"
    )


def test_a_place_from_the_fact_sheet_is_shown_as_outside_context() -> None:
    from helpers import lesson
    from helpers.figures import charts, maps

    events = data.phase_events(3)
    row = events.loc["tbilisi_conference_1917"]
    item = data.load("outside").loc[row["place_items"][0]]
    assert row["place_confidence"] == item["label"]
    points = charts.event_points(events, sources=data.load("sources"), names=lesson.names())
    hover = points.set_index("event_id")
    assert "Tbilisi, beyond the article (Source: Georgian National" in hover.loc[
        "tbilisi_conference_1917", "hover"
    ].replace("<br>", " ")
    tbilisi = [h for h in maps.place_map(data.load("places"), events).data[-1].hovertext]
    assert any("the place: beyond the article, Source: Georgian National" in h for h in tbilisi)


@pytest.mark.parametrize(
    ("event_id", "first", "last", "value"),
    [
        ("lenin_flees_1917", "date_start", "date_end", "1917-07-08"),  # stored as if one N.S. day
        ("commissariat_resigns_1918", "outside_date_start", "outside_date_end", ""),
    ],
)
def test_an_uncertain_day_must_hold_both_readings(copy, event_id, first, last, value) -> None:
    n = set_cell(copy / "events.csv", event_id, last, value)
    (found,) = [str(p) for p in validate.problems(copy)]
    start = data.load("events").loc[event_id, first].date()
    assert found.startswith(
        f"data/events.csv, row {n}, column {last}: the calendar is uncertain, so {last} must be "
        f"the printed day read as O.S.: {start + pd.Timedelta(days=13):%Y-%m-%d}"
    )


def test_an_uncertain_month_must_reach_its_old_style_reading(copy: Path) -> None:
    n = set_cell(copy / "events.csv", "lenin_returns_1917", "date_end", "1917-04-30")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(f"data/events.csv, row {n}, column date_end: the calendar is uncertain")


def test_an_uncertain_date_is_never_shown_as_one_new_style_day() -> None:
    """The read's defect: 8 July shown as '8 July 1917 N.S.' in the hover and the dates table."""
    from helpers import lesson
    from helpers.figures import charts
    from helpers.lesson import shown as shown_headers

    events = data.phase_events(1)
    uncertain = events[events["calendar_printed"] == "uncertain"]
    assert len(uncertain) >= 2
    table = lesson.dates_table(events)
    hover = charts.event_points(events).set_index("event_id")["hover"]
    column = shown_headers.HEADERS["date_start"]  # the table a student reads: rows by title
    for event_id, row in uncertain.iterrows():
        shown = table.loc[row["title"], column]
        assert f"{row['date_start']:%Y-%m-%d}" in shown and f"{row['date_end']:%Y-%m-%d}" in shown
        assert "calendar uncertain" in shown
        assert "Calendar uncertain" in hover[event_id]
    flees = hover["lenin_flees_1917"]
    assert "as O.S.: 21 July 1917 N.S. = 8 July 1917 O.S." in flees


# ---- the tables' prose columns: citations and labels through markup, rendered at load ----


def test_every_prose_column_is_marked_for_markup() -> None:
    """The columns a reader sees as our prose carry `x-markup: true` (the rule and the renderer read it)."""
    marked = data.prose_columns(data.descriptor())
    assert {"summary", "citation_note", "outside_note"} <= set(marked["events"])
    assert "definition" in marked["glossary"] and "note" in marked["seym_seats"]
    assert "source" in marked["elections_1917"] and "scholarship_says" in marked["claims"]


def test_a_citation_typed_in_a_prose_column_is_named(copy: Path) -> None:
    """The events row 18 kind: '(4, p.93; 8, p.327)' typed in a summary: file, row and column."""
    typed = "The Congress of Soviets disowns the secret treaties (4, p.93; 8, p.327)."
    n = set_cell(copy / "events.csv", "congress_of_soviets_1917", "summary", typed)
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(
        f"data/events.csv, row {n}, column summary: a citation typed by hand ('4, p.9'…)"
    )


@pytest.mark.parametrize(
    ("table", "key", "column"),
    [
        ("events", "march_days_1918", "citation_note"),
        ("glossary", "batumi_conference", "definition"),
        ("seym_seats", "bolsheviks", "note"),
        ("claims", "comma_names", "scholarship_says"),
    ],
)
def test_a_typed_citation_or_label_is_named_in_every_prose_column(
    copy: Path, table: str, key: str, column: str
) -> None:
    """A group typed in a citation note, a definition, a seat note; a label after 'is'."""
    n = set_cell(
        copy / f"{table}.csv", key, column, "closed by 6, p.27-37; the count is unconfirmed"
    )
    found = [str(p) for p in validate.problems(copy)]
    where = f"data/{table}.csv, row {n}, column {column}: "
    typed = [f[len(where) :][:30] for f in found if f.startswith(where) and "typed by hand" in f]
    assert typed == [
        "a citation typed by hand ('6, ",
        "a confidence label typed by ha",
    ]


def test_a_markup_in_a_prose_column_that_points_nowhere_is_named(copy: Path) -> None:
    n = set_cell(copy / "seym_seats.csv", "bolsheviks", "note", "4 seats ([[label:no_such_item]])")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found == (
        f"data/seym_seats.csv, row {n}, column note: unknown outside item 'no_such_item' in "
        "[[label:…]]: use an outside_id of data/outside.csv"
    )


def test_prose_markup_is_rendered_when_the_tables_load() -> None:
    """Each table's prose cell shows what its markup computes, from the article and outside.csv."""
    found = 0
    for table, columns in data.prose_columns(data.descriptor()).items():
        raw = {r[next(iter(r))]: r for r in provenance.rows(DATA / data.resource(table)["path"])}
        frame = data.load(table)
        for column in columns:
            for key, row in raw.items():
                if "[[" not in (row[column] or ""):
                    continue
                found += 1
                shown = frame.loc[frame.iloc[:, 0] == key, column].iloc[0]
                assert "[[" not in shown, (table, key, column)
                for kind, target in provenance.MARKUP.findall(row[column]):
                    if kind == "cite":
                        assert ac.citation_shown(target) in shown, (table, key, column)
    assert found >= 15


# ---- quiz citations: what a student sees is computed from the sentence; a typed one may only agree ----


def borrowed_citations() -> list[tuple[Path, str, str, str]]:
    """(bank, key path of a `citation`, the next printed group, the cell) for every question and order
    item whose sentence prints no citation, read from the banks and the article."""
    import yaml

    found = []
    for path in sorted((DATA / "quiz").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, q in enumerate(doc["questions"]):
            words = [(f"questions[{i}]", q.get("evidence") or q.get("anchor") or "", q)]
            words += [
                (f"questions[{i}].choices[{j}]", c.get("evidence", ""), c)
                for j, c in enumerate(q.get("choices") or [])
                if "citation" in c
            ]
            for key, said, node in words:
                later = ac.next_group(said) if said and not ac.own_groups(said) else None
                if later:
                    found.append((path, f"{key}.citation", later.printed, node.get("citation")))
    return found


def test_the_banks_type_no_borrowed_citation() -> None:
    """No question or order item holds the next printed group as if its sentence printed it."""
    borrowed = borrowed_citations()
    assert len(borrowed) >= 30  # the kind of the historian's read #1 (40 cells emptied)
    assert [(p.name, key, cell) for p, key, _, cell in borrowed if cell] == []


@pytest.mark.parametrize("kind", ["question", "order item"])
def test_a_borrowed_citation_typed_in_a_bank_is_named(copy: Path, kind: str) -> None:
    """The q5.4 kind: a bank typing '10, p.8' for a sentence that prints none: file, line, key."""
    path, key, group, _ = next(
        b for b in borrowed_citations() if ("choices" in b[1]) == (kind == "order item")
    )
    bank = copy / "quiz" / path.name
    text = bank.read_text(encoding="utf-8")
    line = provenance.key_lines(text)[key]
    lines = text.split("\n")
    lines[line - 1] = re.sub(r"citation: .*$", f"citation: '{group}'", lines[line - 1])
    bank.write_text("\n".join(lines), encoding="utf-8")
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(
        f"data/quiz/{path.name}, line {line}, {key}: its sentence prints no citation, so "
        f"{group!r} is not its own: leave it empty (a reader is shown 'no citation of its own; "
        "the next printed is"
    )


def test_the_quiz_shows_every_citation_computed_from_its_sentence() -> None:
    """The widget's and answer key's citation for a question and each order item is the sentence's own
    or 'no citation of its own; the next printed is (…)', whatever the bank's `citation` field holds."""
    from helpers import quiz
    from helpers.quiz import grading

    for path in sorted((DATA / "quiz").glob("*.yaml")):
        for q in quiz.load(path.stem).questions:
            fb = grading.key_feedback(q)
            said = q.evidence or q.anchor
            if not said:  # a question on outside context alone (q0.6): no article citation shown
                assert fb.cited == "" and q.outside, q.id
                continue
            assert ac.citation_shown(said) in fb.cited, q.id
            for (_, words, cite), cid in zip(fb.steps, q.answer if fb.steps else [], strict=True):
                assert words == q.choice(cid).evidence
                assert ac.citation_shown(words) in cite, (q.id, cid)


# ---- a citation status stands in brackets (a bare one runs on into its sentence) ----


def test_a_status_cite_outside_brackets_is_named(copy: Path) -> None:
    """The guide 03 kind: '…73% of the votes no citation of its own; …' (a bare [[cite:]] whose
    sentence prints none): file, line and key, and the status it would show."""
    path = copy / "teacher_guide" / "03_commissariat_and_elections.yaml"
    line = plant(
        path,
        "of the votes ([[cite:won about 73% of the]]);",
        "of the votes [[cite:won about 73% of the]];",
    )
    (found,) = [str(p) for p in validate.problems(copy)]
    assert found.startswith(
        f"data/teacher_guide/03_commissariat_and_elections.yaml, line {line}, prompts[1].answer: "
        "[[cite:won about 73% of the]] is shown as a status ('no citation of its own; the next "
        "printed is (12, s.141)'), so it must stand inside brackets"
    )


def test_a_status_cite_in_brackets_or_alone_or_an_own_group_bare_passes() -> None:
    """Inside a bracket (its own, or one already open), a cell that is the citation alone, and a
    sentence's own group shown bare are all read right."""
    from helpers.data.markup import MARKUP

    status, own = "[[cite:won about 73% of the]]", "[[cite:the only party that promised]]"
    assert provenance.unbracketed_status(f"won 73% ({status}).", MARKUP) == []
    assert provenance.unbracketed_status(f"(the seat list: {status}; see 04)", MARKUP) == []
    assert provenance.unbracketed_status(status, MARKUP) == []
    assert provenance.unbracketed_status(f"the Bolsheviks {own}.", MARKUP) == []
    assert len(provenance.unbracketed_status(f"(73%) won {status}.", MARKUP)) == 1


# ---- the fact sheet is the project's vetting file: a reader never sees it named ----


def reader_texts() -> list[tuple[str, str]]:
    """(where, text) of what a reader sees: every notebook's markdown and stored outputs (the
    teacher's notebook too), every quiz bank and teacher guide rendered, the tables' prose columns
    rendered (their markup filled in as the tables load)."""
    import json

    import yaml

    from helpers.text import with_sources_in

    out: list[tuple[str, str]] = []
    books = sorted((DATA.parent / "notebooks").glob("*.ipynb"))
    for path in books + [DATA.parent / "teacher" / "class_results.ipynb"]:
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            where = f"{path.name} cell {i} ({cell.get('id')})"
            if cell["cell_type"] == "markdown":
                out.append((where, "".join(cell["source"])))
            for o in cell.get("outputs", []):
                out += [
                    (where, json.dumps(v, ensure_ascii=False)) for v in o.get("data", {}).values()
                ]
    for path in sorted((DATA / "quiz").glob("*.yaml")) + sorted(
        (DATA / "teacher_guide").glob("*.yaml")
    ):
        doc = with_sources_in(yaml.safe_load(path.read_text(encoding="utf-8")))
        out.append((path.name, json.dumps(doc, ensure_ascii=False)))
    for path, _n, column, _ in provenance.prose_cells(DATA):
        frame = data.load(path.stem)
        out += [(f"{path.name} {column}", "; ".join(str(v) for v in frame[column].dropna()))]
    return out


def named_vetting_file(texts: list[tuple[str, str]]) -> list[str]:
    """Where a text names the vetting file ('the fact sheet', 'fact_sheet')."""
    return [where for where, text in texts if re.search(r"fact[ _-]sheet", text, re.I)]


def test_no_reader_sees_the_fact_sheet_named() -> None:
    assert named_vetting_file(reader_texts()) == []


def test_a_planted_fact_sheet_name_is_found() -> None:
    planted = reader_texts() + [
        ("07_review.ipynb cell 21 (t07-11)", "confidence (the fact sheet's labels)")
    ]
    assert named_vetting_file(planted) == ["07_review.ipynb cell 21 (t07-11)"]


def test_a_passage_shows_its_unopened_group_with_the_one_wording() -> None:
    """The reading copy's and the citations' wording for a group with no bracket of its own is one."""
    from helpers.lesson import reading

    words = "(Prominent Bolshevik leaders. 12, p.140)"
    assert reading.shown_group("12, p.140", words) == f"12, p.140) ({ac.UNOPENED})"
    assert ac.UNOPENED == "no opening bracket of its own"


# ---- the ledger's key names every confidence its rows show (07 t07-10) ----


def unnamed_labels(text: str, labels: set[str]) -> list[str]:
    """The labels a key does not name in italics ('*sourced*')."""
    return sorted(lab for lab in labels if f"*{lab}*" not in text)


def test_the_ledger_key_names_every_confidence_the_ledger_shows() -> None:
    import nbformat

    shown = {
        lab.strip()
        for value in data.load("claims")["outside_confidence"].dropna()
        for lab in str(value).split(";")
    }
    nb = nbformat.read(DATA.parent / "notebooks" / "07_review.ipynb", as_version=4)
    key = next(c.source for c in nb.cells if c.get("id") == "t07-10")
    assert shown and unnamed_labels(key, shown) == []
    assert unnamed_labels(key.replace("*not stated*", "not stated"), shown) == ["not stated"]


# ---- read 5: a date the fact sheet calls an error; works given per sentence ----


def error_rows() -> pd.DataFrame:
    """The article's events whose printed date the fact sheet calls an error (read from the data)."""
    events = data.load("events")
    return events[(events["calendar_printed"] == "error") & (events["origin"] == "article")]


def test_a_printed_error_is_drawn_at_the_fact_sheets_date_never_the_printed_one() -> None:
    from helpers.figures import charts
    from helpers.lesson import tables

    wrong = error_rows()
    assert len(wrong) >= 1
    for calendar in ("printed", "ns", "os"):
        points = charts.event_points(wrong, calendar=calendar).set_index("event_id")
        for event_id, row in wrong.iterrows():
            fixed = row["outside_date_start"].date()
            drawn = points.loc[event_id, "x"]
            assert drawn in (fixed, charts.old_style(fixed)), (calendar, drawn)
            hover = points.loc[event_id, "hover"].replace("<br>", " ")
            assert f"As printed: {row['date_printed']} (an error in the article)" in hover
            assert "two readings" not in hover
    for row in wrong.to_dict("records"):
        assert "is an error" in tables.new_style(row)


def test_a_printed_error_stored_as_its_printed_date_is_named(copy: Path) -> None:
    event_id = error_rows().index[0]
    n = set_cell(copy / "events.csv", event_id, "date_start", "1917-10-11")
    found = only(validate.problems(copy), "date_start")
    assert found and found[0].startswith(f"data/events.csv, row {n}, column date_start:")
    assert "the printed date is an error" in found[0]


def test_an_error_item_on_a_date_of_another_calendar_is_named(copy: Path) -> None:
    event_id = error_rows().index[0]
    n = set_cell(copy / "events.csv", event_id, "calendar_printed", "uncertain")
    found = only(validate.problems(copy), "calendar_printed")
    assert found == [
        f"data/events.csv, row {n}, column calendar_printed: outside item "
        f"{error_rows().loc[event_id, 'outside_items'][0]!r} calls the printed date an error, so "
        "calendar_printed must be `error` (drawn at the fact sheet's date, never at the printed one)"
    ]


def test_a_ledger_box_gives_works_per_sentence_when_its_text_does() -> None:
    """Read 5: the 9 March box named Wikipedia "March Days" for the Evelina trigger too."""
    from helpers.lesson import context

    claims = data.load("claims")
    per_sentence = claims[claims["scholarship_says"].str.contains(markup.ITEM_SHOWN, regex=False)]
    assert len(per_sentence) >= 1
    for claim_id in per_sentence.index:
        assert "Source:" not in context.beyond(claim_id).data
    whole = claims.index.difference(per_sentence.index)[0]
    assert "Source:" in context.beyond(whole).data


# ---- read 6: each statement under its own items; the verdict on a printed date carries its works ----


def test_a_note_giving_items_per_statement_names_all_and_only_its_rows_items() -> None:
    """Read 6: the October rising's note listed Rex Wade's item for a statement it no longer makes."""
    with (DATA / "events.csv").open(encoding="utf-8") as f:
        raw = {row["event_id"]: row for row in csv.DictReader(f)}
    per_statement = {k: r for k, r in raw.items() if "[[item:" in r["outside_note"]}
    assert per_statement
    for event_id, row in per_statement.items():
        named = {
            i
            for m in re.findall(r"\[\[item:([^\]]+)\]\]", row["outside_note"])
            for i in m.split(";")
        }
        assert named == set(markup.ids_of(row["outside_items"])), event_id


def test_a_hover_whose_note_gives_items_per_statement_adds_no_line_for_them_all() -> None:
    from helpers.figures import charts

    events = data.load("events")
    per_statement = events[events["outside_note"].str.contains(markup.ITEM_SHOWN, regex=False)]
    assert len(per_statement) >= 1
    for hover in charts.event_points(per_statement, sources=data.load("sources"))["hover"]:
        note = hover.split("Outside context: ", 1)[1]
        assert "(Source:" not in note
        # its statements say "beyond the article" each: no heading says it again (read 7)
        assert "Beyond the article: " not in hover


def test_the_verdict_on_a_printed_date_carries_the_date_its_works_and_label() -> None:
    """Read 6: the map and the dates table called the date an error on no one's word."""
    from helpers.figures import maps
    from helpers.lesson import tables

    wrong = error_rows()
    assert "not stated" not in set(wrong["outside_confidence"])  # only the item that gives the date
    by_place = maps._events_by_place(wrong)
    shown = tables.dates_table(wrong)
    for row in wrong.to_dict("records"):
        hover = " ".join(by_place[row["place_id"]])
        for part in (
            row["outside_note"],
            row["outside_works"],
            f"confidence: {row['outside_confidence']}",
        ):
            assert escaped_html(part) in hover, part
        cells = shown.loc[row["title"]]
        assert cells["Calendar as printed"] != "error"
        assert row["outside_works"] in cells["Date (New Style)"]
        assert f"confidence: {row['outside_confidence']}" in cells["Date (New Style)"]


def escaped_html(value: str) -> str:
    from helpers.text import escaped

    return escaped(value)


def test_no_output_answers_a_stop_and_think_on_a_printed_error_before_it() -> None:
    """Read 6: 03's timeline and map gave the conference's true date above the box that asks for it."""
    import nbformat

    claims, wrong = data.load("claims"), error_rows()
    asked = claims.index[claims["event_id"].isin(wrong.index)].tolist()
    assert asked
    answers = [str(a) for a in wrong["outside_note"]]
    checked = 0
    for path in sorted((DATA.parent / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if not any(f'decide_first(lesson.beyond("{c}"))' in cell.source for c in asked):
                continue
            checked += 1
            before = [  # the hovers wrap their lines
                str(o).replace("<br>", " ")
                for c in nb.cells[:i]
                if c.cell_type == "code"
                for o in c.get("outputs", [])
            ]
            assert not any(a in text for a in answers for text in before), (path.name, cell.id)
    assert checked >= 1


def test_a_wrong_group_in_a_bank_is_named_on_its_line(copy: Path) -> None:
    """A bank's lines are looked up only for a problem found (provenance.line_of), after the node
    trees of an earlier load were dropped: a choice's citation and a question's, each on its line."""
    bank = copy / "quiz" / "02_baku_soviet.yaml"
    text = bank.read_text(encoding="utf-8")
    questions = yaml.safe_load(text)["questions"]
    i, j, group = next(
        (i, j, c["citation"])
        for i, q in enumerate(questions)
        for j, c in enumerate(q.get("choices") or [])
        if c.get("evidence") and c.get("citation")
    )
    k = next(k for k, q in enumerate(questions) if q.get("citation") and q.get("anchor"))
    lines = text.split("\n")
    choice = next(n for n, s in enumerate(lines) if s.strip() == f'citation: "{group}"')
    asked = next(
        n for n, s in enumerate(lines) if s.strip() == f"citation: {questions[k]['citation']}"
    )
    for n in (choice, asked):
        lines[n] = lines[n].split("citation:")[0] + 'citation: "99, p.999"'
    bank.write_text("\n".join(lines), encoding="utf-8")
    files.composed.cache_clear()
    found = [
        (p.column, p.row)
        for p in provenance.problems(copy)
        if p.file.endswith(bank.name) and (p.column or "").endswith("citation")
    ]
    assert sorted(found) == sorted(
        [
            (f"questions[{k}].citation", asked + 1),
            (f"questions[{i}].choices[{j}].citation", choice + 1),
        ]
    )


def test_rows_reads_a_same_size_edit_that_kept_the_mtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: the rows were kept by (mtime, size), so an edit of the same size whose timestamp
    did not move (a coarse clock, a tool that restores it) was never read. The stat key has the ctime,
    which any write moves; RACY_NS is set to 0 so that the first reading is kept at all."""
    monkeypatch.setattr(files, "RACY_NS", 0)
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    assert provenance.rows(path) == [{"a": "1", "b": "2"}]
    path.write_text("a,b\n3,4\n", encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert provenance.rows(path) == [{"a": "3", "b": "4"}]


def test_rows_of_a_file_written_just_now_are_read_again_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written within RACY_NS may change again within its timestamp's tick: its rows are read
    at every call and never kept (git's racy rule, as files.text_now keeps it)."""
    monkeypatch.setattr(files, "RACY_NS", 10**18)  # every file counts as written just now
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    kept = provenance.read_rows.cache_info().currsize
    assert provenance.rows(path) == [{"a": "1", "b": "2"}]
    assert provenance.read_rows.cache_info().currsize == kept
