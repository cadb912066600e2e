"""Charts: the timeline's calendars, markers and hovers; seats, votes and contested ranges."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers import data
from helpers.figures import charts, palette
from helpers.figures.plotly_json import Figure, Props, scatter


def trace(fig: Figure, name_part: str) -> Props:
    """The one trace whose legend name contains name_part."""
    found = [t for t in fig.data if name_part in (t.name or "")]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


def x_of(fig: Figure, event_id: str) -> dt.date:
    """Where an event's marker is drawn."""
    for t in fig.data:
        if t.customdata is not None and event_id in t.customdata:
            return t.x[list(t.customdata).index(event_id)]
    raise AssertionError(f"{event_id} not drawn")


def assert_accessible(fig: Figure) -> None:
    """A title, titled axes, a large font, a stored text alternative, no URL anywhere."""
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert fig.layout.font.size >= 16
    assert len(fig.describe()) > 20
    assert fig.layout.meta["alt"] == fig.describe()
    assert "http" not in fig.to_json()


def test_os_printed_date_sits_on_its_os_day_when_shown_as_printed(events_df):
    printed = charts.timeline(events_df, calendar="printed")
    assert x_of(printed, "red_guards_rising") == dt.date(1917, 10, 24)
    assert x_of(printed, "talyshinsky_arrest") == dt.date(1918, 3, 9)


def test_ns_and_os_modes_move_the_points(events_df):
    ns = charts.timeline(events_df, calendar="ns")
    os_ = charts.timeline(events_df, calendar="os")
    assert x_of(ns, "red_guards_rising") == dt.date(1917, 11, 6)
    assert x_of(os_, "red_guards_rising") == dt.date(1917, 10, 24)
    assert x_of(ns, "talyshinsky_arrest") == dt.date(1918, 3, 9)
    assert x_of(os_, "talyshinsky_arrest") == dt.date(1918, 2, 24)
    assert "Old Style" in os_.layout.xaxis.title.text


def test_contested_and_outside_events_have_their_own_symbol_and_legend(events_df):
    fig = charts.timeline(events_df)
    contested = trace(fig, "contested")
    outside = trace(fig, "beyond the article")
    assert list(contested.customdata) == ["talyshinsky_arrest"]
    assert list(outside.customdata) == ["brest_litovsk_treaty"]
    symbols = {
        contested.marker.symbol,
        outside.marker.symbol,
        trace(fig, "in the article").marker.symbol,
    }
    assert len(symbols) == 3
    assert (
        outside.text is None
    )  # no 'context' text: neighbouring labels overprinted; the legend says it
    assert "beyond the article" in outside.name


def test_a_timeline_of_many_rows_fits_a_projected_screen(events_df):
    many = pd.concat([events_df.assign(place_id=f"place_{k}") for k in range(60)])
    fig = charts.timeline(many.reset_index(drop=True))
    assert fig.layout.height <= charts.MAX_HEIGHT
    assert fig.layout.yaxis.tickfont.size >= 11


def test_hover_gives_date_as_printed_both_calendars_and_citation(events_df):
    fig = charts.timeline(events_df)
    hover = trace(fig, "in the article").hovertext[0]
    assert "As printed: 24-25 October 1917" in hover
    assert "(5, p.114; 9, p.334)" in hover
    assert "6 November 1917 N.S. = 24 October 1917 O.S." in hover
    outside = trace(fig, "beyond the article").hovertext[0]
    assert "confidence: sourced" in outside and "Trebizond" in outside


def test_multi_day_event_gets_a_span(events_df):
    fig = charts.timeline(events_df, calendar="ns")
    span = trace(fig, "span")
    assert list(span.x[:2]) == [dt.date(1917, 11, 6), dt.date(1917, 11, 7)]


def test_group_by_actor_uses_names(events_df):
    names = {"shaumyan": "Stepan Shaumyan", "bolsheviks": "Bolsheviks"}
    fig = charts.timeline(events_df, group_by="actor", names=names)
    groups = {y for t in fig.data for y in (t.y or []) if y}
    assert {"Stepan Shaumyan", "Bolsheviks", "(no actor named)"} <= groups
    assert fig.layout.yaxis.title.text.startswith("Actor")


def test_timeline_is_accessible_deterministic_and_offline(events_df):
    fig = charts.timeline(events_df)
    assert_accessible(fig)
    assert "1 contested" in fig.describe() and "1 events from outside" in fig.describe()
    assert fig.to_json() == charts.timeline(events_df).to_json()


def test_timeline_rejects_unknown_calendar(events_df):
    with pytest.raises(ValueError, match="calendar must be one of"):
        charts.timeline(events_df, calendar="julian")


def test_describe_without_stored_alt_lists_the_traces():
    fig = Figure([scatter(x=[1, 2], y=[3, 4], name="votes")], layout={"title": {"text": "T"}})
    assert fig.describe() == "T. votes: 2 points"


def test_vote_bars_sorted_with_party_colours_and_shares(elections_df, parties_df):
    fig = charts.vote_bars(elections_df, parties=parties_df)
    bar = fig.data[0]
    assert list(bar.y[:3]) == ["Mensheviks", "Musavat", "Dashnaks"]
    assert bar.marker.color[0] == parties_df.loc["mensheviks", "colour"]  # from parties.colour
    assert bar.marker.color[-1] == palette.GREY  # Ittihad is not in the parties table here
    assert bar.text[0].startswith("661,934 (")
    assert "Hovannisian (1967)" in fig.describe()
    assert_accessible(fig)


def test_hemicycle_of_the_36_assembly_seats(elections_df, parties_df):
    fig = charts.hemicycle(
        elections_df, seats_col="seats_article", title="36 seats", parties=parties_df
    )
    assert [len(t.x) for t in fig.data] == [11, 10, 9, 2, 1, 1, 1, 1]
    assert fig.data[0].name == "Mensheviks: 11"
    assert "36 seats" in fig.describe()
    assert "http" not in fig.to_json()


def test_hemicycle_of_the_112_seym_seats(seym_df):
    fig = charts.hemicycle(seym_df, seats_col="seats_article", title="Seym, 112 seats")
    points = {(round(x, 6), round(y, 6)) for t in fig.data for x, y in zip(t.x, t.y, strict=True)}
    assert len(points) == 112
    assert fig.data[0].name == "Menşevikler: 33"
    assert all(y >= 0 for _, y in points)
    # parties sit left to right: the first party's seats are all left of the last party's
    assert max(fig.data[0].x) < min(fig.data[-1].x)


def test_contested_range_shows_the_article_beside_scholarship(figures_df):
    fig = charts.contested_range(figures_df, "march_days_deaths")
    article = trace(fig, "figure (")
    scholarship = trace(fig, "other scholarship:")
    assert list(article.x) == [12000.0]
    assert "(6, p.27-37)" in article.text[0]
    assert list(scholarship.x) == [3000.0, 12000.0]
    assert "Swietochowski" in scholarship.name and "sourced" in scholarship.name
    assert "3,000 to 12,000" in fig.describe()
    assert_accessible(fig)


def test_contested_range_names_unknown_ids(figures_df):
    with pytest.raises(KeyError, match="no figure with id"):
        charts.contested_range(figures_df, ["red_guards"])


# ---- on the real data (data.load) ----


def test_timeline_of_every_event_in_the_data():
    events = data.load("events")
    fig = charts.timeline(events, sources=data.load("sources"))
    drawn = {e for t in fig.data if t.customdata is not None for e in t.customdata}
    assert drawn == set(events.loc[events["same_as"].isna(), "event_id"])
    assert_accessible(fig)


def test_real_os_printed_dates_sit_13_days_early_when_shown_as_printed():
    events = data.load("events")
    printed = charts.event_points(events, calendar="printed").set_index("event_id")
    ns = charts.event_points(events, calendar="ns").set_index("event_id")
    os_rows = events[(events["calendar_printed"] == "OS") & events["same_as"].isna()]
    assert len(os_rows) >= 5
    for event_id in os_rows["event_id"]:
        assert (ns.loc[event_id, "x"] - printed.loc[event_id, "x"]).days == 13, event_id


def test_real_votes_and_seats_add_up_to_the_articles_totals():
    figures = data.load("figures").set_index("figure_id")
    votes = charts.vote_bars(data.load("elections_1917"), parties=data.load("parties"))
    assert sum(votes.data[0].x) == figures.loc["ca_total_votes", "value"]  # 2,455,274
    seym = charts.hemicycle(data.load("seym_seats"), seats_col="seats_article", title="Seym")
    assert sum(len(t.x) for t in seym.data) == figures.loc["seym_members", "value"]  # 112
    assert "http" not in votes.to_json() + seym.to_json()


def test_every_contested_figure_with_a_range_draws():
    figures = data.load("figures")
    ranged = figures[figures["outside_low"].notna()]
    assert len(ranged) >= 3
    fig = charts.contested_range(figures, list(ranged["figure_id"]), sources=data.load("sources"))
    assert_accessible(fig)
    deaths = charts.contested_range(figures, "march_days_deaths")
    assert 12000 in [x for t in deaths.data for x in t.x]
