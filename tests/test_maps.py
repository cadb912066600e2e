"""Maps: shipped outlines (no URL, no tile server), places with their events, routes."""

from __future__ import annotations

import json

import pytest

from helpers import data
from helpers.figures import maps


def test_shipped_outlines_are_valid_geojson_with_a_licence_note():
    for extent in data.EXTENTS:
        shape = data.outline(extent)
        assert shape["type"] == "FeatureCollection"
        x0, y0, x1, y1 = shape["bbox"]
        for polygon in shape["features"][0]["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1]
                assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in ring)
    note = (data.DATA_DIR / "shapes" / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in note and "public domain" in note and "ISC" in note


def test_caucasus_outline_has_the_caspian_as_a_hole():
    # Baku is on land, a point in the middle of the Caspian is in a hole of the land polygon
    holes = [
        ring
        for polygon in data.outline("caucasus")["features"][0]["geometry"]["coordinates"]
        for ring in polygon[1:]
    ]
    assert any(
        min(x for x, _ in r) < 51 < max(x for x, _ in r)
        and min(y for _, y in r) < 42 < max(y for _, y in r)
        for r in holes
    )


def test_place_map_is_offline_and_titled(places_df, events_df):
    fig = maps.place_map(places_df, events_df)
    assert "http" not in fig.to_json()
    assert all(t.type == "scatter" for t in fig.data)  # no geo/tile traces that fetch shapes
    assert fig.layout.title.text and fig.layout.xaxis.title.text.startswith("Longitude")
    assert fig.layout.yaxis.scaleanchor == "x"


def test_place_map_shows_only_places_with_events_and_their_titles(places_df, events_df):
    fig = maps.place_map(places_df, events_df)
    points = fig.data[-1]
    assert set(points.customdata) == {"petrograd", "baku", "batumi", "brest_litovsk"}
    hover = dict(zip(points.customdata, points.hovertext, strict=True))
    assert (
        "General Talyshinsky arrested near Baku station (March 9, 1918; 10, p.8)" in hover["baku"]
    )
    assert "4 events" in fig.describe()


def test_extent_follows_the_places(places_df):
    caucasus = places_df[places_df["place_id"].isin(["baku", "batumi", "ganja", "tbilisi"])]
    x0, x1 = maps.place_map(caucasus).layout.xaxis.range
    y0, y1 = maps.place_map(caucasus).layout.yaxis.range
    assert 36.0 <= x0 < min(caucasus["lon"]) and max(caucasus["lon"]) < x1 <= 56.0  # zoomed in
    assert y0 < min(caucasus["lat"]) and max(caucasus["lat"]) < y1
    assert (x1 - x0) < 20.0  # closer than the whole Caucasus outline
    x0, x1 = maps.place_map(places_df).layout.xaxis.range
    assert x0 >= 0.0 and x1 <= 62.0 and x0 < min(places_df["lon"]) and max(places_df["lon"]) < x1


def test_route_map_draws_the_stops_in_order(places_df):
    fig = maps.route_map(places_df, ["batumi", "ganja", "baku"])
    route = fig.data[-1]
    assert list(route.x) == [41.64, 46.36, 49.87]
    assert list(route.text) == ["1. Batumi", "2. Ganja", "3. Baku"]
    assert len(fig.layout.annotations) == 2
    assert "Batumi → Ganja → Baku" in fig.describe()
    assert "http" not in fig.to_json()


def test_route_map_names_an_unknown_place(places_df):
    with pytest.raises(KeyError, match="no place with id"):
        maps.route_map(places_df, ["batumi", "atlantis"])


def test_map_json_is_deterministic_and_small(places_df, events_df):
    one = maps.place_map(places_df, events_df).to_json()
    assert one == maps.place_map(places_df, events_df).to_json()
    assert len(json.dumps(json.loads(one))) < 150_000


# ---- on the real data (data.load) ----


def test_real_place_map_and_route_are_offline():
    places, events = data.load("places"), data.load("events")
    fig = maps.place_map(places, events)
    assert "http" not in fig.to_json()
    with_events = set(events["place_id"].dropna())
    assert set(fig.data[-1].customdata) == with_events & set(places["place_id"])
    route = maps.route_map(places, ["batumi", "ganja", "baku"])
    x0, x1 = route.layout.xaxis.range
    assert x0 >= 36.0 and x1 <= 56.0  # within the Caucasus outline
    assert "http" not in route.to_json()


def test_map_labels_do_not_cover_each_other_or_a_point() -> None:
    """06's crowded south-west (Kars, Gümrü, Ahıska, Ahılkelek): no label box overlaps another
    label or a point, in the pixels of a map projected at 1280x800."""
    places = data.load("places")
    ids = [
        "batumi",
        "tbilisi",
        "akhaltsikhe",
        "akhalkalaki",
        "gyumri",
        "echmiadzin",
        "kars",
        "julfa",
    ]
    chosen = places.loc[ids]
    lons, lats = list(chosen["lon"]), list(chosen["lat"])
    labels = maps.place_labels(chosen)
    box = maps.view_box("caucasus", lons, lats)
    positions = maps.label_positions(lons, lats, labels, box)
    px_x, px_y = maps.pixels_per_degree(box)
    points = [(x * px_x, y * px_y) for x, y in zip(lons, lats, strict=True)]
    boxes = [
        maps.label_box(x, y, t, p) for (x, y), t, p in zip(points, labels, positions, strict=True)
    ]
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes):
            assert i == j or not maps.overlaps(a, b), (labels[i], labels[j])
        for j, (x, y) in enumerate(points):
            assert i == j or not maps.overlaps(a, (x - 6, y - 6, x + 6, y + 6)), (labels[i], ids[j])
    assert maps.overlaps((0, 0, 10, 10), (5, 5, 15, 15)) and not maps.overlaps(
        (0, 0, 1, 1), (2, 2, 3, 3)
    )
