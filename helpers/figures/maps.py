"""Offline maps: shipped land outlines drawn on plain lon/lat axes (no tile server, no CDN)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from helpers import data
from helpers.figures import palette
from helpers.figures.plotly_json import Figure, scatter
from helpers.figures.rows import records
from helpers.text import escaped, first, items, labelled_works, shown_citation, text


def _rings(extent: str) -> tuple[list, list]:
    """Land rings and hole rings (lakes, inland seas) as x/y lists separated by None."""
    land: tuple[list, list] = ([], [])
    holes: tuple[list, list] = ([], [])
    for feature in data.outline(extent)["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for i, ring in enumerate(polygon):
                xs, ys = land if i == 0 else holes
                xs.extend([p[0] for p in ring] + [None])
                ys.extend([p[1] for p in ring] + [None])
    return land, holes


def pick_extent(lons: Sequence[float], lats: Sequence[float]) -> str:
    """The smallest shipped extent that holds every point."""
    for extent in data.EXTENTS:
        x0, y0, x1, y1 = data.outline(extent)["bbox"]
        if all(x0 <= x <= x1 for x in lons) and all(y0 <= y <= y1 for y in lats):
            return extent
    return data.EXTENTS[-1]


def view_box(extent: str, lons: Sequence[float], lats: Sequence[float], pad: float = 1.2) -> tuple:
    """The part of an extent a map shows: the points' box with a margin (at least 6 x 4 degrees),
    so that a few close places are drawn large enough for their labels; the whole extent at most."""
    x0, y0, x1, y1 = data.outline(extent)["bbox"]
    if not lons:
        return x0, y0, x1, y1
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_w = max((max(lons) - min(lons)) / 2 + pad, 3.0)
    half_h = max((max(lats) - min(lats)) / 2 + pad, 2.0)
    return max(x0, cx - half_w), max(y0, cy - half_h), min(x1, cx + half_w), min(y1, cy + half_h)


def base_map(extent: str, title: str, alt: str, box: tuple | None = None) -> Figure:
    """A figure with the land outline of one extent (shown within `box`), lon/lat axes."""
    (lx, ly), (hx, hy) = _rings(extent)
    x0, y0, x1, y1 = box or data.outline(extent)["bbox"]
    fig = Figure()
    layers = ((lx, ly, palette.LAND, "land (Natural Earth)"), (hx, hy, palette.SEA, "inland water"))
    for xs, ys, colour, name in layers:
        if xs:
            fig.add_trace(
                scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill="toself",
                    fillcolor=colour,
                    line={"color": palette.GREY, "width": 1},
                    name=name,
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    mid = math.cos(math.radians((y0 + y1) / 2))
    layout = palette.base_layout(title, height=640, alt=alt)
    layout.update(
        plot_bgcolor=palette.SEA,
        xaxis={
            "title": {"text": "Longitude (° east)"},
            "range": [x0, x1],
            "showgrid": False,
            "constrain": "domain",
        },
        yaxis={
            "title": {"text": "Latitude (° north)"},
            "range": [y0, y1],
            "showgrid": False,
            "scaleanchor": "x",
            "scaleratio": 1 / mid,
            "constrain": "domain",
        },
        legend={"orientation": "h", "y": -0.12, "x": 0, "font": {"size": palette.FONT_SIZE - 2}},
    )
    return fig.update_layout(layout)


def place_label(article: object, standard: object) -> str:
    """A place's label: the article's (first) spelling, else the standard name."""
    return first(article) or first(standard)


def place_labels(frame: pd.DataFrame) -> list[str]:
    """The label of each place: the article's (first) spelling, else the standard name."""
    return [
        place_label(a, s)
        for a, s in zip(frame["name_article"], frame["name_standard"], strict=True)
    ]


POSITIONS = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
PLOT_PX = (1000.0, 430.0)  # the plot area of a map projected at 1280x800, in pixels (about)
LABEL_PX = palette.FONT_SIZE - 4  # the labels' font size


def pixels_per_degree(box: tuple) -> tuple[float, float]:
    """About how many pixels one degree of longitude and of latitude takes on a map of this box."""
    x0, y0, x1, y1 = box
    mid = math.cos(math.radians((y0 + y1) / 2))
    px_x = min(PLOT_PX[0] / (x1 - x0), PLOT_PX[1] * mid / (y1 - y0))
    return px_x, px_x / mid


def label_box(x: float, y: float, label: str, pos: str) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) in pixels of a label at a point's position."""
    w, h, gap = 0.6 * LABEL_PX * len(label), 1.25 * LABEL_PX, 8.0
    vertical, horizontal = pos.split()
    left = {"center": x - w / 2, "right": x + gap, "left": x - gap - w}[horizontal]
    bottom = {"top": y + gap, "bottom": y - gap - h, "middle": y - h / 2}[vertical]
    return left, bottom, left + w, bottom + h


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two boxes (left, bottom, right, top) overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def covered(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The area two boxes share (0 when they do not overlap)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def covered_all(a: tuple[float, ...], boxes: list[tuple[float, float, float, float]]) -> float:
    """The areas box `a` shares with each of `boxes`, summed (covered's sum, in one loop)."""
    left, bottom, right, top = a
    total = 0.0
    for b_left, b_bottom, b_right, b_top in boxes:
        width = min(right, b_right) - max(left, b_left)
        if width > 0:
            total += width * max(0.0, min(top, b_top) - max(bottom, b_bottom))
    return total


def label_positions(
    lons: list[float], lats: list[float], labels: list[str] | None = None, box: tuple | None = None
) -> list[str]:
    """A text position for each point's label such that no label covers another label or a point
    (greedy, in the order given; where every position collides, the one that covers least)."""
    labels = labels or [""] * len(lons)
    px_x, px_y = pixels_per_degree(box or data.outline("caucasus")["bbox"])
    points = [(x * px_x, y * px_y) for x, y in zip(lons, lats, strict=True)]
    dots = [(x - 6, y - 6, x + 6, y + 6) for x, y in points]
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for i, ((x, y), label) in enumerate(zip(points, labels, strict=True)):
        around = placed + [d for j, d in enumerate(dots) if j != i]
        boxes = {p: label_box(x, y, label, p) for p in POSITIONS}  # each box once, not once a rival
        pos = min(POSITIONS, key=lambda p: covered_all(boxes[p], around))
        placed.append(boxes[pos])
        out.append(pos)
    return out


def _events_by_place(events: pd.DataFrame | None) -> dict[str, list[str]]:
    """Each place's events, in date order, with the date as printed and the article's citation; an
    article event whose place comes from the fact sheet (place_items) says so, with its label and works,
    and one whose printed date the fact sheet calls an error gives its outside note, works and label."""
    found: dict[str, list[str]] = {}
    if events is None:
        return found
    rows = records(events)
    if "date_start" in events.columns:  # as sort_values(kind="stable", na_position="last")
        rows.sort(
            key=lambda ev: (True, 0) if pd.isna(ev["date_start"]) else (False, ev["date_start"])
        )
    for ev in rows:
        pid = text(ev.get("place_id"))
        if pid and not text(ev.get("same_as")):
            if text(ev.get("origin")) == "outside":
                when = "beyond the article"
            else:
                cite = shown_citation(ev)
                cite = cite[1:-1] if cite.startswith("(") and cite.endswith(")") else cite
                when = text(ev.get("date_printed"))
                when += f"; {cite}" if cite else "; no citation"
                if (
                    text(ev.get("calendar_printed")) == "error"
                ):  # the verdict and the date, on whose word
                    works = labelled_works(ev.get("outside_works"), ev.get("outside_confidence"))
                    when += f"; beyond the article, {text(ev.get('outside_note'))} ({works})"
                if text(ev.get("place_confidence")) or text(ev.get("place_works")):
                    label = labelled_works(ev.get("place_works"), ev.get("place_confidence"))
                    when += f"; the place: beyond the article, {label}"
            found.setdefault(pid, []).append(escaped(f"• {text(ev.get('title'))} ({when})"))
    return found


def place_map(
    places: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    extent: str | None = None,
    title: str | None = None,
) -> Figure:
    """The places (with their events, when given) on a shipped outline map; works offline. An
    event's place given beyond the article shows its works as the data layer rendered them
    (`place_works`): a view is handed its data and reads no table itself."""
    by_place = _events_by_place(events)
    located = [p for p in records(places) if pd.notna(p["lat"]) and pd.notna(p["lon"])]
    if events is not None:
        located = [p for p in located if p["place_id"] in by_place]
    lons = [float(p["lon"]) for p in located]
    lats = [float(p["lat"]) for p in located]
    extent = extent or pick_extent(lons, lats)
    names = [place_label(p["name_article"], p["name_standard"]) for p in located]
    hovers = []
    for place, name in zip(located, names, strict=True):
        pid = place["place_id"]
        others = items(place.get("name_article")) + items(place.get("name_standard"))
        others += items(place.get("variants"))
        others = [n for n in dict.fromkeys(others) if n != name]
        lines = [f"<b>{escaped(name)}</b>" + (f" ({escaped(', '.join(others))})" if others else "")]
        lines += by_place.get(text(pid), [])
        hovers.append("<br>".join(lines))
    counts = [len(by_place.get(text(p["place_id"]), [])) for p in located]
    shown = ", ".join(names[:12]) + (" and others" if len(names) > 12 else "")
    alt = f"Map of {len(names)} places on an outline of the {extent} region: {shown}."
    if events is not None:
        alt += f" {sum(counts)} events; marker size grows with the number of events at a place."
    box = view_box(extent, lons, lats)
    fig = base_map(extent, title or "Where it happened", alt, box)
    sizes = [14 + 4 * min(c, 6) for c in counts] if events is not None else 14
    fig.add_trace(
        scatter(
            x=lons,
            y=lats,
            mode="markers+text",
            text=names,
            textposition=label_positions(lons, lats, names, box),
            textfont={"size": palette.FONT_SIZE - 4},
            marker={
                "size": sizes,
                "color": palette.ROLE_COLOUR["place"],
                "line": {"width": 1, "color": "#fff"},
            },
            hovertext=hovers,
            hoverinfo="text",
            customdata=[p["place_id"] for p in located],
            name="place" if events is None else "place (size: number of events)",
        )
    )
    return fig


def route_map(
    places: pd.DataFrame,
    route_ids: Sequence[str],
    *,
    title: str | None = None,
    extent: str | None = None,
) -> Figure:
    """Places joined in order (e.g. Batumi → Ganja → Baku) on a shipped outline map; a sequence, not a route."""
    table = places.set_index("place_id", drop=False)
    missing = [p for p in route_ids if p not in table.index]
    if missing:
        raise KeyError(f"no place with id {missing}; add it to places.csv or fix the id")
    stops = table.loc[list(route_ids)]
    lons = [float(v) for v in stops["lon"]]
    lats = [float(v) for v in stops["lat"]]
    names = place_labels(stops)
    extent = extent or pick_extent(lons, lats)
    path = " → ".join(names)
    box = view_box(extent, lons, lats)
    fig = base_map(
        extent, title or f"Places in order: {path}", f"Map of places, in order: {path}.", box
    )
    fig.add_trace(
        scatter(
            x=lons,
            y=lats,
            mode="lines+markers+text",
            text=[f"{i}. {n}" for i, n in enumerate(names, start=1)],
            textposition=label_positions(
                lons, lats, [f"{i}. {n}" for i, n in enumerate(names, start=1)], box
            ),
            textfont={"size": palette.FONT_SIZE - 4},
            line={"color": palette.ROLE_COLOUR["route"], "width": 4, "dash": "dash"},
            marker={"size": 16, "color": palette.ROLE_COLOUR["route"], "symbol": "circle"},
            name="places, in order",
            hoverinfo="text",
            hovertext=names,
        )
    )
    for (ax, ay), (bx, by) in zip(
        zip(lons, lats, strict=True), zip(lons[1:], lats[1:], strict=True), strict=False
    ):
        fig.add_annotation(
            x=bx,
            y=by,
            ax=ax,
            ay=ay,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.5,
            standoff=12,
            startstandoff=12,
            arrowcolor=palette.ROLE_COLOUR["route"],
            text="",
        )
    return fig
