"""The one colour-blind-safe palette (Okabe-Ito) and the shared look of every figure."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour deficiency.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
COLOURS = [c for k, c in OKABE_ITO.items() if k != "black"]  # black only when these run out
GREY = "#777777"  # neutral: outlines, "other", missing data
LAND = "#EFEBE0"
SEA = "#DCEBF5"

# what each role in the figures is drawn with (colour and a distinct marker symbol)
ROLE_COLOUR = {
    "article": OKABE_ITO["blue"],
    "contested": OKABE_ITO["vermillion"],
    "outside": OKABE_ITO["bluish_green"],
    "range": OKABE_ITO["sky_blue"],
    "route": OKABE_ITO["vermillion"],
    "place": OKABE_ITO["blue"],
    "other": GREY,
}
ROLE_SYMBOL = {"article": "circle", "contested": "diamond", "outside": "square-open"}

FONT_SIZE = 18  # readable when projected in a classroom
FONT = {"family": "Arial, Helvetica, sans-serif", "size": FONT_SIZE, "color": "#111111"}
INK = "#242424"  # axis lines and ticks
AXIS = {
    "showline": True,
    "linecolor": INK,
    "ticks": "outside",
    "tickcolor": INK,
    "showgrid": False,
    "gridcolor": "#E8E8E8",
    "zeroline": False,
    "automargin": True,  # every axis makes room for its labels
    "title": {"standoff": 15},
}
# The look of every figure, as a plotly.js template (plotly.js applies `xaxis` to every x axis).
# Modelled on plotly's "simple_white", without its defaults for trace types the lessons never draw.
TEMPLATE = {
    "layout": {
        "colorway": COLOURS,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "xaxis": AXIS,
        "yaxis": AXIS,
    }
}


def cycle(n: int) -> list[str]:
    """n colours from the palette, black last (so it is used only when needed)."""
    order = [*COLOURS, OKABE_ITO["black"]]
    return [order[i % len(order)] for i in range(n)]


def party_colours(parties: pd.DataFrame, party_ids: Iterable[str] | None = None) -> dict[str, str]:
    """party_id -> colour from the parties table's `colour` column (grey when missing)."""
    known = {
        str(pid): str(col) if isinstance(col, str) and col.startswith("#") else GREY
        for pid, col in zip(parties["party_id"], parties["colour"], strict=True)
    }
    ids = list(known) if party_ids is None else [str(p) for p in party_ids]
    return {pid: known.get(pid, GREY) for pid in ids}


# Hovers: near-black text on white, whatever the trace's colour (white on vermillion was 3.9:1).
HOVER_BACKGROUND, HOVER_TEXT = "#FFFFFF", FONT["color"]


def base_layout(title: str, *, height: int = 560, alt: str = "") -> dict:
    """Layout every figure shares: a title (wrapped when shown: plotly_json.fit_texts), a large font, white background, legible hovers,
    the alt text in meta."""
    return {
        "title": {
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": FONT_SIZE + 4},
            "automargin": True,
        },
        "font": FONT,
        "height": height,
        "template": TEMPLATE,
        "margin": {"l": 20, "r": 20, "t": 70, "b": 60},
        "hoverlabel": {
            "bgcolor": HOVER_BACKGROUND,
            "font": {"size": FONT_SIZE - 2, "color": HOVER_TEXT},
        },
        "legend": {"font": {"size": FONT_SIZE - 2}},
        "meta": {"alt": alt},
    }
