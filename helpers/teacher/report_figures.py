"""The class report's figures: each question's outcomes as stacked bars (right at the first try, at
the second, not right, answer shown, not answered) and the learning objectives students met."""

from __future__ import annotations

import pandas as pd

from helpers.data.quiz_bank import Quiz
from helpers.figures import palette
from helpers.figures.plotly_json import Figure, bar
from helpers.teacher.reteach import MET

OUTCOMES = {  # outcome of a marked question -> label, colour
    "first": ("right at the first try", palette.OKABE_ITO["bluish_green"]),
    "second": ("right at the second try", palette.OKABE_ITO["sky_blue"]),
    "wrong": ("not right in two tries", palette.OKABE_ITO["vermillion"]),
    "shown": ("answer shown before a try", palette.OKABE_ITO["reddish_purple"]),
    "none": ("not answered", palette.GREY),
}


def shorten(text: str, width: int = 90) -> str:
    """A prompt cut at a word to about `width` characters, for a hover label."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def question_figure(table: pd.DataFrame, bank: Quiz) -> Figure:
    """Per marked question of one notebook: the share of hand-ins at each outcome (stacked bars)."""
    marked = table[(table.notebook == bank.notebook) & (table.type != "written")]
    ids = [q.id for q in bank.questions if q.type != "written"]
    n = marked.student.nunique()
    prompts = [shorten(bank.question(qid).prompt) for qid in ids]
    shares = {
        key: [
            float((marked[marked.question == qid].outcome == key).mean() * 100) if n else 0.0
            for qid in ids
        ]
        for key in OUTCOMES
    }
    fig = Figure(
        layout=palette.base_layout(
            f"{bank.notebook}: how {n} student{'s' if n != 1 else ''} answered each question",
            height=140 + 42 * len(ids),
            alt=f"Stacked bars, one per question of {bank.notebook}, share of {n} hand-ins: "
            + "; ".join(
                f"{qid} {shares['first'][k]:.0f}% right first try, "
                f"{shares['second'][k]:.0f}% at the second"
                for k, qid in enumerate(ids)
            ),
        )
    )
    for key, (label, colour) in OUTCOMES.items():
        fig.add_trace(
            bar(
                name=label,
                y=ids,
                x=shares[key],
                orientation="h",
                marker={"color": colour},
                customdata=prompts,
                hovertemplate="%{y}: %{x:.0f}% " + label + "<br>%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        xaxis={"title": {"text": "share of the class (%)"}, "range": [0, 100]},
        yaxis={"title": {"text": "question"}, "autorange": "reversed", "type": "category"},
        legend={"orientation": "h", "y": -0.25 if len(ids) > 3 else -0.6, "traceorder": "normal"},
    )
    return fig


def objective_figure(grid: pd.DataFrame) -> Figure:
    """A students x objectives heatmap of the share met, with the share of students who met each."""
    met = (grid >= MET - 1e-9).mean() * 100 if not grid.empty else pd.Series(dtype=float)
    labels = [f"{o} ({met[o]:.0f}% of students met it)" for o in grid.columns]
    values = grid.round(2).where(grid.notna(), None).values.tolist()
    fig = Figure(
        layout=palette.base_layout(
            "Learning objectives: share of each objective's questions right, per student",
            height=330 + 28 * len(grid.index),
            alt="Heatmap of students by objectives; students who met each objective (at least "
            f"{MET:.0%} of its questions right at the first try; written answers as marked): "
            + "; ".join(f"{o} {met[o]:.0f}%" for o in grid.columns),
        )
    )
    fig.add_trace(
        {
            "type": "heatmap",
            "z": values,
            "x": labels,
            "y": list(grid.index),
            "zmin": 0,
            "zmax": 1,
            "colorscale": [[0, "#FFFFFF"], [0.5, palette.OKABE_ITO["sky_blue"]], [1, "#0072B2"]],
            "text": [[("" if v is None else f"{v:.0%}") for v in row] for row in values],
            "texttemplate": "%{text}",
            "xgap": 1,
            "ygap": 1,
            "colorbar": {"title": {"text": "share"}, "tickformat": ".0%"},
            "hovertemplate": "%{y}, %{x}: %{z:.0%}<extra></extra>",
        }
    )
    fig.update_layout(
        margin={"l": 20, "r": 20, "t": 70, "b": 150},
        xaxis={"tickangle": -45, "type": "category", "showline": False},
        yaxis={"autorange": "reversed", "type": "category", "showline": False},
    )
    return fig
