"""The views' fast paths give what the slow ones they replace gave: rows as to_dict gives them, the
timeline's points in event_points' order, the map's overlap sums, props on plain values."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from helpers import data, lesson
from helpers.figures import charts, maps
from helpers.figures.plotly_json import PLAIN, Props, props
from helpers.figures.rows import records
from helpers.history import elections


def same(a: object, b: object) -> bool:
    """Equal values of the same type (two missing values of one type are the same)."""
    if type(a) is not type(b):
        return False
    if a is b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)):
        return True
    return bool(a == b) if not isinstance(a, list) else a == b


@pytest.mark.parametrize("name", data.table_names())
def test_records_are_to_dicts_rows(name: str) -> None:
    """Every table, with its nullable columns (string, Int64, boolean, Float64): same keys, same
    values, same types, missing values as None (to_dict's way), in the same order."""
    table = data.load(name)
    expected, got = table.to_dict("records"), records(table)
    assert len(got) == len(expected) == len(table)
    for want, row in zip(expected, got, strict=True):
        assert list(row) == list(want)
        bad = {k: (want[k], row[k]) for k in want if not same(want[k], row[k])}
        assert not bad, (name, bad)
    assert records(table.iloc[:0]) == []


@pytest.mark.parametrize("calendar", sorted(charts.CALENDAR_MODES))
@pytest.mark.parametrize("group_by", ["place", "actor"])
def test_timeline_points_are_event_points_in_its_order(calendar: str, group_by: str) -> None:
    """The points come in pandas' stable order by date and event; the timeline draws every one."""
    events = data.load("events")
    options = {"names": lesson.names(), "sources": data.load("sources")}
    frame = charts.event_points(events, group_by=group_by, calendar=calendar, **options)
    points = charts.points_of(events, group_by=group_by, calendar=calendar, **options)
    assert points == frame.to_dict("records")
    ordered = frame.sample(frac=1, random_state=0).sort_values(["sort", "event_id"], kind="stable")
    assert list(zip(ordered["sort"], ordered["event_id"], strict=True)) == [
        (p["sort"], p["event_id"]) for p in points
    ]
    fig = charts.timeline(events, group_by=group_by, calendar=calendar, **options)
    drawn = [e for t in fig.data if t.customdata is not None for e in t.customdata]
    assert sorted(drawn) == sorted(frame["event_id"])


def test_label_overlap_sum_is_coverings_sum() -> None:
    """covered_all adds the same areas as covered, box by box, over every place's label."""
    places = data.load("places").dropna(subset=["lon", "lat"])
    lons, lats = [float(v) for v in places["lon"]], [float(v) for v in places["lat"]]
    labels = maps.place_labels(places)
    others = [
        maps.label_box(x * 40, y * 40, t, "top center")
        for x, y, t in zip(lons, lats, labels, strict=True)
    ]
    for x, y, label in zip(lons, lats, labels, strict=True):
        for pos in maps.POSITIONS:
            box = maps.label_box(x * 40, y * 40, label, pos)
            assert maps.covered_all(box, others) == sum(maps.covered(box, b) for b in others)
    assert any(maps.covered_all(b, others) > 0 for b in others)  # the sums are not all zero


def test_props_keeps_plain_values_and_still_wraps_nested_dicts() -> None:
    day = dt.date(1918, 5, 28)
    value = props(
        {"x": [1, 2.5, None, "a", day], "marker": {"line": {"width": 2}}, "t": ({"a": 1},)}
    )
    assert value.x == [1, 2.5, None, "a", day] and value.x[4] is day
    assert isinstance(value.marker.line, Props) and value.marker.line.width == 2
    assert isinstance(value.t, list) and isinstance(value.t[0], Props) and value.t[0].a == 1
    assert all(props(v) is v for v in ("a", 1, 2.5, True, None, day)) and dict not in PLAIN


def test_last_quotient_from_the_seats_already_counted() -> None:
    table = data.load("elections_1917")
    votes = table[~table["aggregate"]].set_index("list_name")["votes"]
    for seats in (1, 10, int(table["seats_article"].sum())):
        won = elections.dhondt(votes, seats)
        assert elections.last_quotient(votes, seats, won=won) == elections.last_quotient(
            votes, seats
        )
        winners = won > 0  # the masked-Series reckoning last_quotient used before it took won=
        assert elections.last_quotient(votes, seats) == float((votes[winners] / won[winners]).min())
    assert math.isnan(elections.last_quotient(votes, 0))


def test_dates_table_dates_only_the_rows_it_shows() -> None:
    events = data.load("events")
    assert lesson.dates_table(events, 8).to_html() == lesson.dates_table(events).head(8).to_html()
    assert isinstance(lesson.dates_table(events.iloc[:0]), pd.DataFrame)
