"""What a class meets in the room (issue 28): no button that sends a figure out, an Extension Manager
that installs and switches off nothing, widgets that say "run this cell again" after a reload or a
restart instead of an error or a dead view, and arrow keys that stay inside a quiz."""

from __future__ import annotations

import json
import re

import pytest
from lab_driver import (
    LAB_SETTINGS,
    Lab,
    assert_ran_clean,
    menu,
    open_notebook,
    restart_and_run_all,
    wait_kernel_idle,
)
from playwright.sync_api import Locator, Page, expect
from test_browser_quiz import CHECK, first_single_question, question_box
from test_browser_widgets import notebook_showing

from helpers.figures.plotly_json import CONFIG
from helpers.widgets import page as page_glue

pytestmark = pytest.mark.browser
VIEW = page_glue.VIEW
SCREENS = LAB_SETTINGS.parents[1] / "build" / "screens"


def shot(page: Page, name: str) -> None:
    """Save a screenshot under build/screens/ (for a person to look at; not committed)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"))


def ran(page: Page, lab: Lab, call: str) -> str:
    """Open the first notebook with a cell calling `call`, restart and run all; return its name."""
    name = notebook_showing(call, lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    return name


def widget_outputs(page: Page) -> Locator:
    """Every output of the open notebook that shows a live widget view."""
    return page.locator(f".jp-Notebook {VIEW}:has(> .jupyter-widgets)")


def pseudo(node: Locator, which: str) -> str:
    """The text a ::before or ::after of the node shows (CSS content), '' if none."""
    content = node.evaluate(f"n => getComputedStyle(n, '{which}').content")
    return "" if content in ("none", "normal") else content.strip('"')


def test_no_cloud_button_and_extension_manager_read_only(page: Page, lab: Lab):
    """The figures' mode bar has no Share/cloud button and few buttons; extensions cannot change."""
    ran(page, lab, "lesson.timeline_explorer(")
    plot = page.locator(".jp-Notebook .js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    plot.hover()
    buttons = plot.locator(".modebar-btn")
    expect(buttons.first).to_be_attached()
    titles = [b.get_attribute("data-title") or "" for b in buttons.all()]
    assert not [t for t in titles if "share" in t.lower() or "cloud" in t.lower()], titles
    assert len(titles) <= 4, f"the mode bar has {len(titles)} buttons: {titles}"
    assert "sendChartToCloud" in CONFIG["modeBarButtonsToRemove"]
    shot(page, "modebar_trimmed")

    config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
    assert config["extensionManager"]["name"] == "read-only", config["extensionManager"]
    assert config["extensionManager"]["can_install"] is False
    # Lab's settings are the course's one settings file, as the hub and `make lab` use it
    overrides = json.loads((LAB_SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    for plugin, values in overrides.items():
        status, body = lab.request("GET", f"/lab/api/settings/{plugin}")
        assert status == 200, f"{plugin}: {status}"
        composite = json.loads(body)["schema"]["properties"]
        for key, value in values.items():  # overrides arrive as the schema's defaults
            default = composite[key].get("default")
            assert default == value, f"{plugin} {key}: {default!r}, not {value!r}"


def test_reopened_notebook_says_run_this_cell(page: Page, lab: Lab):
    """Saved, closed (kernel gone) and reopened: each widget's place says to run its cell again."""
    name = ran(page, lab, "widgets.calendar_converter(")
    outputs = widget_outputs(page)
    expect(outputs.first).to_be_visible()
    count = outputs.count()
    menu(page, "File", "Save Notebook")
    expect(page.locator(".jp-mod-dirty")).to_have_count(0)
    lab.end_sessions()  # the next day: the kernel that held the widgets is gone
    open_notebook(page, lab, name)
    gone = page.locator(f".jp-Notebook {page_glue.GONE_SELECTOR}")
    expect(gone).to_have_count(count)
    for k in range(count):
        node = gone.nth(k)
        assert page_glue.GONE in pseudo(node, "::after"), node.inner_text()
        assert node.evaluate("n => getComputedStyle(n).fontSize") == "0px"  # the error's words
    gone.first.scroll_into_view_if_needed()
    shot(page, "reopened_run_this_cell")


def test_restarted_kernel_says_run_this_cell_again(page: Page, lab: Lab):
    """Kernel ▸ Restart: the quiz says the notebook restarted, and its Check is switched off."""
    name, _, number, q = first_single_question(lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    box = question_box(page, number, q)
    menu(page, "Kernel", "Restart Kernel…")
    dialog = page.locator(".jp-Dialog")
    dialog.locator("button.jp-mod-accept").click()
    expect(dialog).to_have_count(0)
    wait_kernel_idle(page)
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text="quiz.show(").first
    top = cell.locator(f"{VIEW} > .jupyter-widgets-disconnected")
    expect(top).to_have_count(1)
    assert pseudo(top, "::before") == page_glue.RESTARTED
    check = box.get_by_role("button", name=CHECK)
    assert check.evaluate("n => getComputedStyle(n).pointerEvents") == "none"
    top.evaluate("n => n.scrollIntoView()")
    shot(page, "restarted_run_this_cell_again")


def test_arrow_keys_stay_in_the_quiz(page: Page, lab: Lab):
    """ArrowDown on a choice picks the next choice; no cell is selected, inserted or edited."""
    name, _, number, q = first_single_question(lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    box = question_box(page, number, q)
    cells = page.locator(".jp-Notebook .jp-Cell")
    before = cells.count()
    radios = box.locator("input[type=radio]")
    radios.first.focus()
    active = page.locator(".jp-Notebook .jp-Cell.jp-mod-active")
    active_before = active.evaluate("n => n.innerText.slice(0, 80)")
    for key in ("ArrowDown", "ArrowDown", "Space", "a", "b", "ArrowUp"):
        page.keyboard.press(key)
    expect(cells).to_have_count(before)
    assert active.evaluate("n => n.innerText.slice(0, 80)") == active_before
    focused = page.evaluate("() => document.activeElement.type")
    assert focused == "radio", f"focus left the choices: {focused}"
    checked = radios.evaluate_all("rs => rs.findIndex(r => r.checked)")
    assert checked == 1, f"down, down, up should pick the second choice, not {checked}"
    box.get_by_role("button", name=CHECK).click()  # the kernel has the choice
    expect(box).to_contain_text(re.compile("Right|Not yet|Not quite"))
    shot(page, "arrow_keys_in_quiz")


SMALL_TEXT = """(root) => {
  const small = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('svg, style, script, .jp-InputPrompt, .jp-OutputPrompt')) continue;
    if (!el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size > 0 && size < 15.9) small.push(`${size}px: ${text.slice(0, 60)}`);
  }
  return small;
}"""


def test_no_text_under_16_px(page: Page, lab: Lab):
    """At 1024×768, no text of a lesson's cells or outputs (tables, sources, quiz) is under 16 px."""
    page.set_viewport_size({"width": 1024, "height": 768})
    ran(page, lab, "lesson.side_by_side(")
    small = page.locator(".jp-Notebook").first.evaluate(SMALL_TEXT)
    assert not small, f"{len(small)} texts under 16 px:\n" + "\n".join(small[:20])
    page.locator(".jp-Notebook table").first.scroll_into_view_if_needed()
    shot(page, "legible_1024")
