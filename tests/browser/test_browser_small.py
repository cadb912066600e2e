"""Small screens (issue 28): a lesson has the page to itself once it starts (its set-up cell folds the
file browser; an untrusted notebook runs no script on opening, so not before), and notebook 05 is
usable on a phone, 390×844: its paragraphs run several words a line and the page does not scroll
sideways."""

from __future__ import annotations

import pytest
from lab_driver import Lab, assert_ran_clean, open_notebook, restart_and_run_all
from playwright.sync_api import Page, expect
from test_browser_room import shot

from conftest import notebook_names

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# the file browser's squeeze left one word a line; a narrower quote box may hold fewer than the body
MIN_WORDS_A_LINE, TYPICAL_WORDS_A_LINE = 2, 4
WORDS_A_LINE = """() => [...document.querySelectorAll('.jp-Notebook .jp-RenderedMarkdown p')]
  .filter(p => p.getClientRects().length && p.innerText.split(/\\s+/).length >= 20)
  .slice(0, 12)
  .map(p => {
    const lines = Math.max(1, Math.round(p.getBoundingClientRect().height /
                                         parseFloat(getComputedStyle(p).lineHeight)));
    return p.innerText.split(/\\s+/).length / lines;
  })"""


def test_a_lesson_opens_alone_and_05_reads_on_a_phone(page: Page, lab: Lab):
    """Opened in a fresh Lab (file browser showing) and run: the file browser is folded; at 390×844
    the notebook takes the width, paragraphs run 4 words a line (the median; none under 2), no
    sideways page scroll."""
    name = next(n for n in notebook_names() if n.startswith("05_"))
    open_notebook(page, lab, name)  # ?reset: a fresh workspace, where Lab shows its file browser
    expect(page.locator("#jp-left-stack")).to_be_visible()
    restart_and_run_all(page)  # from the menus, which a phone folds away
    assert_ran_clean(page, name)
    expect(page.locator("#jp-left-stack")).to_be_hidden()
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(1000)
    panel = page.locator(".jp-NotebookPanel").first.bounding_box()
    assert panel and panel["width"] >= 0.8 * PHONE["width"], f"the notebook is {panel} wide"
    page.locator(".jp-Notebook .jp-RenderedMarkdown p").first.scroll_into_view_if_needed()
    ratios = page.evaluate(WORDS_A_LINE)
    assert ratios, f"{name}: no paragraph drawn"
    print(
        f"\n{name} at 390x844: notebook {panel['width']:.0f} px wide; words a line "
        f"{min(ratios):.1f}-{max(ratios):.1f} over {len(ratios)} paragraphs"
    )
    assert min(ratios) >= MIN_WORDS_A_LINE, ratios
    assert sorted(ratios)[len(ratios) // 2] >= TYPICAL_WORDS_A_LINE, ratios
    wide = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")
    assert wide <= 1, f"the page scrolls {wide} px sideways"
    shot(page, "phone_390_05")
