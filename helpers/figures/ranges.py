"""Contested numbers: the article's figure beside the range other scholarship gives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from helpers.figures import palette
from helpers.figures.plotly_json import Figure, Props, axis_ids, row_suffix, scatter, stacked_axes
from helpers.figures.rows import records
from helpers.text import after_text, number, shown_citation, text, works, wrapped

ARTICLE, ELSEWHERE = "the article", "other scholarship"


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _range_trace(lo: float, hi: float, who: str, name: str, hover: str, row: int) -> Props:
    colour = palette.ROLE_COLOUR["article" if who == ARTICLE else "outside"]
    return scatter(
        **axis_ids(row),
        x=[lo, hi],
        y=[who, who],
        mode="lines+markers+text",
        line={"color": colour, "width": 10},
        marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": colour}},
        text=[f"{number(lo)} to {number(hi)}" if lo != hi else number(lo), ""],
        textposition="top right" if who == ELSEWHERE else "bottom right",
        name=name,
        hovertext=hover,
        hoverinfo="text",
    )


def contested_range(
    figures: pd.DataFrame,
    figure_id: str | Sequence[str],
    *,
    sources: pd.DataFrame | None = None,
    title: str | None = None,
) -> Figure:
    """The article's number (or range) beside the range other scholarship gives, sources labelled."""
    ids = [figure_id] if isinstance(figure_id, str) else list(figure_id)
    table = {row["figure_id"]: row for row in records(figures)}  # a row a figure, as a dict
    missing = [i for i in ids if i not in table]
    if missing:
        raise KeyError(f"no figure with id {missing}; known ids: {', '.join(table)}")
    fig = Figure(layout=stacked_axes(len(ids), spacing=0.45 / max(1, len(ids))))
    alts: list[str] = []
    for n, fid in enumerate(ids, start=1):
        row = table[fid]
        prefix = f"{text(row['label'])}: " if len(ids) > 1 else ""
        highest: list[float] = []
        for part in (_elsewhere, _article):
            traces, said, top = part(row, n, prefix, sources)
            for trace in traces:
                fig.add_trace(trace)
            alts += said
            highest += [] if top is None else [top]
        fig.update_layout(_axes(row, n, max(highest, default=1.0)))
    # the legend (one entry a trace) is the tall part of a many-figure chart: each chart adds its rows
    height = 220 + 190 * len(ids) + 24 * len(fig.data)
    alt = "; ".join(alts) + "."
    fig.update_layout(**palette.base_layout(_title(table, ids, title), height=height, alt=alt))
    return fig.update_layout(
        legend={"orientation": "h", "y": -0.25 / len(ids), "yanchor": "top", "x": 0},
        margin={"t": 100, "r": 60},
    )


Row = dict[str, Any]  # a row of data/figures.csv (records())
Part = tuple[list[Props], list[str], float | None]  # traces, sentences of the text alternative, top


def _elsewhere(row: Row, n: int, prefix: str, sources: pd.DataFrame | None) -> Part:
    """Other scholarship's range (and its most common estimate), cited by its works."""
    label, unit = text(row["label"]), text(row["unit"])
    lo, hi = _num(row.get("outside_low")), _num(row.get("outside_high"))
    most = _num(row.get("outside_value"))
    conf = text(row.get("outside_confidence"))
    if lo is None or hi is None:
        said = f"{label}: no other published range found" + (f" ({conf})" if conf else "")
        return [], [said], _top(hi, lo, most)
    src = works(row.get("outside_source"), sources, conf)
    name = f"{ELSEWHERE}: {src}" + (f" ({conf})" if conf else "")
    hover = wrapped(text(row.get("outside_note")) or src)
    traces = [_range_trace(lo, hi, ELSEWHERE, prefix + name, hover, n)]
    said = [
        f"{label}: other scholarship gives "
        + (f"{number(lo)} to {number(hi)}" if lo != hi else number(lo))
        + f" {unit} ({src}; confidence: {conf or 'not stated'})"
    ]
    if most is not None:
        traces.append(
            _point(
                n,
                most,
                ELSEWHERE,
                ("square", 18, "outside"),
                f"most estimates: about {number(most)}",
                f"{prefix}{ELSEWHERE}: most estimates",
                hover,
            )
        )
        said.append(f"most estimates give about {number(most)} {unit}")
    return traces, said, _top(hi, lo, most)


def _point(
    n: int, x: float, who: str, mark: tuple[str, int, str], label: str, name: str, hover: str
) -> Props:
    """One labelled marker on a row of the chart: (symbol, size, palette role) and its hover."""
    symbol, size, role = mark
    return scatter(
        **axis_ids(n),
        x=[x],
        y=[who],
        mode="markers+text",
        marker={"symbol": symbol, "size": size, "color": palette.ROLE_COLOUR[role]},
        text=[label],
        textposition="bottom center",
        name=name,
        hovertext=hover,
        hoverinfo="text",
    )


def _article(row: Row, n: int, prefix: str, sources: pd.DataFrame | None) -> Part:
    """The article's range and its figure, in its own hedged words with its citation as printed."""
    label, unit = text(row["label"]), text(row["unit"])
    value, a_lo, a_hi = _num(row["value"]), _num(row["value_low"]), _num(row["value_high"])
    wording = text(row["wording"])
    hedge = re.search(r"\b(about|more than|nearly|almost|over) (?=\d)", wording)
    about = hedge[0] if hedge else ""  # "about 12,000", "more than 300": as the article words it
    cited = after_text(shown_citation(row))
    said_by = (f"“{wording}”" + cited) if wording else ""
    traces: list[Props] = []
    said: list[str] = []
    if a_lo is not None and a_hi is not None and a_lo != a_hi:
        traces.append(_range_trace(a_lo, a_hi, ARTICLE, f"{prefix}{ARTICLE}{cited}", said_by, n))
        said.append(f"the article says {number(a_lo)} to {number(a_hi)} {unit}" + _status(cited))
    if value is None and a_lo is None:
        said.append(f"{label}: the article gives no number")
    if value is not None:
        traces.append(
            _point(
                n,
                value,
                ARTICLE,
                ("diamond", 20, "article"),
                f"{about}{number(value)}{cited}",
                f"{prefix}{ARTICLE}'s figure{cited}",
                said_by,
            )
        )
        said.append(f"the article says {about}{number(value)} {unit}" + _status(cited))
    return traces, said, _top(value, a_hi, a_lo)


def _status(cited: str) -> str:
    """The citation status a figure's description gives each of the article's numbers (range or point)."""
    return cited or " (it prints no reference for this sentence)"


def _top(*values: float | None) -> float | None:
    """The largest of the numbers given (None if there is none)."""
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _axes(row: Row, n: int, top: float) -> dict[str, Props]:
    """One chart's axes: the number from 0 to a third past the largest, the two voices in order."""
    label, unit = text(row["label"]), text(row["unit"])
    suffix = row_suffix(n)
    return {
        f"xaxis{suffix}": {"title": {"text": f"{label} ({unit})"}, "range": [0, top * 1.35]},
        f"yaxis{suffix}": {
            "title": {"text": "who says it"},
            "categoryorder": "array",
            "categoryarray": [ELSEWHERE, ARTICLE],
        },
    }


def _title(table: dict[str, Row], ids: list[str], title: str | None) -> str:
    """The title given, or one from the figures: their labels, or the one figure's wording."""
    if title is not None:
        return title
    if len(ids) > 2:
        return "What the article says and what other scholarship gives"
    if len(ids) == 2:
        return (
            " and ".join(text(table[i]["label"]) for i in ids)
            + "<br><sup>What the article says and what other scholarship gives</sup>"
        )
    row = table[ids[0]]
    cited, wording = after_text(shown_citation(row)), text(row["wording"])
    if wording:
        return (
            f"{text(row['label'])}: the article beside other scholarship<br><sup>The article: "
            f"“{wording}”" + cited + "</sup>"
        )
    return (
        f"{text(row['label'])}: what other scholarship gives<br><sup>Beyond the article: "
        "the article does not mention it</sup>"
    )
