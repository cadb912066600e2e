"""Hovers a class can read (issue 28): in every figure the notebooks store, each trace's hover label
text has a contrast of at least 4.5:1 (WCAG AA) on its background, computed from the figure's JSON as
plotly.js resolves it (the trace's hoverlabel, else the layout's, else the marker colour and plotly's
own black or white text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.figures import palette

NOTEBOOKS = sorted(
    (Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb")
)
PLOTLY = "application/vnd.plotly.v1+json"
AA = 4.5


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour.lstrip("#")[k : k + 2], 16) / 255 for k in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def plotly_text_on(background: str) -> str:
    """The text colour plotly.js picks on a hover background it was not told a font colour for
    (Color.contrast: black on a light background, white on a dark one)."""
    return "#444444" if luminance(background) > 0.5 else "#FFFFFF"  # tinycolor isLight ~ brightness


def hover_pairs(figure: dict) -> list[tuple[str, str, str]]:
    """(trace name, text colour, background) of each trace's hover label."""
    layout = figure.get("layout", {}).get("hoverlabel", {})
    pairs = []
    for trace in figure.get("data", []):
        own = trace.get("hoverlabel", {})
        marker = trace.get("marker", {}).get("color")
        background = own.get("bgcolor") or layout.get("bgcolor") or marker
        if not isinstance(background, str) or not background.startswith("#"):
            continue  # a colour per point or none: plotly's grey default
        text = own.get("font", {}).get("color") or layout.get("font", {}).get("color")
        pairs.append((str(trace.get("name")), text or plotly_text_on(background), background))
    return pairs


def stored_figures(path: Path):
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if PLOTLY in output.get("data", {}):
                yield cell["id"], output["data"][PLOTLY]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_hover_text_contrast(path: Path) -> None:
    low = [
        f"{cell} {name}: {text} on {background} is {contrast(text, background):.1f}:1"
        for cell, figure in stored_figures(path)
        for name, text, background in hover_pairs(figure)
        if contrast(text, background) < AA
    ]
    assert not low, "\n".join(low)


def test_the_contested_hover_passes_and_the_old_one_did_not() -> None:
    """The contested points' hover (vermillion) is legible now; white on it, as before, was not."""
    vermillion = palette.ROLE_COLOUR["contested"]
    assert contrast("#FFFFFF", vermillion) < AA  # the 3.9:1
    assert contrast(palette.HOVER_TEXT, palette.HOVER_BACKGROUND) >= AA
    figure = {
        "layout": {
            "hoverlabel": {
                "bgcolor": palette.HOVER_BACKGROUND,
                "font": {"color": palette.HOVER_TEXT},
            }
        },
        "data": [{"name": "contested", "marker": {"color": vermillion}}],
    }
    assert all(contrast(t, b) >= AA for _, t, b in hover_pairs(figure))
    print(
        f"\nwhite on {vermillion}: {contrast('#FFFFFF', vermillion):.2f}:1; "
        f"{palette.HOVER_TEXT} on {palette.HOVER_BACKGROUND}: "
        f"{contrast(palette.HOVER_TEXT, palette.HOVER_BACKGROUND):.2f}:1"
    )
