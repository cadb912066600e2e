"""A student's quiz session in JupyterLab: a wrong answer, a right one, progress kept across a restart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lab_driver import (
    Lab,
    assert_ran_clean,
    off_host,
    open_notebook,
    restart_and_run_all,
    wait_kernel_idle,
)
from playwright.sync_api import Locator, Page, expect

from conftest import notebook_names
from helpers import quiz
from helpers.data.quiz_bank import Question
from helpers.quiz import grading

pytestmark = pytest.mark.browser
CHECK = re.compile(
    r"^Check question \d+$"
)  # a Check button's accessible name (helpers.quiz.controls)
QUIZ_CALL = re.compile(r"quiz\.show\(\s*[\"']([0-9]{2}_[a-z0-9_]+)[\"']")


def quiz_cell(path: Path) -> str | None:
    """The notebook id that a notebook's quiz cell shows (None if it has no quiz cell)."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        found = QUIZ_CALL.search(source) if cell["cell_type"] == "code" else None
        if found:
            return found.group(1)
    return None


def first_single_question(lab: Lab) -> tuple[str, str, int, Question]:
    """The first notebook whose quiz has a one-answer question: file, quiz id, number, question."""
    for name in notebook_names():
        quiz_id = quiz_cell(lab.root / name)
        if quiz_id is None:
            continue
        for number, q in enumerate(quiz.load(quiz_id).questions, start=1):
            if q.type == "single" and len(q.choices) >= 2 and q.part == "core":
                return name, quiz_id, number, q  # a core question: in the first quiz cell
    raise AssertionError(f"no notebook in {lab.root} has a quiz with a one-answer question")


def question_box(page: Page, number: int, q: Question) -> Locator:
    """The widget box of one question in the quiz cell's output."""
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text="quiz.show(")
    boxes = (
        cell.locator(".jp-OutputArea .widget-vbox")
        .filter(has_text=f"{number}. {q.prompt}")
        .filter(has=page.get_by_role("button", name=f"Check question {number}", exact=True))
    )
    expect(boxes.first).to_be_visible()
    return boxes.last


def radio_name(text: str) -> re.Pattern[str]:
    """A choice's accessible name: its letter in this student's order, then its text."""
    return re.compile(rf"^[A-H]\) {re.escape(text)}$")


def choose_and_check(box: Locator, q: Question, choice_id: str) -> None:
    """Pick one choice of the question and, once the kernel is idle, press Check.

    The wait is a person's pause between the two clicks. ipywidgets' page holds back a widget's
    change while its previous change is still unanswered by the kernel (its message throttle, which
    sends it at that change's idle status) but sends a button's click at once, so a click that
    follows a choice within milliseconds can reach the kernel before the choice. It happened once in
    a fresh clone's run, 3 workers busy: the second Check was marked with the first choice (the
    attempts read a, a where the test chose a, then b). By the time the status bar reads Idle, a
    held-back change has been sent (the page sends it when the idle it waited for arrives).
    """
    choice = q.choice(choice_id)
    assert choice is not None
    box.get_by_role("radio", name=radio_name(choice.text)).check()
    wait_kernel_idle(box.page)
    box.get_by_role("button", name=CHECK).click()


def test_quiz_feedback_and_progress_survive_restart(
    page: Page, lab: Lab, requests_made: list[str]
) -> None:
    """Wrong answer: feedback with its citation; right answer; reload + restart keeps progress."""
    name, quiz_id, number, q = first_single_question(lab)
    lab.progress.unlink(missing_ok=True)
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    box = question_box(page, number, q)
    wrong = next(c for c in q.choices if c.id != q.answer)

    choose_and_check(box, q, wrong.id)
    expect(box).to_contain_text("Try again")
    if wrong.feedback:
        expect(box).to_contain_text(wrong.feedback)
    expect(box).not_to_contain_text(q.explanation)  # a first wrong try does not reveal the answer

    choose_and_check(box, q, q.answer)
    expect(box).to_contain_text("Right, at the second try.")
    expect(box).to_contain_text(q.explanation)
    expect(box).to_contain_text(grading.shown_citation(q.evidence or q.anchor))
    # the core quiz (the first quiz cell; further work has its own)
    quiz_output = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text="quiz.show(").first
    expect(quiz_output).to_contain_text("Score: 0.5 points (1 right of 1 answered")
    saved = json.loads(lab.progress.read_text(encoding="utf-8"))
    assert saved["notebooks"][quiz_id][q.id]["answer"]["attempts"] == [wrong.id, q.answer]

    page.reload()
    expect(page.locator(".jp-Notebook").first).to_be_visible()
    wait_kernel_idle(page)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    box = question_box(page, number, q)
    right = q.choice(q.answer)
    assert right is not None
    expect(box.get_by_role("radio", name=radio_name(right.text))).to_be_checked()
    expect(box).to_contain_text("Right, at the second try.")
    expect(quiz_output).to_contain_text("Score: 0.5 points (1 right of 1 answered")
    lab.progress.unlink(missing_ok=True)
    assert off_host(requests_made) == [], "the quiz page made requests off this machine"
