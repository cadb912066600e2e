"""Contested numbers: the article's figure beside the range other scholarship gives."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from helpers.figures import palette
from helpers.figures.plotly_json import Figure, Props, axis_ids, row_suffix, scatter, stacked_axes
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
    table = figures.set_index("figure_id", drop=False)
    missing = [i for i in ids if i not in table.index]
    if missing:
        raise KeyError(f"no figure with id {missing}; known ids: {', '.join(table.index)}")
    fig = Figure(layout=stacked_axes(len(ids), spacing=0.45 / max(1, len(ids))))
    alts = []
    for n, fid in enumerate(ids, start=1):
        row = table.loc[fid]
        label, unit, cite = text(row["label"]), text(row["unit"]), after_text(shown_citation(row))
        value, a_lo, a_hi = _num(row["value"]), _num(row["value_low"]), _num(row["value_high"])
        lo, hi = _num(row.get("outside_low")), _num(row.get("outside_high"))
        most = _num(row.get("outside_value"))
        wording = text(row["wording"])
        hedge = re.search(r"\b(about|more than|nearly|almost|over) (?=\d)", wording)
        about = (
            hedge[0] if hedge else ""
        )  # "about 12,000", "more than 300": as the article words it
        said = (f"“{wording}”" + cite) if wording else ""
        prefix = f"{label}: " if len(ids) > 1 else ""
        if lo is not None and hi is not None:
            conf = text(row.get("outside_confidence"))
            src = works(row.get("outside_source"), sources, conf)
            name = f"{ELSEWHERE}: {src}" + (f" ({conf})" if conf else "")
            hover = wrapped(text(row.get("outside_note")) or src)
            fig.add_trace(_range_trace(lo, hi, ELSEWHERE, prefix + name, hover, n))
            alts.append(
                f"{label}: other scholarship gives "
                + (f"{number(lo)} to {number(hi)}" if lo != hi else number(lo))
                + f" {unit} "
                f"({src}; confidence: {conf or 'not stated'})"
            )
            if most is not None:
                fig.add_trace(
                    scatter(
                        **axis_ids(n),
                        x=[most],
                        y=[ELSEWHERE],
                        mode="markers+text",
                        marker={
                            "symbol": "square",
                            "size": 18,
                            "color": palette.ROLE_COLOUR["outside"],
                        },
                        text=[f"most estimates: about {number(most)}"],
                        textposition="bottom center",
                        name=f"{prefix}{ELSEWHERE}: most estimates",
                        hovertext=hover,
                        hoverinfo="text",
                    )
                )
                alts.append(f"most estimates give about {number(most)} {unit}")
        else:
            alts.append(f"{label}: no other published range found")
        if a_lo is not None and a_hi is not None and a_lo != a_hi:
            name = f"{ARTICLE}" + cite
            fig.add_trace(_range_trace(a_lo, a_hi, ARTICLE, prefix + name, said, n))
            alts.append(f"the article says {number(a_lo)} to {number(a_hi)} {unit}")
        if value is None and a_lo is None:
            alts.append(f"{label}: the article gives no number")
        if value is not None:
            fig.add_trace(
                scatter(
                    **axis_ids(n),
                    x=[value],
                    y=[ARTICLE],
                    mode="markers+text",
                    marker={
                        "symbol": "diamond",
                        "size": 20,
                        "color": palette.ROLE_COLOUR["article"],
                    },
                    text=[f"{about}{number(value)}" + cite],
                    textposition="bottom center",
                    name=f"{prefix}{ARTICLE}'s figure" + cite,
                    hovertext=said,
                    hoverinfo="text",
                )
            )
            alts.append(
                f"the article says {about}{number(value)} {unit}"
                + (cite or " (it prints no reference for this sentence)")
            )
        top = max([v for v in (value, a_hi, hi, lo, a_lo, most) if v is not None] or [1.0])
        suffix = row_suffix(n)
        fig.update_layout(
            {
                f"xaxis{suffix}": {
                    "title": {"text": f"{label} ({unit})"},
                    "range": [0, top * 1.35],
                },
                f"yaxis{suffix}": {
                    "title": {"text": "who says it"},
                    "categoryorder": "array",
                    "categoryarray": [ELSEWHERE, ARTICLE],
                },
            }
        )
    if title is None and len(ids) > 2:
        title = "What the article says and what other scholarship gives"
    elif title is None and len(ids) == 2:
        title = (
            " and ".join(text(table.loc[i, "label"]) for i in ids)
            + "<br><sup>What the article says and what other scholarship gives</sup>"
        )
    elif title is None:
        row = table.loc[ids[0]]
        cite, wording = after_text(shown_citation(row)), text(row["wording"])
        if wording:
            title = (
                f"{text(row['label'])}: the article beside other scholarship<br><sup>The article: "
                f"“{wording}”" + cite + "</sup>"
            )
        else:
            title = (
                f"{text(row['label'])}: what other scholarship gives<br><sup>Beyond the article: "
                "the article does not mention it</sup>"
            )
    alt = "; ".join(alts) + "."
    # the legend (one entry a trace) is the tall part of a many-figure chart: at most MAX_IDS charts
    height = 220 + 190 * len(ids) + 24 * len(fig.data)
    fig.update_layout(**palette.base_layout(title, height=height, alt=alt))
    return fig.update_layout(
        legend={"orientation": "h", "y": -0.25 / len(ids), "yanchor": "top", "x": 0},
        margin={"t": 100, "r": 60},
    )
