"""Every quiz is readable at 1280x800 and at 200% zoom: each choice's box measured against its text.

A choice (radio label, checkbox label, order row, rubric point), and likewise a prompt or button, fails if its text runs outside its box
(cut, "…"), if its box is narrower than most of the quiz (not full width), if its control is hidden,
or if two choices' boxes overlap (one overprints the other).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_driver import Lab, assert_ran_clean, open_notebook, restart_and_run_all
from playwright.sync_api import Browser, Page, expect

from conftest import notebook_names

pytestmark = pytest.mark.browser

# 200% zoom: the CSS viewport is half as wide and high, each CSS pixel two device pixels
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


def quiz_notebooks() -> list[str]:
    """The notebooks that end with a quiz (every lesson notebook)."""
    return [n for n in notebook_names() if n[:2].isdigit()]


def open_quizzes(page: Page, lab: Lab, name: str) -> list:
    """Run the notebook and return the locators of its quiz widgets (the quiz after the summary and,
    where the bank has further-work questions, the quiz of Further work)."""
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    cells = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text="quiz.show(")
    quizzes = []
    for k in range(cells.count()):
        cells.nth(k).scroll_into_view_if_needed()
        quiz = cells.nth(k).locator(".cq-quiz").first
        expect(quiz).to_be_visible()
        quizzes.append(quiz)
    return quizzes


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", quiz_notebooks())
def test_every_choice_fits_its_box(
    name: str, size: str, browser: Browser, lab: Lab, screenshots: Path
) -> None:
    """No choice is cut, overprinted or narrower than the quiz, at 1280x800 and at 200% zoom."""
    context = browser.new_context(**SIZES[size])
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        measured, problems = 0, []
        for k, quiz in enumerate(open_quizzes(page, lab, name)):
            result = quiz.evaluate(MEASURE)
            measured += result["measured"]
            problems += result["problems"]
            shot = screenshots / f"quiz-{name.removesuffix('.ipynb')}-{size}-{k}.png"
            view = SIZES[size]["viewport"]
            height = quiz.evaluate("q => q.getBoundingClientRect().height")
            page.set_viewport_size(
                {"width": view["width"], "height": min(int(height) + 300, 16_000)}
            )
            cell_top = quiz.evaluate("q => (q.scrollIntoView(), q.getBoundingClientRect().height)")
            assert cell_top > 0
            quiz.screenshot(path=str(shot))
            print(f"\n{name} at {size}: {result['measured']} choices measured; screenshot: {shot}")
        assert measured >= 8, f"{name}: too few choices found to measure"
        assert not problems, f"{name} at {size}:\n" + "\n".join(problems)
    finally:
        context.close()
        lab.end_sessions()
