"""Figures read from the back of the room (issue 28): no figure title cut at 1024×768 or at 200% zoom
(the layout of 1280×720 at 200% is that of a 640×360 window), and the election calculator's hemicycle at
the article's seats with its legend clear of every seat at 1280×720."""

from __future__ import annotations

import pytest
from lab_driver import Lab, assert_ran_clean, open_notebook, restart_and_run_all
from playwright.sync_api import Page, expect
from test_browser_room import shot
from test_browser_widgets import notebook_showing

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
        page.wait_for_timeout(2000)  # plotly redraws on the panel's resize
        titles = page.evaluate(TITLES)
        assert titles, f"{name}: no figure drawn at {size}"
        for t in titles:
            if t["right"] > t["edge"] + 1 or t["left"] < t["start"] - 1:
                cut.append(f"{size}: {t['title']!r} runs {t['right'] - t['edge']:.0f} px past")
        print(f"\n{name} at {size}: {len(titles)} figure titles measured")
        page.locator(".jp-Notebook .js-plotly-plot").first.scroll_into_view_if_needed()
        shot(page, f"figure_titles_{size}")
    assert not cut, "\n".join(cut)


def test_hemicycle_legend_clear_of_seats(page: Page, lab: Lab):
    """At 1280×720 the election calculator's hemicycle (the article's seats) has no seat under its legend."""
    page.set_viewport_size({"width": 1280, "height": 720})
    name = notebook_showing("widgets.election_calculator(", lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    left_area_closed(page)
    page.wait_for_timeout(2000)
    charts = page.evaluate(SEATS)
    assert charts, f"{name}: no seat chart drawn"
    for chart in charts:
        print(f"\n{chart['title']}: {chart['seats']} points, {chart['over']} under the legend")
    assert all(c["over"] == 0 for c in charts), charts
    page.locator(".jp-Notebook .js-plotly-plot .legend").last.scroll_into_view_if_needed()
    shot(page, "hemicycle_1280x720")
