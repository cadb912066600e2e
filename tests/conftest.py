"""Shared pytest fixtures (one section per area; add yours under its own heading)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from helpers import data
from helpers.data import derived
from helpers.figures.palette import OKABE_ITO

# ---- figures and widgets (tests/test_charts.py, test_maps.py, test_widgets.py) ----
# Small tables typed exactly as data.load() types the shipped ones (the schema in
# data/datapackage.yaml: every column, Int64/Float64 numbers, datetime64 dates, lists as lists,
# booleans as boolean, indexed by the primary key), holding facts from the article and the fact
# sheet only.


def cell(value: Any) -> str:
    """A Python value as the CSV text it stands for: lists joined by '; ', booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(value)
    return str(value)


def frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows of one table of data/ (missing columns empty), typed and indexed like data.load(name)."""
    res = data.resource(name)
    fields = [f["name"] for f in res["schema"]["fields"]]
    unknown = set().union(*rows) - set(fields) - DERIVED
    assert not unknown, f"not columns of {name} in data/datapackage.yaml: {sorted(unknown)}"
    text = pd.DataFrame([[cell(r.get(f)) for f in fields] for r in rows], columns=fields, dtype=str)
    table = data.shaped(text, res)
    derived.add_derived({name: table, "outside": data.load("outside")})  # as data.load adds them
    for col in sorted(DERIVED & set().union(*rows)):  # a fixture may give what the items would
        given = [r.get(col) for r in rows]
        if col == "outside_source":
            values = [v if isinstance(v, list) else data.split_list(v or "") for v in given]
            table[col] = pd.Series(values, index=table.index, dtype=object)
        else:
            table[col] = pd.array(given, dtype="string")
    return table


# columns the loader derives from data/outside.csv and the article (helpers/data/derived.py)
DERIVED = {"outside_confidence", "outside_source", "confidence", "citation_shown"}


EVENT_DEFAULTS = {
    "origin": "article",
    "summary": "",
    "actors": [],
    "calendar_reason": "",
    "date_end": None,
    "precision": "day",
    "refs": "",
    "outside_note": None,
    "outside_date_start": None,
    "outside_date_end": None,
    "outside_confidence": None,
    "outside_source": None,
    "contested": False,
}


@pytest.fixture
def events_df() -> pd.DataFrame:
    """Four events: O.S.-printed, N.S.-printed (one contested), and one from outside the article."""
    rows = [
        {
            "event_id": "red_guards_rising",
            "phase": 1,
            "title": "Red Guards take the capital",
            "place_id": "petrograd",
            "actors": ["bolsheviks"],
            "date_printed": "24-25 October 1917",
            "calendar_printed": "OS",
            "date_start": "1917-11-06",
            "date_end": "1917-11-07",
            "precision": "range",
            "citation_printed": "5, p.114; 9, p.334",
        },
        {
            "event_id": "talyshinsky_arrest",
            "phase": 5,
            "title": "General Talyshinsky arrested near Baku station",
            "place_id": "baku",
            "actors": ["shaumyan"],
            "date_printed": "March 9, 1918",
            "calendar_printed": "NS",
            "date_start": "1918-03-09",
            "citation_printed": "10, p.8",
            "outside_note": "only the commander was arrested",
            "outside_source": "Wikipedia 'March Days'",
            "outside_confidence": "sourced",
            "contested": True,
        },
        {
            "event_id": "batumi_conference",
            "phase": 6,
            "title": "Batumi Conference opens",
            "place_id": "batumi",
            "date_printed": "May 11, 1918",
            "calendar_printed": "NS",
            "date_start": "1918-05-11",
            "citation_printed": "15, p.514-520",
        },
        {
            "event_id": "brest_litovsk_treaty",
            "phase": 4,
            "origin": "outside",
            "title": "Treaty of Brest-Litovsk",
            "place_id": "brest_litovsk",
            "date_printed": None,
            "calendar_printed": "NS",
            "date_start": "1918-03-03",
            "citation_printed": None,
            "outside_note": "Kars, Ardahan and Batum to the Ottomans",
            "outside_date_start": "1918-03-03",
            "outside_confidence": "sourced",
            "outside_source": "Wikipedia 'Trebizond Peace Conference'",
        },
    ]
    rows = [{**EVENT_DEFAULTS, **r} for r in rows]
    return frame("events", rows)


@pytest.fixture
def places_df() -> pd.DataFrame:
    """Places of the fact sheet (section 3) with their coordinates."""
    rows = [
        ("petrograd", "Petrograd", "Petrograd", 59.94, 30.31, "city"),
        ("baku", "Baku", "Baku", 40.41, 49.87, "city"),
        ("batumi", "Batumi", "Batumi", 41.65, 41.64, "city"),
        ("ganja", "Ganja", "Ganja", 40.68, 46.36, "city"),
        ("tbilisi", "Tbilisi", "Tbilisi", 41.72, 44.79, "city"),
        ("brest_litovsk", "Brest-Litovsk", "Brest-Litovsk", 52.10, 23.73, "city"),
    ]
    table = frame(
        "places",
        [
            {
                "place_id": p,
                "name_article": a,
                "name_standard": s,
                "variants": ["Tiflis"] if p == "tbilisi" else [],
                "lat": lat,
                "lon": lon,
                "kind": k,
                "note": "",
            }
            for p, a, s, lat, lon, k in rows
        ],
    )
    return table


@pytest.fixture
def parties_df() -> pd.DataFrame:
    """Four parties with Okabe-Ito colours."""
    rows = [
        ("bolsheviks", "Bolsheviks", "Bolsheviks", OKABE_ITO["vermillion"], []),
        ("mensheviks", "Menşevikler", "Mensheviks", OKABE_ITO["blue"], []),
        ("musavat", "Musavat", "Musavat", OKABE_ITO["bluish_green"], ["Müsavat", "Musavids"]),
        (
            "dashnaks",
            "Taşnaksütyun",
            "Armenian Revolutionary Federation (Dashnaktsutyun)",
            OKABE_ITO["reddish_purple"],
            ["Tashnak", "Dashnak"],
        ),
    ]
    return frame(
        "parties",
        [
            {
                "party_id": p,
                "name_article": a,
                "name_standard": s,
                "short_name": s.split(" (")[0],
                "bloc": "",
                "colour": c,
                "variants": v,
                "description": f"{s} (test row)",
            }
            for p, a, s, c, v in rows
        ],
    )


@pytest.fixture
def people_df() -> pd.DataFrame:
    """Stepan Shaumyan, as the fact sheet spells him."""
    return frame(
        "people",
        [
            {
                "person_id": "shaumyan",
                "name_article": "Sergey Şaumyan",
                "name_standard": "Stepan Shaumyan",
                "role": "chairman of the Baku Soviet, Extraordinary Commissar",
                "variants": ["Shahumyan", "Shaumian", "Şaumyan", "Степан Шаумян"],
                "party_id": "bolsheviks",
                "note": "",
                "confidence": "sourced",
            }
        ],
    )


@pytest.fixture
def glossary_df() -> pd.DataFrame:
    """One glossary term."""
    return frame(
        "glossary",
        [
            {
                "term_id": "seym",
                "term_article": "Seym",
                "term_standard": "Transcaucasian Seim",
                "kind": "body",
                "definition": "the legislature of the Caucasus formed in February 1918",
                "variants": ["Seim", "Sejm"],
                "citation_printed": "19, p.151",
            }
        ],
    )


@pytest.fixture
def elections_df() -> pd.DataFrame:
    """The eight main lists of the fact sheet (section 4) with the article's 36 seats."""
    rows = [
        ("mensheviks", "Mensheviks", 661934, 11),
        ("musavat", "Musavat", 615816, 10),
        ("dashnaks", "Dashnaks", 558440, 9),
        ("muslim_socialist_bloc", "Muslim Socialist Bloc", 159770, 2),
        ("srs", "SRs", 117522, 1),
        ("bolsheviks", "Bolsheviks", 93581, 1),
        ("hummet", "Hummet", 84743, 1),
        ("ittihad", "Ittihad", 66505, 1),
    ]
    table = frame(
        "elections_1917",
        [
            {
                "party_id": p,
                "list_name": n,
                "votes": v,
                "votes_alt": None,
                "seats_article": s,
                "citation_printed": "19, p.149-150",
                "source": "Hovannisian (1967)",
            }
            for p, n, v, s in rows
        ],
    )
    return table


@pytest.fixture
def seym_df() -> pd.DataFrame:
    """The Seym's 112 seats as the article prints them (13, p.14; 19, p.152)."""
    rows = [
        ("mensheviks", "Menşevikler", 33),
        ("musavat", "Musavat", 30),
        ("dashnaks", "Taşnaksütyun", 27),
        ("muslim_socialist_bloc", "Muslim Socialist Block", 7),
        ("srs", "Es-Erler", 5),
        ("hummet", "Himmet", 4),
        ("ittihad", "Union of Islam", 3),
        ("georgian_national_democrats", "Georgian National Democrats", 1),
        ("georgian_socialist_federalists", "Georgian Social Democrats", 1),
        ("kadets", "Kadetler", 1),
    ]
    table = frame(
        "seym_seats",
        [
            {
                "party_id": p,
                "name_printed": n,
                "seats_article": s,
                "citation_printed": "13, p.14; 19, p.152",
                "note": "",
            }
            for p, n, s in rows
        ],
    )
    return table


@pytest.fixture
def figures_df() -> pd.DataFrame:
    """March Days deaths: the article's number and the fact sheet's range."""
    table = frame(
        "figures",
        [
            {
                "figure_id": "march_days_deaths",
                "phase": 5,
                "label": "March Days deaths in Baku",
                "wording": "about 12,000 Muslim Turks were slaughtered in the city of Baku",
                "value": 12000.0,
                "value_low": None,
                "value_high": None,
                "unit": "people",
                "citation_printed": "6, p.27-37",
                "outside_low": 3000.0,
                "outside_high": 12000.0,
                "outside_note": "Shaumyan spoke of about 3,000 dead on both sides",
                "outside_source": "Wikipedia 'March Days'; Swietochowski",
                "outside_confidence": "sourced",
                "contested": True,
            }
        ],
    )
    return table


# ---- Chromium (Debian's package, driven by Playwright): the browser tests and the handout test ----

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (one for the whole test session)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hand-in folder and a progress file of this test's own; no hub user."""
    folder = tmp_path / "handin"
    folder.mkdir()
    monkeypatch.setenv("CAUCASUS_HANDIN", str(folder))
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return folder


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A throw-away copy of data/ to plant a defect in (the validator's rules read it)."""
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target)
    return target
