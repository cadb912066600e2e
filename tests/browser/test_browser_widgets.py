"""Drive the lesson widgets in JupyterLab as a person would: click, pick, type, read the result.

Each test finds the notebook whose code shows the widget (timeline explorer: 01 and 07; calendar
converter: 00 and 05; glossary search: 00 and 07; election calculator: 03_commissariat_and_elections).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from lab_driver import Lab, assert_ran_clean, off_host, open_notebook, restart_and_run_all
from playwright.sync_api import Locator, Page, expect

from conftest import notebook_names
from helpers import data
from helpers.figures.charts import CALENDAR_MODES
from helpers.history import calendars, elections
from helpers.text import day_words
from helpers.widgets import lookup

pytestmark = pytest.mark.browser
SHOWING = re.compile(r"Showing (\d+) of (\d+) events")


def notebook_showing(call: str, lab: Lab) -> str:
    """The first notebook (file name) with a code cell that calls `call`."""
    for name in notebook_names():
        cells = json.loads((lab.root / name).read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "code" and call in source:
                return name
    raise AssertionError(f"no notebook in {lab.root} shows {call}")


def widget_of(page: Page, lab: Lab, call: str) -> Locator:
    """Open the notebook showing `call`, restart and run all; return that cell's output area."""
    name = notebook_showing(call, lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text=call).first
    output = cell.locator(".jp-Cell-outputArea")
    expect(output.locator(".jupyter-widgets").first).to_be_visible()
    return output


def labelled(view: Locator, kind: str, label: str) -> Locator:
    """The ipywidgets control of a kind (e.g. 'widget-dropdown') whose description is `label`."""
    box = view.locator(f".{kind}").filter(
        has=view.page.locator(".widget-label", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    return box.first


def showing(view: Locator) -> tuple[int, int]:
    """(shown, total) from the timeline's status line."""
    view.scroll_into_view_if_needed()  # JupyterLab does not render cells scrolled out of the window
    text = view.text_content() or ""
    found = SHOWING.search(text)
    assert found, f"no 'Showing n of m events' in: {text[:300]}"
    return int(found[1]), int(found[2])


def wrapped(title: str) -> re.Pattern[str]:
    """A figure text as shown: wrapped to its figure's width, so a line break may stand between
    any two words (helpers.figures.plotly_json wraps every text when the figure is shown)."""
    return re.compile("^" + r"(?: |<br>)".join(re.escape(w) for w in title.split()) + "$")


def test_timeline_filter_and_calendar_toggle(page: Page, lab: Lab, requests_made: list[str]):
    """Pick a place: fewer events shown; switch to O.S.: the drawn axis says Old Style."""
    view = widget_of(page, lab, "lesson.timeline_explorer(")
    expect(view).to_contain_text(SHOWING)
    shown, total = showing(view)
    assert shown == total > 1
    place = labelled(view, "widget-dropdown", "Place").locator("select")
    # The options' labels from the DOM, not their rendered text: Chrome gives innerText "" for an
    # element JupyterLab's content-visibility mode has not drawn (a cell off-screen), and
    # select_option(label="") then waits its whole timeout ("did not find some options").
    options = place.locator("option").evaluate_all("options => options.map(o => o.label)")
    assert len(options) > 2 and all(options), f"the Place filter offers only {options}"
    place.select_option(label=options[1])
    expect(view).not_to_contain_text(f"Showing {total} of {total} events")
    shown, again = showing(view)
    assert again == total and 1 <= shown < total

    xtitle = view.locator(".js-plotly-plot .xtitle")
    expect(xtitle).to_have_attribute("data-unformatted", wrapped(CALENDAR_MODES["printed"]))
    alt = view.locator("p").filter(has_text="Text alternative:")
    alt_before = alt.inner_text()
    labelled(view, "widget-toggle-buttons", "Calendar").get_by_role(
        "button", name="all in O.S."
    ).click()
    expect(xtitle).to_have_attribute("data-unformatted", wrapped(CALENDAR_MODES["os"]))
    expect(alt).not_to_have_text(alt_before)  # the text alternative follows the figure
    assert off_host(requests_made) == []


def seat_rows(view: Locator) -> pd.DataFrame:
    """The seat table the calculator shows: list, votes, seats (without the Total row)."""
    rows = []
    for tr in view.locator("table tr").all():
        cells = [c.strip() for c in tr.locator("th, td").all_inner_texts()]
        if len(cells) == 3 and cells[0] not in ("List", "Total"):
            rows.append(
                {"list": cells[0], "votes": int(cells[1].replace(",", "")), "seats": int(cells[2])}
            )
    assert rows, "the election calculator shows no seat table"
    return pd.DataFrame(rows)


def set_number(view: Locator, label: str, value: int) -> None:
    """Type a number into the labelled control: its text box, or a slider's editable readout."""
    control = view.locator(".widget-inline-hbox").filter(
        has=view.page.locator(".widget-label", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    field = control.locator("input[type=number], input[type=text], .widget-readout").first
    field.click()
    field.press("Control+A")
    field.press_sequentially(str(value))
    field.press("Enter")


def test_election_calculator_quota(page: Page, lab: Lab, requests_made: list[str]):
    """Switch to a fixed quota, type a new quota: the seat table shows the seats that quota gives."""
    view = widget_of(page, lab, "widgets.election_calculator(")
    labelled(view, "widget-toggle-buttons", "Method").get_by_role(
        "button", name="fixed quota"
    ).click()
    expect(view).to_contain_text("one seat per full 60,000 votes")
    set_number(view, "Votes per seat (quota)", 30_000)
    expect(view).to_contain_text("one seat per full 30,000 votes")
    table = seat_rows(view)
    expected = elections.fixed_quota(pd.Series(list(table["votes"])), 30_000)
    assert list(table["seats"]) == [int(s) for s in expected], table.to_string()
    assert sum(table["seats"]) > 0
    assert off_host(requests_made) == []


def as_list(value: object) -> list[str]:
    """A list cell as a list (a plain string cell as a one-item list)."""
    return list(value) if isinstance(value, list) else [str(value)]


def test_glossary_finds_variant_spelling(page: Page, lab: Lab, requests_made: list[str]):
    """Type a person's variant spelling: their card shows the article's spelling."""
    people = data.load("people")
    person, variant = next(
        (row, v)
        for _, row in people.iterrows()
        for v in row["variants"]
        if v not in as_list(row["name_article"]) and v != row["name_standard"]
    )
    view = widget_of(page, lab, "lesson.glossary_search(")
    query = labelled(view, "widget-text", "Name or term").locator("input")
    query.press_sequentially(variant)  # no Enter: the cards follow the typing
    expect(view.locator("h4").first).to_be_visible()
    card = view.locator("h4").filter(has_text=as_list(person["name_article"])[0])
    expect(card.first).to_be_visible()
    query.fill("zzqxw")
    query.press("Enter")
    expect(view).to_contain_text(lookup.HINT)
    assert off_host(requests_made) == []


def test_converter_hint_for_malformed_date(page: Page, lab: Lab, requests_made: list[str]):
    """A malformed date gets a one-line hint; a good O.S. date shows its N.S. day."""
    bad = "28 Mai 1918"
    with pytest.raises(calendars.DateInputError) as err:
        calendars.parse_date(bad)
    view = widget_of(page, lab, "widgets.calendar_converter(")
    date = labelled(view, "widget-text", "Date").locator("input")
    date.fill(bad)
    date.press("Enter")
    alert = view.get_by_role("alert")
    expect(alert).to_have_text(str(err.value).splitlines()[0])

    labelled(view, "widget-toggle-buttons", "The date is in").get_by_role(
        "button", name="O.S. (Julian)"
    ).click()
    date.fill("25 October 1917")
    date.press("Enter")
    expect(alert).to_have_count(0)
    ns = calendars.julian_to_gregorian(1917, 10, 25)
    expect(view).to_contain_text(f"{day_words(ns.year, ns.month, ns.day)} N.S.")
    assert off_host(requests_made) == []
