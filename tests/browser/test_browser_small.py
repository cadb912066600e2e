"""Small screens (issue 28): a lesson has the page to itself when it opens, before anything runs (the
course's default workspace, deploy/lab_settings/default.jupyterlab-workspace, which lab.sh and the hub's
singleuser.sh import into a user's empty workspaces folder, has the file browser folded), and notebook 05
is usable on a phone, 390×844: its paragraphs run several words a line and the page does not scroll
sideways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lab_driver import (
    STARTUP_SECONDS,
    Lab,
    assert_ran_clean,
    open_notebook,
    restart_and_run_all,
    start_lab,
    stop_lab,
    wait_lab_restored,
    wait_layout_settled,
)
from playwright.sync_api import Browser, Page, expect
from test_browser_room import shot

from conftest import notebook_names

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# 200% zoom of a 1280×800 window: Chromium lays the page out in a 640×400 CSS viewport, two device
# pixels to a CSS pixel (what its zoom does; Playwright has no zoom control of its own)
SCREENS = {
    "390x844": {"viewport": PHONE, "device_scale_factor": 1},
    "1280x800_at_200pc": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
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


@pytest.fixture(scope="module")
def fresh_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A JupyterLab of its own, started as a first `make lab` is: empty config and workspaces folders,
    working copies made by lab.sh (the session's Lab has workspaces other tests saved); like every
    test Lab it also exposes its app to the page (window.jupyterapp), which changes no layout."""
    work = tmp_path_factory.mktemp("fresh_lab")
    server = start_lab(work / "notebooks", work, copies=True)
    yield server
    stop_lab(server)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_lesson_opens_with_the_file_browser_folded(
    screen: str, browser: Browser, fresh_lab: Lab
) -> None:
    """A lesson opened as a student opens it (its URL, no ?reset, untrusted, nothing run) in a fresh
    Lab: the file browser is folded and the notebook has the width of the window."""
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    try:
        name = next(n for n in notebook_names() if n.startswith("05_"))
        page.goto(f"{fresh_lab.url}/lab/tree/{name}?token={fresh_lab.token}")
        expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=STARTUP_SECONDS * 1000)
        expect(page.locator(".jp-SideBar.jp-mod-left")).to_be_visible()  # its tab is there to press
        wait_lab_restored(page)  # Lab restores its layout after the notebook shows
        expect(page.locator("#jp-left-stack")).to_be_hidden()
        width = SCREENS[screen]["viewport"]["width"]
        panel = page.locator(".jp-NotebookPanel").first.bounding_box()
        assert panel and panel["width"] >= 0.8 * width, f"the notebook is {panel} wide of {width}"
        print(f"\n{name} opened at {screen}: notebook {panel['width']:.0f} of {width} px")
        shot(page, f"opens_folded_{screen}")
    finally:
        context.close()
        fresh_lab.end_sessions()


def test_05_reads_on_a_phone(page: Page, lab: Lab):
    """Run, then at 390×844: the file browser is folded, the notebook takes the width, paragraphs run
    4 words a line (the median; none under 2), no sideways page scroll."""
    name = next(n for n in notebook_names() if n.startswith("05_"))
    open_notebook(page, lab, name)
    restart_and_run_all(page)  # from the menus, which a phone folds away
    assert_ran_clean(page, name)
    expect(page.locator("#jp-left-stack")).to_be_hidden()
    page.set_viewport_size(PHONE)
    wait_layout_settled(page)
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
