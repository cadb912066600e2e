"""A keyboard-only student (issue 28): the skip link brings the quiz a few Tabs from the top of a lesson,
and one whole quiz is answered with Tab, arrows, Space, typing and Enter alone; every control it meets
has an accessible name naming its question (and item), a reorder is announced, and no key edits the
notebook."""

from __future__ import annotations

import re

import pytest
import yaml
from lab_driver import Lab, assert_ran_clean, open_notebook, restart_and_run_all
from playwright.sync_api import Page, expect
from test_browser_quiz import quiz_cell
from test_browser_room import shot

from conftest import notebook_names
from helpers import quiz
from helpers.data.quiz_bank import Question
from helpers.widgets import page as page_glue

pytestmark = pytest.mark.browser
QUIZ = f".jp-Notebook {page_glue.QUIZ}"
CONTROL = re.compile(r"^- (button|textbox|radio|radiogroup|checkbox|link)\b(.*)$")
MAX_TABS = 400  # a bound on any walk: the whole notebook has fewer stops than this
IN_QUIZ = f"() => !!document.activeElement.closest('{page_glue.QUIZ}')"
ON_SKIP = "() => !!document.activeElement.closest('.cq-skip')"


def widest_quiz(lab: Lab) -> tuple[str, dict[int, Question]]:
    """The notebook whose first quiz cell (its core questions) has the most kinds of question, and
    those questions by their number in the quiz."""
    found = []
    for name in notebook_names():
        quiz_id = quiz_cell(lab.root / name)
        if quiz_id:
            questions = enumerate(quiz.load(quiz_id).questions, start=1)
            core = {n: q for n, q in questions if q.part == "core"}
            found.append((len({q.type for q in core.values()}), name, core))
    assert found, f"no notebook in {lab.root} has a quiz cell"
    _, name, core = max(found, key=lambda f: f[0])
    return name, core


def from_the_top(page: Page) -> None:
    """Focus the notebook's first cell, scrolled to the top: where a student starts tabbing."""
    page.locator(".jp-Notebook .jp-Cell").first.evaluate(
        "c => { c.closest('.jp-Notebook').scrollTop = 0; c.focus(); }"
    )
    page.wait_for_function("() => !!document.activeElement.closest('.jp-Notebook .jp-Cell')")


def tabs_until(page: Page, reached: str) -> int:
    """Press Tab until the JS predicate `reached` holds; the number of presses."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(reached):
            return presses
    raise AssertionError(f"{MAX_TABS} Tab presses never reached it")


def focused_control(page: Page) -> tuple[str, str]:
    """The focused element's role and accessible name, from Playwright's aria snapshot."""
    line = page.locator("*:focus").aria_snapshot().splitlines()[0].strip()
    entry = yaml.safe_load(line)[0]  # a name with quotes or a colon comes YAML-quoted
    snapshot = "- " + (next(iter(entry)) if isinstance(entry, dict) else str(entry))
    found = CONTROL.match(snapshot)
    assert found, f"the focused element is no control: {snapshot}"
    rest = found.group(2).strip()
    named = re.match(r'^"(.*?)"', rest) or re.match(r"^/(.*)/", rest)  # a long name may be a regex
    return found.group(1), named.group(1) if named else ""


def notebook_text(page: Page) -> list[str]:
    """Every cell's kind, edit state and input text: what a stray key would change."""
    return page.locator(".jp-Notebook .jp-Cell").evaluate_all(
        """cells => cells.map(c => [c.className.includes('jp-mod-rendered'),
            c.querySelector('.jp-InputArea-editor') ?
              c.querySelector('.jp-InputArea-editor').innerText : ''].join('|'))"""
    )


FEEDBACK = "([sel, n]) => document.querySelector(sel).querySelectorAll('.widget-html-content [role=status]').length > n"


def feedback_count(page: Page) -> int:
    """How many feedback panels (note boxes) the first quiz shows."""
    return page.evaluate(
        "sel => document.querySelector(sel).querySelectorAll('.widget-html-content [role=status]').length",
        QUIZ,
    )


@pytest.mark.parametrize("which", ["widest quiz", "05"])
def test_skip_link_brings_the_quiz_near(page: Page, lab: Lab, which: str):
    """From the top of a lesson, Tab presses to the quiz's first control without and with the skip
    link; with it, a few (07, the widest quiz, and 05, where the issue counted 71)."""
    name = (
        widest_quiz(lab)[0]
        if which == "widest quiz"
        else next(n for n in notebook_names() if n.startswith(which))
    )
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    from_the_top(page)
    without = tabs_until(page, IN_QUIZ)
    from_the_top(page)
    to_link = tabs_until(page, ON_SKIP)
    assert focused_control(page) == ("link", f"{page_glue.SKIP} ↓")
    page.keyboard.press("Enter")
    page.wait_for_function(IN_QUIZ)
    with_link = to_link + 1
    print(f"\n{name}: {without} Tab presses to the quiz without the skip link, {with_link} with it")
    # before the link: a heading's fold button and the lesson's navigation links (three or four)
    assert with_link <= 8, f"{with_link} key presses to the quiz with the skip link"
    assert with_link * 2 < without, f"{with_link} presses with the link against {without} without"
    shot(page, f"skip_link_to_quiz_{name[:2]}")


def test_keyboard_only_quiz_walk(page: Page, lab: Lab):
    """Tab, arrows, Space, typing and Enter answer and check every core question of the widest quiz;
    every control met is named (its question in Check's, its item in Move's); a move is announced;
    the notebook's cells are as before."""
    name, core = widest_quiz(lab)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    cells = notebook_text(page)
    from_the_top(page)
    tabs_until(page, ON_SKIP)
    page.keyboard.press("Enter")
    page.wait_for_function(IN_QUIZ)
    met: list[tuple[str, str]] = []
    checked: list[int] = []
    moved = False
    for _ in range(MAX_TABS):
        if not page.evaluate(IN_QUIZ):
            break
        role, label = focused_control(page)
        met.append((role, label))
        if label in ("Your name", "Hand in") or label.startswith("Hand in"):
            break  # past the questions: the hand-in and Start again are not part of the walk
        if role == "radio":
            page.keyboard.press("ArrowDown")
        elif role == "checkbox":
            page.keyboard.press("Space")
        elif role == "textbox":
            typed = "28 May 1918" if "(a date)" in label else "1918"
            if "(a " not in label:
                typed = " ".join(["the article says the soviet took power in Baku"] * 6)
            page.keyboard.type(typed)
        elif role == "button" and label.startswith("Check question"):
            before = feedback_count(page)
            page.keyboard.press("Enter")
            page.wait_for_function(FEEDBACK, arg=[QUIZ, before])
            checked.append(int(label.split()[-1]))
        elif role == "button" and label.startswith("Move") and label.endswith("down") and not moved:
            page.keyboard.press("Enter")
            item = re.match(r"^Move '(.*)' down$", label).group(1)
            live = page.locator(f"{QUIZ} .{page_glue.LIVE}").filter(has_text=item)
            expect(live).to_have_attribute("aria-live", "polite")
            expect(live).to_contain_text(re.compile(rf"'{re.escape(item)}' moved to place \d+"))
            expect(page.locator("*:focus")).to_have_attribute(
                "aria-label", re.compile(r"^Move '.*' down$")
            )
            moved = True
        page.keyboard.press("Tab")
    unnamed = [role for role, label in met if not label.strip()]
    assert not unnamed, f"controls with no accessible name: {unnamed}"
    assert checked == list(core), f"questions checked by keyboard: {checked}"
    vague = [label for _, label in met if label in ("Check", "Show answer", "▲ Up", "▼ Down")]
    assert not vague, f"vague names: {vague}"
    if any(q.type == "order" for q in core.values()):
        assert moved, "the order question's Move buttons were never met"
    # every control of the quiz (not only those met): named, choices in a group named by the prompt
    snapshot = page.locator(QUIZ).first.aria_snapshot()
    lines = [line.strip() for line in snapshot.splitlines()]
    bare = [line for line in lines if CONTROL.match(line) and not CONTROL.match(line).group(2)]
    bare += [line for line in lines if re.match(r'^- (button|textbox|radiogroup) ""', line)]
    assert not bare, "unnamed controls in the quiz:\n" + "\n".join(bare)
    for q in core.values():
        if q.type in ("single", "source"):
            group = page.locator(QUIZ).first.get_by_role("radiogroup", name=q.prompt)
            expect(group).to_have_count(1)
    assert notebook_text(page) == cells, "a key pressed in the quiz changed the notebook"
    print(f"\n{name}: {len(met)} controls met, {len(checked)} questions checked by keyboard")
    shot(page, "keyboard_quiz_walk")
