"""The fact base agrees with the article: every date it prints is an event, every citation is verbatim."""

from __future__ import annotations

import re
from datetime import timedelta

import pandas as pd
import pytest

from helpers import data
from helpers.figures import palette
from helpers.history import calendars

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
D = r"(?<!\d)\d{1,2}"
# longest forms first, so "24-25 October 1917" is not also read as "25 October"
DATE_EXPRESSION = re.compile(
    "|".join(
        [
            rf"{MONTH} {D}, \d{{4}} to {MONTH} {D}(?!\d)",  # March 30, 1918 to April 2
            rf"between {D} and {D} of {MONTH}",
            rf"first week of {MONTH}",
            rf"{D}-{D} {MONTH}(?: \d{{4}})?",
            rf"{D} {MONTH}(?: \d{{4}})?",
            rf"{MONTH} {D}(?:, \d{{4}})?(?!\d)",
            rf"{MONTH} \d{{4}}",
            r"[Oo]n the same day",
            r"in the following midnight",
        ]
    )
)
CITATION_TABLES = ["events", "elections_1917", "seym_seats", "figures", "claims", "glossary"]


def flat(text: str) -> str:
    """Whitespace and line breaks collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def paragraphs() -> list[str]:
    """The article's paragraphs (a blank line before a capital starts one), whitespace collapsed."""
    return [flat(p) for p in re.split(r"\n\s*\n(?=\s*[A-Z])", data.article_text())]


def printed_expressions() -> list[tuple[str, str]]:
    """Every date expression in the article, with its paragraph."""
    found = []
    for para in paragraphs():
        found += [(m.group(0), para) for m in DATE_EXPRESSION.finditer(para)]
    return found


def article_events() -> pd.DataFrame:
    events = data.load("events")
    return events[events["origin"] == "article"]


def test_the_scanner_finds_the_tricky_forms() -> None:
    """Line breaks inside dates, ranges and bare days are all found (guards the regex itself)."""
    found = {text for text, _ in printed_expressions()}
    for form in ["July 1, 1917", "January 18, 1918", "24-25 October 1917", "between 26 and 28 of November",
                 "April 1917", "January 1918", "October 27", "31 October", "27 August", "September 15",
                 "March 30, 1918 to April 2", "first week of February", "in the following midnight"]:  # fmt: skip
        assert form in found, form
    assert "25 October" not in found  # only inside "24-25 October 1917"
    assert len(found) >= 45


def test_every_printed_date_is_an_event_with_its_citation() -> None:
    events = article_events()
    missing = []
    for text, para in printed_expressions():
        rows = events[events["date_printed"].str.lower() == text.lower()]
        ok = False
        for _, row in rows.iterrows():
            cite = row["citation_printed"]
            if pd.isna(cite):
                ok = ok or (pd.notna(row["citation_note"]) and text in para)
            else:
                ok = ok or flat(cite) in para
        if not ok:
            missing.append(f"{text!r} in: {para[:80]}...")
    assert not missing, "\n".join(missing)


def test_every_article_event_is_printed_in_the_article() -> None:
    found = {text.lower() for text, _ in printed_expressions()}
    events = article_events()
    assert events["date_printed"].notna().all()
    assert set(events["date_printed"].str.lower()) <= found


def test_events_without_citation_say_why() -> None:
    events = article_events()
    bare = events[events["citation_printed"].isna()]
    assert bare["citation_note"].notna().all()
    assert len(bare) < len(events) / 5


def citations(table: str) -> list[str]:
    frame = data.load(table)
    return [c for c in frame["citation_printed"].dropna() if c]


@pytest.mark.parametrize("table", CITATION_TABLES)
def test_citations_are_verbatim(table: str) -> None:
    """Each citation occurs in the article as printed (only whitespace and line breaks normalised)."""
    text = flat(data.article_text())
    bad = [
        c for c in citations(table) if f"({flat(c)})" not in text and f". {flat(c)})" not in text
    ]
    assert not bad, bad


def normalise_citation(cit: str) -> str:
    """'12, p,139; 5:25-26' -> '12:139;5:25-26' (reference number and pages)."""
    out = []
    for part in (p.strip().rstrip(".") for p in cit.split(";")):
        if part.startswith("Gökay"):
            out.append("gokay:" + part.split("p.")[-1].strip())
            continue
        m = re.match(r"(\d+)\s*[,:]\s*(?:[ps][.,]\s*)?(.*)$", part)
        assert m, part
        pages = re.sub(r"\s+", "", m[2]).rstrip(".")
        out.append(f"{m[1]}:{pages}")
    return ";".join(out)


def test_refs_normalise_the_printed_citation() -> None:
    events = data.load("events")
    cited = events[events["citation_printed"].notna()]
    for _, row in cited.iterrows():
        assert row["refs"] == normalise_citation(row["citation_printed"]), row["event_id"]
    assert events.loc[events["citation_printed"].isna(), "refs"].isna().all()
    assert normalise_citation("4, p. 222- 223") == "4:222-223"


def test_the_inconsistent_citation_forms_are_kept() -> None:
    every = {c for t in CITATION_TABLES for c in citations(t)}
    for form in ["12, p,139", "12, s.141", "Gökay, ibid, p.26", "3, p. 226", "4, p. 222- 223"]:
        assert form in every, form
    assert any("5:25-26" in c or "17:180" in c for c in every)


def day_months(printed: str) -> list[tuple[int, int]]:
    """(day, month) pairs in a printed date, in order; a range gives both ends."""
    months = {name: n for n, name in enumerate(calendars.MONTHS, start=1)}
    pairs: list[tuple[int, int]] = []
    for m in re.finditer(
        rf"((?:\d{{1,2}}(?:-| and ))?\d{{1,2}})(?: of)? ({MONTH})|({MONTH}) (\d{{1,2}})(?!\d{{2}})",
        printed,
    ):
        if m[1]:
            month = months[m[2].lower()]
            pairs += [(int(d), month) for d in re.split(r"-| and ", m[1])]
        else:
            pairs.append((int(m[4]), months[m[3].lower()]))
    if m := re.fullmatch(
        rf"(?:first week of )?({MONTH})(?: \d{{4}})?", printed.replace("between ", "")
    ):
        month = months[m[1].lower()]
        last = 7 if printed.startswith("first week") else 0
        pairs = [(1, month)] + ([(last, month)] if last else [])
    return pairs


def label(day, calendar: str) -> tuple[int, int]:
    if calendar == "OS":
        _, month, d = calendars.gregorian_to_julian(day.date())
        return d, month
    return day.day, day.month


@pytest.mark.parametrize("event_id", list(article_events()["event_id"]))
def test_dates_agree_with_the_printed_date_and_calendar(event_id: str) -> None:
    """date_start/date_end are the printed date converted from its printed calendar."""
    row = data.load("events").loc[event_id]
    printed, calendar = row["date_printed"], row["calendar_printed"]
    start, end = row["date_start"], row["date_end"]
    assert start <= end
    if calendar == "error":  # the fact sheet's date, never the printed one
        assert start == row["outside_date_start"] and label(start, "NS") != day_months(printed)[0]
        return
    pairs = day_months(printed)
    if not pairs:  # "on the same day", "in the following midnight": the date of the quoted event
        quoted = re.search(r"'([^']+)'", row["calendar_reason"])[1]
        other = article_events()
        other = other[other["date_printed"] == quoted].iloc[0]
        shift = timedelta(days=1) if "midnight" in printed else timedelta(0)
        assert start == other["date_start"] + shift
        return
    first, last = pairs[0], pairs[-1]
    if row["precision"] == "month":
        last_day = (
            calendars.julian_days_in_month(start.year, first[1])
            if calendar == "OS" or calendar == "uncertain"
            else pd.Period(start, "M").days_in_month
        )
        last = (last_day, first[1])
    if calendar == "uncertain":  # start read as N.S., end read as O.S.
        assert label(start, "NS") == first
        assert label(end, "OS") == last
    else:
        assert label(start, calendar) == first
        assert label(end, calendar) == last
    if row["precision"] == "day" and calendar != "uncertain":
        assert start == end


def test_outside_events_are_labelled() -> None:
    events = data.load("events")
    outside = events[events["origin"] == "outside"]
    assert len(outside) >= 12
    assert outside["date_printed"].isna().all() and outside["citation_printed"].isna().all()
    assert outside["outside_items"].map(len).gt(0).all()  # label and works come from those items


def test_contested_rows_carry_the_other_side() -> None:
    for table in ["events", "figures"]:
        frame = data.load(table)
        contested = frame[frame["contested"]]
        assert len(contested) > 0
        assert contested["outside_note"].notna().all(), table


def test_every_phase_has_events() -> None:
    assert set(article_events()["phase"]) == {1, 2, 3, 4, 5, 6}


def test_same_as_points_to_a_main_event() -> None:
    events = data.load("events")
    linked = events[events["same_as"].notna()]
    assert len(linked) > 0
    assert events.loc[linked["same_as"], "same_as"].isna().all()


def test_party_colours_are_okabe_ito_or_grey() -> None:
    okabe = set(palette.OKABE_ITO.values())
    parties = data.load("parties")
    for _, row in parties.iterrows():
        colour = row["colour"]
        grey = colour[1:3] == colour[3:5] == colour[5:7]
        assert colour in okabe or grey, row["party_id"]
    real = parties[parties["kind"] == "party"]
    named = real[real["colour"].isin(okabe)]
    assert named["colour"].is_unique


@pytest.mark.parametrize(("table", "column"), [("figures", "wording"), ("claims", "article_says")])
def test_article_wording_is_verbatim(table: str, column: str) -> None:
    """Quoted wording occurs in the article (whitespace collapsed; a hyphenated line break may be joined)."""
    text = flat(data.article_text())
    joined = re.sub(r"(\w)- (\w)", r"\1\2", text)
    quoted = data.load(table)[column].dropna()  # empty: a number the article does not give
    bad = [w for w in quoted if flat(w) not in text and flat(w) not in joined]
    assert not bad, bad
