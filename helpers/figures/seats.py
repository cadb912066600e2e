"""Votes and seats: vote bars, the hemicycle (parliament) chart and the seat table shown by widgets."""

from __future__ import annotations

import math

import pandas as pd

from helpers.figures import palette
from helpers.figures.plotly_json import Figure, bar, scatter
from helpers.figures.rows import records
from helpers.text import counts_source, escaped, text

LABEL_COLUMNS = ("name_printed", "list_name", "name_article", "party_id")


def _labels(frame: pd.DataFrame, label_col: str | None) -> list[str]:
    col = label_col or next(c for c in LABEL_COLUMNS if c in frame.columns)
    return [text(v) or text(p) for v, p in zip(frame[col], frame["party_id"], strict=True)]


def _colours(frame: pd.DataFrame, parties: pd.DataFrame | None) -> list[str]:
    if parties is not None:
        known = palette.party_colours(parties)
        return [known.get(text(p), palette.GREY) for p in frame["party_id"]]
    if "colour" in frame.columns:
        return [text(c) or palette.GREY for c in frame["colour"]]
    return palette.cycle(len(frame))


def aggregate_mask(frame: pd.DataFrame) -> pd.Series:
    """True for rows that lump several lists together (the `aggregate` column, when there is one)."""
    if "aggregate" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["aggregate"].fillna(False).astype(bool)


def vote_bars(
    elections: pd.DataFrame,
    *,
    parties: pd.DataFrame | None = None,
    votes_col: str = "votes",
    label_col: str | None = None,
    title: str = "Constituent Assembly vote in Transcaucasia, November 1917, by list",
    sources: pd.DataFrame | None = None,
) -> Figure:
    """Votes per list as horizontal bars (largest on top), with each list's share; the caption says
    where the counts come from, with the label and works of the items each row names."""
    table = elections[elections[votes_col].notna()].sort_values(votes_col, ascending=False)
    lumped = aggregate_mask(table).tolist()
    # lumped-together lists go last: one take, in the order a concat of the two parts gave
    table = table.take(
        [i for i, m in enumerate(lumped) if not m] + [i for i, m in enumerate(lumped) if m]
    )
    lumped = aggregate_mask(table)
    votes = [int(v) for v in table[votes_col]]
    total = sum(votes)
    labels = _labels(table, label_col)
    colours = [
        palette.GREY if agg else c for agg, c in zip(lumped, _colours(table, parties), strict=True)
    ]
    fig = Figure(
        [
            bar(
                x=votes,
                y=labels,
                orientation="h",
                marker={
                    "color": colours,
                    "line": {"color": "#333333", "width": 1},
                    "pattern": {"shape": ["/" if agg else "" for agg in lumped]},
                },
                text=[f"{v:,} ({100 * v / total:.1f}%)" for v in votes],
                textposition="outside",
                cliponaxis=False,
                name="votes",
                hovertemplate="%{y}: %{x:,} votes<extra></extra>",
            )
        ]
    )
    top = ", ".join(f"{lab} {v:,}" for lab, v in list(zip(labels, votes, strict=True))[:3])
    alt = (
        f"Bar chart of votes for {len(votes)} lists, {total:,} in all; largest: {top}. "
        f"Source of the counts: {counts_caption(table, labels, sources)}."
    )
    fig.update_layout(
        **palette.base_layout(title, height=140 + 48 * len(votes), alt=alt),
        xaxis={"title": {"text": "Votes (share of the votes counted here)"}, "tickformat": ","},
        yaxis={"title": {"text": "List"}, "autorange": "reversed"},
        showlegend=False,
    )
    return fig.update_layout(margin={"r": 140})


def counts_caption(table: pd.DataFrame, labels: list[str], sources: pd.DataFrame | None) -> str:
    """Where the drawn counts come from: rows that say the same are named together, in order."""
    said: dict[str, list[str]] = {}
    for row, label in zip(records(table), labels, strict=True):
        votes_part = {k: v for k, v in row.items() if not k.startswith("votes_alt")}
        said.setdefault(counts_source(votes_part, sources) or "not given", []).append(label)
    if len(said) == 1:
        return next(iter(said))
    named = (
        f"{len(names)} lists" if len(names) > 2 else " and ".join(names) for names in said.values()
    )
    return "; ".join(f"{who}: {where}" for who, where in zip(named, said, strict=True))


def seat_positions(n: int) -> list[tuple[float, float]]:
    """x, y of n seats on concentric half circles, ordered left to right."""
    if n <= 0:
        return []
    rows = max(1, round(math.sqrt(n / 2.2)))
    radii = [1.0] if rows == 1 else [0.45 + 0.55 * i / (rows - 1) for i in range(rows)]
    weights = [r / sum(radii) * n for r in radii]
    counts = [math.floor(w) for w in weights]
    for i in sorted(range(rows), key=lambda i: (counts[i] - weights[i], -i))[: n - sum(counts)]:
        counts[i] += 1
    seats = []
    for r, k in zip(radii, counts, strict=True):
        for j in range(k):
            angle = math.pi * (1 - (j / (k - 1) if k > 1 else 0.5))
            seats.append((angle, r))
    seats.sort(key=lambda s: (-round(s[0], 9), s[1]))
    return [(r * math.cos(a), r * math.sin(a)) for a, r in seats]


def hemicycle(
    seats_df: pd.DataFrame,
    *,
    seats_col: str,
    title: str,
    parties: pd.DataFrame | None = None,
    label_col: str | None = None,
) -> Figure:
    """A parliament chart: one dot per seat, parties left to right in table order."""
    table = seats_df[seats_df[seats_col].fillna(0).astype(int) > 0]
    counts = [int(v) for v in table[seats_col]]
    labels = _labels(table, label_col)
    colours = _colours(table, parties)
    positions = seat_positions(sum(counts))
    fig = Figure()
    start = 0
    for label, colour, k in zip(labels, colours, counts, strict=True):
        xs, ys = zip(*positions[start : start + k], strict=True)
        start += k
        fig.add_trace(
            scatter(
                x=list(xs),
                y=list(ys),
                mode="markers",
                name=f"{label}: {k}",
                marker={
                    "size": 17 if len(positions) <= 40 else 12,
                    "color": colour,
                    "line": {"width": 1},
                },
                hovertemplate=f"{label}: {k} seats<extra></extra>",
            )
        )
    total = sum(counts)
    listing = ", ".join(f"{lab} {k}" for lab, k in zip(labels, counts, strict=True))
    alt = f"Hemicycle of {total} seats: {listing}."
    fig.add_annotation(
        x=0, y=0.05, text=f"<b>{total}</b><br>seats", showarrow=False, font={"size": 22}
    )
    layout = palette.base_layout(title, height=520, alt=alt)
    layout.update(
        xaxis={"visible": False, "range": [-1.1, 1.1], "title": {"text": "seats, left to right"}},
        yaxis={
            "visible": False,
            "range": [-0.08, 1.1],
            "scaleanchor": "x",
            "title": {"text": "seats"},
        },
        # Beside the seats, never over them: a legend hung below a hemicycle was drawn over its
        # bottom row (8 of the article's 36 seats at 1280x720; the margin it should push is
        # shared with the round plot's scale). Outside on the right it pushes the right margin.
        legend={
            "orientation": "v",
            "yanchor": "middle",
            "y": 0.5,
            "xanchor": "left",
            "x": 1.02,
            "font": {"size": palette.FONT_SIZE - 2},
        },
    )
    return fig.update_layout(layout)


def seat_table_html(labels: list[str], votes: list[int], seats: list[int], caption: str) -> str:
    """An accessible HTML table of lists, votes and seats (with a total row)."""
    head = "<tr><th scope='col'>List</th><th scope='col'>Votes</th><th scope='col'>Seats</th></tr>"
    body = "".join(
        f"<tr><th scope='row' style='text-align:left'>{escaped(lab)}</th>"
        f"<td style='text-align:right'>{v:,}</td><td style='text-align:right'>{s}</td></tr>"
        for lab, v, s in zip(labels, votes, seats, strict=True)
    )
    foot = (
        f"<tr><th scope='row' style='text-align:left'>Total</th>"
        f"<td style='text-align:right'>{sum(votes):,}</td>"
        f"<td style='text-align:right'><b>{sum(seats)}</b></td></tr>"
    )
    return (
        f"<table style='font-size:18px;border-collapse:collapse'><caption>{escaped(caption)}"
        f"</caption>{head}{body}{foot}</table>"
    )
