"""Every quiz is readable at 1280x800 and at 200% zoom: each choice's box measured against its text.

A choice (radio label, checkbox label, order row, rubric point), and likewise a prompt or button, fails if its text runs outside its box
(cut, "…"), if its box is narrower than most of the quiz (not full width), if its control is hidden,
or if two choices' boxes overlap (one overprints the other).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from lab_driver import assert_ran_clean, wait_layout_settled
from playwright.sync_api import CDPSession, Locator, Page, expect

from conftest import Ran

pytestmark = pytest.mark.browser

# 200% zoom: the CSS viewport is half as wide and high, each CSS pixel two device pixels. A notebook is
# run once and shown at each size in turn: Chromium's own screen emulation (DevTools'
# Emulation.setDeviceMetricsOverride) sets the viewport and the pixel ratio on the running page, which
# Playwright fixes per browser context.
SIZES = {
    "1280x800": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
    "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
CHOICES = (
    ".widget-radio-box label, .widget-checkbox label, .cq-row .widget-html-content, .cq-row button"
)
MEASURE = """(quiz) => {
    const problems = [];
    const boxes = [...quiz.querySelectorAll(SELECTOR)].filter(e => e.offsetParent !== null);
    const width = quiz.getBoundingClientRect().width;
    const rects = boxes.map(e => e.getBoundingClientRect());
    boxes.forEach((el, k) => {
        const r = rects[k];
        const name = (el.innerText || el.textContent || '').trim().slice(0, 70);
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
            problems.push(`cut: its text is larger than its box: "${name}"`);
        const range = document.createRange();
        range.selectNodeContents(el);
        const t = range.getBoundingClientRect();
        if (t.width && (t.left < r.left - 1 || t.right > r.right + 1 || t.top < r.top - 1 || t.bottom > r.bottom + 1))
            problems.push(`text outside its box: "${name}"`);
        const style = getComputedStyle(el);
        if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth)
            problems.push(`ellipsis: "${name}"`);
        const input = el.querySelector('input');
        if (input) {
            const i = input.getBoundingClientRect();
            if (i.width < 4 || i.left < r.left - 1 || i.right > r.right + 1)
                problems.push(`control hidden: "${name}"`);
        }
        if (el.tagName === 'LABEL' && r.width < 0.8 * width)
            problems.push(`not full width (${Math.round(r.width)} of ${Math.round(width)} px): "${name}"`);
        for (let j = k + 1; j < boxes.length; j++) {
            const o = rects[j];
            if (boxes[j].contains(el) || el.contains(boxes[j])) continue;
            const x = Math.min(r.right, o.right) - Math.max(r.left, o.left);
            const y = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top);
            if (x > 1 && y > 1)
                problems.push(`overlaps: "${name}" and "${(boxes[j].innerText || '').trim().slice(0, 70)}"`);
        }
    });
    return {problems, measured: boxes.length};
}""".replace("SELECTOR", repr(CHOICES))


@dataclass
class Quizzes:
    """One notebook run once, its page, the page's DevTools session and its quiz widgets."""

    name: str
    page: Page
    devtools: CDPSession
    quizzes: list[Locator]

    def show_at(self, size: str, height: int | None = None) -> None:
        """Lay the page out at one of SIZES (its pixel ratio too), `height` CSS px tall if given."""
        view = SIZES[size]["viewport"]
        self.devtools.send(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": view["width"],
                "height": height or view["height"],
                "deviceScaleFactor": SIZES[size]["device_scale_factor"],
                "mobile": False,
            },
        )
        self.page.wait_for_function(
            "([w, h]) => window.innerWidth === w && window.innerHeight === h",
            arg=[view["width"], height or view["height"]],
        )
        wait_layout_settled(self.page)  # Lumino lays the panels out on the resize


@pytest.fixture
def run_once(ran: Ran) -> Quizzes:
    """Each notebook opened and run once (Restart and Run All; conftest's `ran`, which
    test_browser_notebooks reads too) for the sizes' tests; each test sets its own size first, so
    none depends on another's."""
    name, page = ran.name, ran.page
    assert_ran_clean(page, name)
    cells = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text="quiz.show(")
    quizzes = []
    for k in range(cells.count()):
        cells.nth(k).scroll_into_view_if_needed()
        quiz = cells.nth(k).locator(".cq-quiz").first
        expect(quiz).to_be_visible()
        quizzes.append(quiz)
    return Quizzes(name, page, ran.devtools, quizzes)


@pytest.mark.parametrize("size", list(SIZES))
def test_every_choice_fits_its_box(size: str, run_once: Quizzes, screenshots: Path) -> None:
    """No choice is cut, overprinted or narrower than the quiz, at 1280x800 and at 200% zoom."""
    name = run_once.name
    measured, problems = 0, []
    for k, quiz in enumerate(run_once.quizzes):
        run_once.show_at(size)
        quiz.scroll_into_view_if_needed()
        result = quiz.evaluate(MEASURE)
        measured += result["measured"]
        problems += result["problems"]
        shot = screenshots / f"quiz-{name.removesuffix('.ipynb')}-{size}-{k}.png"
        height = quiz.evaluate("q => q.getBoundingClientRect().height")
        run_once.show_at(size, min(int(height) + 300, 16_000))
        quiz.evaluate("q => q.scrollIntoView()")
        quiz.screenshot(path=str(shot))
        print(f"\n{name} at {size}: {result['measured']} choices measured; screenshot: {shot}")
    assert measured >= 8, f"{name}: too few choices found to measure"
    assert not problems, f"{name} at {size}:\n" + "\n".join(problems)
