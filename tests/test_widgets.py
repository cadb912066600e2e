"""Widgets driven from Python: points move, seats are recomputed, cards and hints appear."""

from __future__ import annotations

import datetime as dt
import json

from helpers import data, widgets


def shown(view) -> dict:
    """The plotly figure spec the widget's Output holds."""
    (output,) = view.output.outputs
    return output["data"]["application/vnd.plotly.v1+json"]


def x_of(view, event_id: str) -> str:
    """Where an event's marker is in the figure shown (ISO date text, as the front end gets it)."""
    for trace in shown(view)["data"]:
        ids = trace.get("customdata") or []
        if event_id in ids:
            return trace["x"][ids.index(event_id)][:10]
    raise AssertionError(f"{event_id} not shown")


def test_timeline_toggle_moves_os_printed_points(events_df, places_df, people_df, parties_df):
    w = widgets.timeline_explorer(events_df, places_df, people_df, parties_df)
    assert x_of(w, "red_guards_rising") == "1917-10-24"  # as printed: its O.S. day
    w.calendar.value = "ns"
    assert x_of(w, "red_guards_rising") == "1917-11-06"
    assert x_of(w, "talyshinsky_arrest") == "1918-03-09"
    w.calendar.value = "os"
    assert x_of(w, "talyshinsky_arrest") == "1918-02-24"
    assert "Old Style" in w.figure.layout.xaxis.title.text


def test_timeline_filters(events_df, places_df, people_df, parties_df):
    w = widgets.timeline_explorer(events_df, places_df, people_df, parties_df)
    assert "Showing 4 of 4 events" in w.status.value
    w.phase.value = 5
    assert list(w.events["event_id"]) == ["talyshinsky_arrest"]
    w.phase.value = 0
    w.place.value = "batumi"
    assert list(w.events["event_id"]) == ["batumi_conference"]
    w.place.value = ""
    w.actor.value = "bolsheviks"
    assert list(w.events["event_id"]) == ["red_guards_rising"]
    w.phase.value = 6
    assert "No event matches" in w.status.value
    assert "0 events" in w.alt.value
    assert w.output.outputs == ()  # no empty axis drawn for no event


def test_timeline_controls_are_labelled(events_df, places_df, people_df, parties_df):
    w = widgets.timeline_explorer(events_df, places_df, people_df, parties_df)
    for control in (w.phase, w.place, w.actor, w.calendar, w.group_by):
        assert control.description and control.description_allow_html is False
    assert ("Stepan Shaumyan", "shaumyan") in w.actor.options
    w.group_by.value = "actor"
    assert w.figure.layout.yaxis.title.text.startswith("Actor")


def test_widget_output_has_no_url_and_carries_the_alt_text(
    events_df, places_df, people_df, parties_df
):
    w = widgets.timeline_explorer(events_df, places_df, people_df, parties_df)
    (output,) = w.output.outputs
    assert "http" not in json.dumps(output)
    assert output["data"]["text/plain"].startswith("Timeline of 4 events")


def test_calculator_reproduces_the_article_at_60000(elections_df, parties_df):
    w = widgets.election_calculator(elections_df, parties_df)
    assert (w.method.value, w.seats.value, w.quota.value) == ("dhondt", 36, 60_000)
    assert w.seat_values == [11, 10, 9, 2, 1, 1, 1, 1]
    assert w.seat_values == list(elections_df["seats_article"])
    assert "60,176" in w.status.value  # the last (36th) D'Hondt quotient
    w.method.value = "quota"
    assert w.seat_values == [11, 10, 9, 2, 1, 1, 1, 1]  # 60,000 votes per seat gives the same


def test_calculator_quota_20000_gives_the_seym_seats(elections_df, parties_df):
    w = widgets.election_calculator(elections_df, parties_df)
    w.method.value = "quota"
    w.quota.value = 20_000
    # Mensheviks 33, Musavat 30, Dashnaks 27, MSB 7, SRs 5, Bolsheviks 4, Hummet 4, Ittihad 3
    assert w.seat_values == [33, 30, 27, 7, 5, 4, 4, 3]
    assert "<b>113</b>" in w.table.value
    points = sum(len(t["x"]) for t in shown(w)["data"])
    assert points == 113
    assert w.quota.step == 1_000


def test_calculator_says_when_it_limits_a_value(elections_df, parties_df):
    w = widgets.election_calculator(elections_df, parties_df)
    w.seats.value = 500
    assert sum(w.seat_values) == 300
    assert "500 was set to 300" in w.status.value
    assert w.seats.value == 300  # the box shows the value used
    w.method.value = "quota"
    w.quota.value = 5_000
    assert "5,000 was set to 10,000" in w.status.value
    assert w.quota.value == 10_000
    w.quota.value = 20_000
    assert "was set to" not in w.status.value


def test_calculator_shows_only_the_input_its_method_uses(elections_df, parties_df):
    w = widgets.election_calculator(elections_df, parties_df)
    assert (w.seats.layout.display, w.quota.layout.display) == (None, "none")
    w.method.value = "quota"
    assert (w.seats.layout.display, w.quota.layout.display) == ("none", None)


def test_widgets_not_yet_run_show_a_short_line_not_a_repr(elections_df, parties_df):
    shown = [
        repr(widgets.calendar_converter()),
        repr(widgets.election_calculator(elections_df, parties_df)),
    ]
    assert shown == [
        "Run this cell to open the calendar converter.",
        "Run this cell to open the seat calculator.",
    ]


def test_calculator_recomputes_when_seat_count_changes(elections_df, parties_df):
    w = widgets.election_calculator(elections_df, parties_df)
    w.seats.value = 10
    assert sum(w.seat_values) == 10
    assert w.figure.layout.title.text.startswith("10 seats")
    assert "http" not in json.dumps(w.output.outputs[0])


def test_converter_os_to_ns_with_calendars_in_use():
    w = widgets.calendar_converter()
    w.calendar.value = "OS"
    w.text.value = "25 October 1917"
    assert "25 October 1917 O.S.</b> = <b>7 November 1917 N.S." in w.result.value
    assert "Petrograd</th><td>O.S." in w.result.value
    assert w.hint.value == ""


def test_converter_ns_date_after_the_transcaucasian_switch():
    w = widgets.calendar_converter()
    w.calendar.value = "NS"
    w.text.value = "May 28, 1918"
    assert "15 May 1918 O.S.</b> = <b>28 May 1918 N.S." in w.result.value
    assert "Tiflis</th><td>N.S." in w.result.value
    w.text.value = "1918-03-20"
    assert "Baku</th><td>calendar uncertain" in w.result.value


def test_converter_malformed_input_gives_a_one_line_hint():
    w = widgets.calendar_converter()
    w.text.value = "the day after tomorrow"
    assert w.result.value == ""
    assert "28 May 1918" in w.hint.value and "Traceback" not in w.hint.value
    assert w.hint.value.count("<p") == 1 and "\n" not in w.hint.value
    w.calendar.value = "NS"
    w.text.value = "31 February 1918"
    assert w.result.value == "" and w.hint.value


def test_converter_picker_fills_the_text():
    w = widgets.calendar_converter()
    w.calendar.value = "NS"
    w.picker.value = dt.date(1918, 9, 15)
    assert w.text.value == "1918-09-15"
    assert "2 September 1918 O.S." in w.result.value


def test_glossary_finds_any_spelling(glossary_df, people_df, parties_df, places_df, events_df):
    w = widgets.glossary_search(glossary_df, people_df, parties_df, places_df, events_df)
    for spelling in ("Shahumyan", "Şaumyan", "SHAUMYAN", "stepan shaumyan"):
        w.query.value = spelling
        assert w.matches[0].key == "shaumyan", spelling
        assert "Sergey Şaumyan" in w.result.value and "Stepan Shaumyan" in w.result.value
    assert "General Talyshinsky arrested" in w.result.value and "(10, p.8)" in w.result.value
    for spelling in ("Dashnak", "Taşnaksütyun", "tasnaksutyun"):
        w.query.value = spelling
        assert w.matches[0].key == "dashnaks", spelling
        assert "Armenian Revolutionary Federation" in w.result.value
    w.query.value = "Tiflis"
    assert w.matches[0].key == "tbilisi"
    w.query.value = "seim"
    assert "Transcaucasian Seim" in w.result.value


def test_glossary_no_match_gives_a_hint(glossary_df, people_df, parties_df, places_df, events_df):
    w = widgets.glossary_search(glossary_df, people_df, parties_df, places_df, events_df)
    w.query.value = "Napoleon"
    assert w.matches == []
    assert "No match" in w.result.value
    assert w.query.description == "Name or term"


# ---- on the real data (data.load) ----


def test_real_calculator_reproduces_both_of_the_articles_seat_tables():
    elections = data.load("elections_1917")
    w = widgets.election_calculator(elections, data.load("parties"))
    got = dict(zip(w.votes.index, w.seat_values, strict=True))
    article = elections.dropna(subset=["seats_article"]).set_index("party_id")["seats_article"]
    assert got == {k: int(v) for k, v in article.items()}  # 11/10/9/2/1/1/1/1 at D'Hondt 36
    w.method.value = "quota"
    w.quota.value = 20_000
    got = dict(zip(w.votes.index, w.seat_values, strict=True))
    seym = data.load("seym_seats").dropna(subset=["seats_article"]).set_index("party_id")
    shared = set(got) & set(seym.index)
    assert len(shared) >= 7
    assert {p: got[p] for p in shared} == {p: int(seym.loc[p, "seats_article"]) for p in shared}
    assert "other seven lists" in w.status.value  # the lumped row is left out, and said so


def test_real_glossary_finds_the_briefs_spellings():
    w = widgets.glossary_search(
        *(data.load(t) for t in ("glossary", "people", "parties", "places", "events"))
    )
    for spelling, key in [
        ("Shahumyan", "shaumyan"),
        ("Şaumyan", "shaumyan"),
        ("Dashnak", "dashnaks"),
        ("Taşnaksütyun", "dashnaks"),
        ("tiflis", "tbilisi"),
    ]:
        w.query.value = spelling
        assert w.matches and w.matches[0].key == key, spelling
        assert "Standard form" in w.result.value


def test_real_timeline_explorer_moves_an_os_printed_event():
    events = data.load("events")
    w = widgets.timeline_explorer(
        events, data.load("places"), data.load("people"), data.load("parties"), data.load("sources")
    )
    event_id = events[(events["calendar_printed"] == "OS") & events["same_as"].isna()].index[0]
    printed = x_of(w, event_id)
    w.calendar.value = "ns"
    assert (dt.date.fromisoformat(x_of(w, event_id)) - dt.date.fromisoformat(printed)).days == 13
