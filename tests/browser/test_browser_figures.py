"""Figures read from the back of the room (issue 28): no figure title cut at 1024×768 or at 200% zoom
(the layout of 1280×720 at 200% is that of a 640×360 window), and the election calculator's hemicycle at
the article's seats with its legend clear of every seat at 1280×720."""

from __future__ import annotations

import pytest
from lab_driver import (
    Lab,
    assert_ran_clean,
    open_in_lab,
    open_notebook,
    restart_and_run_all,
    stored_outputs,
    wait_plots_settled,
)
from playwright.sync_api import Browser, Page, expect
from test_browser_room import SCREENS, shot
from test_browser_widgets import notebook_showing

from conftest import NOTEBOOKS, notebook_names

pytestmark = pytest.mark.browser
SIZES = {"1024x768": (1024, 768), "200pc_of_1280x720": (640, 360)}
TITLES = """() => [...document.querySelectorAll('.jp-Notebook .js-plotly-plot')].map(plot => {
  const title = plot.querySelector('.gtitle');
  const box = plot.closest('.jp-OutputArea-output') || plot;
  if (!title || !plot.getClientRects().length) return null;
  const t = title.getBoundingClientRect(), s = plot.querySelector('.main-svg').getBoundingClientRect();
  const b = box.getBoundingClientRect();
  return {title: title.textContent, left: t.left, right: t.right,
          edge: Math.min(s.right, b.right), start: Math.max(s.left, b.left)};
}).filter(Boolean)"""
PLOTLY = "application/vnd.plotly.v1+json"
# 200% zoom: Chromium lays a zoomed page out in a CSS viewport half as wide and high, two device pixels
# to a CSS pixel; Playwright has no zoom control, so a context with device_scale_factor=2 and the halved
# viewport is that layout (the scale factor is fixed per context, hence a context per zoom)
ZOOMS = {
    "1024x768": {"viewport": {"width": 1024, "height": 768}, "device_scale_factor": 1},
    "200pc_of_1280x720": {"viewport": {"width": 640, "height": 360}, "device_scale_factor": 2},
}
# every text a figure prints: its title, axis titles, annotations (source and note lines) and legend
TEXTS = """() => [...document.querySelectorAll('.jp-Notebook .js-plotly-plot')].map((plot, k) => {
  if (!plot.getClientRects().length) return null;
  const s = plot.querySelector('.main-svg').getBoundingClientRect();
  const b = (plot.closest('.jp-OutputArea-output') || plot).getBoundingClientRect();
  const box = {left: Math.max(s.left, b.left), right: Math.min(s.right, b.right),
               top: s.top, bottom: s.bottom};
  const title = (plot.querySelector('.gtitle') || {}).textContent || '(untitled)';
  const parts = [...plot.querySelectorAll(
      '.gtitle, .g-xtitle text, .g-ytitle text, .g-x2title text, .g-y2title text, '
      + '.annotation-text-g text, .legendtext')]
    .filter(t => t.textContent.trim() && t.getClientRects().length)
    .map(t => {
      const r = t.getBoundingClientRect();
      const kind = t.closest('.annotation-text-g') ? 'annotation'
        : t.classList.contains('gtitle') ? 'title'
        : t.classList.contains('legendtext') ? 'legend' : 'axis title';
      return {kind, text: t.textContent.slice(0, 80), left: r.left, right: r.right,
              top: r.top, bottom: r.bottom};
    });
  return {figure: k, title: title.slice(0, 80), box, parts, width: b.width};
}).filter(Boolean)"""
SEATS = """() => {
  const plots = [...document.querySelectorAll('.jp-Notebook .js-plotly-plot')]
    .filter(p => p.querySelector('.legend') && p.querySelectorAll('.scatterlayer .point').length);
  return plots.map(p => {
    const legend = p.querySelector('.legend .bg').getBoundingClientRect();
    const seats = [...p.querySelectorAll('.scatterlayer .point')].map(s => s.getBoundingClientRect());
    const over = seats.filter(s => s.bottom > legend.top && s.top < legend.bottom
                                  && s.right > legend.left && s.left < legend.right).length;
    return {seats: seats.length, over, title: (p.querySelector('.gtitle') || {}).textContent};
  });
}"""


def left_area_closed(page: Page) -> None:
    """Close the left side panel if it is open (what a student does before the figures matter)."""
    panel = page.locator("#jp-left-stack")
    if panel.is_visible():
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()
        expect(panel).to_be_hidden()


def test_figure_titles_are_not_cut(page: Page, lab: Lab):
    """Each figure title's box lies within its plot and its output, at each size."""
    name = notebook_showing("widgets.election_calculator(", lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    left_area_closed(page)
    cut = []
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        wait_plots_settled(page)  # plotly redraws on the panel's resize
        titles = page.evaluate(TITLES)
        assert titles, f"{name}: no figure drawn at {size}"
        for t in titles:
            if t["right"] > t["edge"] + 1 or t["left"] < t["start"] - 1:
                cut.append(f"{size}: {t['title']!r} runs {t['right'] - t['edge']:.0f} px past")
        print(f"\n{name} at {size}: {len(titles)} figure titles measured")
        page.locator(".jp-Notebook .js-plotly-plot").first.scroll_into_view_if_needed()
        shot(page, f"figure_titles_{size}")
    assert not cut, "\n".join(cut)


def stored_figure_notebooks() -> list[str]:
    """The notebooks whose stored outputs hold plotly figures (drawn on opening, nothing run)."""
    return [n for n in notebook_names() if stored_outputs(NOTEBOOKS / n).get(PLOTLY)]


def cut_texts(figures: list[dict]) -> list[str]:
    """Each figure text whose box runs outside its figure's (the SVG within its output), by how much."""
    cut = []
    for fig in figures:
        box = fig["box"]
        for part in fig["parts"]:
            sides = {
                "left": box["left"] - part["left"],
                "right": part["right"] - box["right"],
                "top": box["top"] - part["top"],
                "bottom": part["bottom"] - box["bottom"],
            }
            side = max(sides, key=sides.__getitem__)
            if sides[side] > 1:
                cut.append(
                    f"figure {fig['figure']} {fig['title']!r}: its {part['kind']} "
                    f"{part['text']!r} runs {sides[side]:.0f} px past the {side}"
                )
    return cut


@pytest.mark.parametrize("zoom", list(ZOOMS))
def test_every_figure_text_within_its_figure(zoom: str, browser: Browser, lab: Lab) -> None:
    """In every notebook, every stored figure's title, axis titles, source and note lines and legend
    lie inside the figure, at 1024×768 and at 200% zoom of 1280×720 (each notebook opened as stored,
    untrusted, nothing run: plotly draws stored figures as they are). One page load: each notebook
    after the first opens in the Lab already loaded, the one before closed unsaved (open_in_lab)."""
    context = browser.new_context(**ZOOMS[zoom])
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        cut, report = [], []
        for name in stored_figure_notebooks():
            open_in_lab(page, lab, name)
            left_area_closed(page)
            stored = stored_outputs(NOTEBOOKS / name)[PLOTLY]
            plots = page.locator(".jp-Notebook .js-plotly-plot")
            expect(plots).to_have_count(stored)
            wait_plots_settled(page)  # plotly redraws on the panel's resize
            figures = page.evaluate(TEXTS)
            assert len(figures) == stored, f"{name}: {len(figures)} of {stored} figures drawn"
            cut += [f"{name} at {zoom}: {c}" for c in cut_texts(figures)]
            parts = sum(len(f["parts"]) for f in figures)
            report.append(f"{name}: {len(figures)} figures, {parts} texts")
            for k in range(len(figures)):
                plots.nth(k).scroll_into_view_if_needed()
                plots.nth(k).screenshot(path=str(SCREENS / f"figure_{name[:2]}_{k}_{zoom}.png"))
            lab.end_sessions()
        print(f"\n{zoom}: " + "; ".join(report))
        assert not cut, "\n".join(cut)
    finally:
        context.close()
        lab.end_sessions()


def test_hemicycle_legend_clear_of_seats(page: Page, lab: Lab):
    """At 1280×720 the election calculator's hemicycle (the article's seats) has no seat under its legend."""
    page.set_viewport_size({"width": 1280, "height": 720})
    name = notebook_showing("widgets.election_calculator(", lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    left_area_closed(page)
    wait_plots_settled(page)
    charts = page.evaluate(SEATS)
    assert charts, f"{name}: no seat chart drawn"
    for chart in charts:
        print(f"\n{chart['title']}: {chart['seats']} points, {chart['over']} under the legend")
    assert all(c["over"] == 0 for c in charts), charts
    page.locator(".jp-Notebook .js-plotly-plot .legend").last.scroll_into_view_if_needed()
    shot(page, "hemicycle_1280x720")
