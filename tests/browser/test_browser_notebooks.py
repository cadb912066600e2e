"""Every notebook runs clean in JupyterLab: no errors, figures and widgets render, nothing online."""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_driver import (
    Lab,
    describe,
    notebook_screenshot,
    off_host,
    output_errors,
    run_axe,
    stored_outputs,
    wait_widgets_settled,
    widget_failures,
)
from playwright.sync_api import Page, expect

from conftest import Ran

pytestmark = pytest.mark.browser
PLOTLY = "application/vnd.plotly.v1+json"
WIDGET = "application/vnd.jupyter.widget-view+json"
OUTPUT_SCOPE = [".jp-OutputArea", ".jp-RenderedMarkdown"]


def test_notebook_runs_clean(ran: Ran, lab: Lab, screenshots: Path) -> None:
    """Restart and run all: no error output, plotly figures and widgets render, no off-host request."""
    name, page = ran.name, ran.page
    ran.at_viewport()
    errors = output_errors(page)
    assert not errors, f"{name}: error output after Run All:\n" + "\n---\n".join(errors)
    stored = stored_outputs(lab.root / name)
    if stored.get(PLOTLY):
        figures = page.locator(".jp-Notebook .js-plotly-plot .main-svg")
        expect(figures.first).to_be_visible()
        drawn = page.locator(".jp-Notebook .js-plotly-plot").count()
        assert drawn >= stored[PLOTLY], f"{name}: {drawn} of {stored[PLOTLY]} plotly figures drawn"
    if stored.get(WIDGET):
        views = page.locator(".jp-Notebook .jp-OutputArea-output .jupyter-widgets")
        expect(views.first).to_be_visible()
    wait_widgets_settled(page)
    failures = widget_failures(page)
    assert not failures, f"{name}: widgets did not render:\n" + "\n---\n".join(failures)
    tall = figures_taller_than(page, MAX_FIGURE_PX)
    assert not tall, f"{name}: figures taller than {MAX_FIGURE_PX} px (a projected screen): {tall}"
    shot = screenshots / name.replace(".ipynb", ".png")
    notebook_screenshot(page, shot)
    print(f"\nscreenshot: {shot}")
    away = off_host(ran.requests)
    assert not away, f"{name}: requests left the machine:\n" + "\n".join(away)


MAX_FIGURE_PX = 1_200


def figures_taller_than(page: Page, limit: int) -> list[str]:
    """The title and height of every drawn plotly figure taller than `limit` pixels."""
    found = page.locator(".jp-Notebook .js-plotly-plot").evaluate_all(
        """(plots, limit) => plots
            .map(p => [p.querySelector('.gtitle')?.textContent || '(untitled)',
                       p.getBoundingClientRect().height])
            .filter(([, h]) => h > limit)
            .map(([t, h]) => `${t}: ${Math.round(h)} px`)""",
        limit,
    )
    return list(found)


def test_notebook_before_running_at_1280x800(ran: Ran) -> None:
    """Opened as a class sees it projected, before any cell runs: no widget shows a Python repr
    (a short 'Run this cell …' line instead); the screenshot of that view is saved."""
    assert not ran.reprs_before, (
        f"{ran.name}: a widget cell not yet run shows a Python repr: {ran.reprs_before}"
    )
    assert ran.shot_before.stat().st_size > 0
    print(f"\nscreenshot: {ran.shot_before}")


def test_notebook_outputs_accessible(ran: Ran) -> None:
    """axe-core finds no serious or critical violation in the notebook's outputs and markdown."""
    name, page = ran.name, ran.page
    ran.at_viewport()
    scope = [sel for sel in OUTPUT_SCOPE if page.locator(sel).count()]
    ours = [v for v in run_axe(page, scope) if v["impact"] in ("serious", "critical")]
    lab_ui = run_axe(page, None)
    print(f"\naxe on JupyterLab itself ({name}), not failing:")
    for line in describe(lab_ui):
        print(f"  {line}")
    found = describe(ours)
    assert not found, f"{name}: serious/critical axe violations in outputs:\n" + "\n".join(found)
