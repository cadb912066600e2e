"""A student hands in from JupyterLab; the teacher's class report (offline HTML) shows that answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lab_driver import (
    Lab,
    assert_ran_clean,
    describe,
    off_host,
    open_notebook,
    restart_and_run_all,
    run_axe,
)
from playwright.sync_api import Page, expect
from test_browser_quiz import choose_and_check, first_single_question, question_box

from conftest import SCREENSHOTS
from helpers.teacher import class_report, sample_class

pytestmark = pytest.mark.browser


def test_student_hands_in_and_the_report_shows_the_answer(
    page: Page, lab: Lab, requests_made: list[str], tmp_path: Path
) -> None:
    """Wrong then right, Hand in with a typed name; the report's tables and bars show that try."""
    name, quiz_id, number, q = first_single_question(lab)
    lab.progress.unlink(missing_ok=True)
    folder = lab.progress.parent / "handin"
    for old in folder.glob("*.json"):
        old.unlink()
    open_notebook(page, lab, name)
    restart_and_run_all(page)
    assert_ran_clean(page, name)
    box = question_box(page, number, q)
    wrong = next(c for c in q.choices if c.id != q.answer and c.feedback)
    choose_and_check(box, q, wrong.id)
    expect(box).to_contain_text("Try again")
    choose_and_check(box, q, q.answer)

    # the core quiz's cell (the first; further work has a quiz of its own, handed in with it)
    quiz_cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text="quiz.show(").first
    quiz_cell.get_by_role("textbox", name="Your name").fill("Browser Student")
    quiz_cell.get_by_role("button", name="Hand in", exact=True).click()
    expect(quiz_cell).to_contain_text("Handed in")
    # the typed name keeps its letters; the file is its ASCII form and a short hash
    (target,) = folder.glob(f"{quiz_id}.browser-student-*.json")
    expect(quiz_cell).to_contain_text(target.name)
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["answers"][q.id]["attempts"] == [wrong.id, q.answer]
    assert off_host(requests_made) == [], "the quiz page made requests off this machine"

    report = class_report.build(folder)
    assert report["folder"].line() == "hand-ins read 1/1"
    html_path, csv_path = class_report.write(report, tmp_path / "report")
    page.goto(html_path.as_uri())
    expect(page.get_by_text("hand-ins read 1/1")).to_be_visible()
    # the misconceptions table: the bank's name for that wrong option (or the option, untagged)
    row = (
        page.locator("table.report-table tr")
        .filter(has_text=q.id)
        .filter(has_text=wrong.misconception or wrong.text)
    )
    expect(row.first).to_be_visible()
    expect(page.locator(".handout-figure .main-svg").first).to_be_visible()
    bars = page.evaluate(
        """() => document.querySelector('.handout-figure').data
              .filter(t => t.name === 'right at the second try').map(t => t.x)"""
    )
    position = [x.id for x in report["banks"][quiz_id].questions if x.type != "written"].index(q.id)
    assert bars[0][position] == 100
    assert "Browser Student" in csv_path.read_text(encoding="utf-8")
    violations = run_axe(page, None)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], describe(serious)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "class_report.png"), full_page=True)

    # the same hand-in among thirty synthetic classmates: still one line of the class's picture
    banks = {quiz_id: report["banks"][quiz_id]}
    sample_class.make(folder, banks, 30)
    report = class_report.build(folder)
    assert report["folder"].line() == "hand-ins read 31/31"
    html_path, _ = class_report.write(report, tmp_path / "class")
    page.goto(html_path.as_uri())
    expect(page.get_by_text("hand-ins read 31/31")).to_be_visible()
    expect(page.locator(".handout-figure")).to_have_count(2)
    expect(page.locator(".handout-figure").nth(1).locator(".main-svg").first).to_be_visible()
    heatmap_rows = page.evaluate("() => document.querySelectorAll('.handout-figure')[1].data[0].y")
    assert "Browser Student" in heatmap_rows and len(heatmap_rows) == 31
    page.screenshot(path=str(SCREENSHOTS / "class_report_31.png"), full_page=True)
    lab.progress.unlink(missing_ok=True)
