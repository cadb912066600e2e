"""A small class on a real JupyterHub (the full-size run is `make class-sim`): three students and a
teacher from a roster, made as a school makes them (`make class-users`: system users with initial
passwords); one student and the teacher log in through the hub's login page with those passwords in
Chromium, the other students run through the REST API.

Runs as root (the students are system users with private homes); CI runs as root and the Makefile's
`hub-deps` installs JupyterHub, the proxy and the read-only course first.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lab_driver import (
    REPO,
    assert_ran_clean,
    off_host,
    restart_and_run_all,
    wait_kernel_idle,
)
from playwright.sync_api import Browser, Page, expect
from test_browser_quiz import choose_and_check, question_box

from helpers import quiz
from helpers.authoring import class_sim as sim

pytestmark = pytest.mark.browser
NOTEBOOK = "00_start_here"  # the lightest lesson: the class test stays quick
SPAWN_MS = 180_000
T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end in a thread of its own (Playwright's sync API holds this one's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Class:
    """A running hub with its students (the first logs in with the browser), a teacher, the initial
    passwords `make class-users` gave them, and a system user who is not in the class."""

    hub: object
    students: list[str]
    teacher: str
    passwords: dict[str, str]
    outsider: str
    work: Path


@pytest.fixture(scope="module")
def hub_class() -> Iterator[Class]:
    """JupyterHub from deploy/jupyterhub_config.py with three students and a teacher from a roster
    (helpers.teacher.roster, what `make class-users` runs), removed after."""
    if os.geteuid() != 0:
        message = "the hub test makes system users for its students: run it as root (CI does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    run = secrets.token_hex(2)
    students = [f"c17{run}s{i}" for i in (1, 2, 3)]
    teacher, outsider = f"c17{run}t", f"c17{run}x"
    work = Path(tempfile.mkdtemp(prefix="hub-test-"))
    roster = work / "roster.csv"
    rows = [f"{s},Student {i},student" for i, s in enumerate(students, start=1)]
    roster.write_text("\n".join(["username,name,role", *rows, f"{teacher},Teacher,teacher", ""]))
    sheet, installed = work / "initial-passwords.csv", work / "class" / "roster.csv"
    hub = None
    try:
        subprocess.run(
            [sys.executable, "-m", "helpers.teacher.roster", str(roster)]
            + ["--install", str(installed), "--passwords", str(sheet)],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        with sheet.open(encoding="utf-8") as rows_in:
            passwords = {row["username"]: row["password"] for row in csv.DictReader(rows_in)}
        # a system user with a password who is not on the roster: the hub must refuse them
        subprocess.run(["useradd", "-m", outsider], check=True)
        outsider_password = secrets.token_urlsafe(12)
        subprocess.run(
            ["chpasswd"], input=f"{outsider}:{outsider_password}\n", text=True, check=True
        )
        passwords[outsider] = outsider_password
        hub = sim.start_hub(work, [], roster=installed)
        yield Class(hub, students, teacher, passwords, outsider, work)
    finally:
        if hub is not None:
            sim.stop_hub(hub)
        sim.remove_users([*students, teacher, outsider])
        shutil.rmtree(work, ignore_errors=True)


def log_in(page: Page, url: str, name: str, password: str) -> None:
    """Fill the hub's login page and press Sign in."""
    page.goto(f"{url}/hub/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_teacher_logs_in_with_a_password_and_is_the_hubs_admin(
    hub_class: Class, browser: Browser
) -> None:
    """The teacher logs in through the login page with the initial password of the roster and
    reaches their server and the hub's admin page, which lists the class; a wrong password, and a
    system user who is not on the roster, are refused at the login page."""
    hub, teacher = hub_class.hub, hub_class.teacher
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.set_default_timeout(60_000)
    page = context.new_page()
    refused = page.locator("#login-main")
    log_in(page, hub.url, hub_class.students[1], hub_class.passwords[teacher])
    expect(refused).to_contain_text("Invalid username or password")
    log_in(page, hub.url, hub_class.outsider, hub_class.passwords[hub_class.outsider])
    expect(refused).to_contain_text("Invalid username or password")

    log_in(page, hub.url, teacher, hub_class.passwords[teacher])
    expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=SPAWN_MS)
    assert f"/user/{teacher}/lab" in page.url, page.url
    page.goto(f"{hub.url}/hub/admin")
    for student in hub_class.students:
        expect(page.get_by_test_id(f"user-name-div-{student}")).to_be_visible()
    context.close()
    assert off_host(requests) == [], "the hub's pages made requests off this machine"


def test_class_on_the_hub(hub_class: Class, browser: Browser) -> None:
    """Two students answer through the quiz code in their kernels while a third logs in with the
    browser, runs the notebook and answers a question; each progress file holds only its owner's
    answers and is private; only the teacher's kernel is in teacher mode; nothing leaves 127.0.0.1;
    every student hands in (the browser student with the button; the squatted one beside the squat)
    and the report the teacher builds in their own kernel reads 3/3 and leaves out each forgery; the
    teacher (a system user in `teachers`, not root) opens class_results.ipynb and sees the same."""
    hub, (first, *others) = hub_class.hub, hub_class.students
    question = next(q for q in quiz.load(NOTEBOOK).questions if q.type == "single")
    number = 1 + [q.id for q in quiz.load(NOTEBOOK).questions].index(question.id)

    # the rest of the class and the teacher, through the REST API and their kernels, meanwhile
    async def rest_of_class() -> list[Any]:
        await sim.start_servers(hub, [*others, hub_class.teacher])
        runs = [
            sim.run_notebook(hub, n, f"{NOTEBOOK}.ipynb", plans[n][0], NOTEBOOK) for n in others
        ]
        teacher = sim.run_notebook(hub, hub_class.teacher, f"{NOTEBOOK}.ipynb", None, NOTEBOOK)
        return list(await asyncio.gather(*runs, teacher))

    plans = {n: sim.plan(NOTEBOOK, i, n) for i, n in enumerate(others, start=1)}
    # before anyone hands in, a student (as that system user) squats a classmate's file name,
    # forges a late hand-in in their name and invents a ghost
    planted = sim.plant(hub_class.work / "handin", others, NOTEBOOK)
    pool = ThreadPoolExecutor(1)
    meanwhile = pool.submit(asyncio.run, rest_of_class())

    # the browser student: the hub's login page, their server spawned, the notebook run, one answer
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.set_default_timeout(60_000)
    page = context.new_page()
    log_in(page, hub.url, first, hub_class.passwords[first])
    expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=SPAWN_MS)
    assert f"/user/{first}/lab" in page.url, page.url
    wait_kernel_idle(page)
    restart_and_run_all(page)
    assert_ran_clean(page, f"{first}'s {NOTEBOOK}")

    box = question_box(page, number, question)
    wrong = next(c for c in question.choices if c.id != question.answer)
    choose_and_check(box, question, wrong.id)
    expect(box).to_contain_text("Try again")
    choose_and_check(box, question, question.answer)
    expect(box).to_contain_text("Right, at the second try")
    # the core quiz's cell (the first; further work has a quiz of its own, handed in with it)
    quiz_cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text="quiz.show(").first
    expect(quiz_cell.get_by_role("textbox", name="Your name")).to_be_hidden()  # the hub user
    quiz_cell.get_by_role("button", name="Hand in", exact=True).click()
    expect(quiz_cell).to_contain_text(f"{NOTEBOOK}.{first}.json")
    context.close()
    *runs, teacher_run = meanwhile.result(timeout=600)
    pool.shutdown()

    for run in runs:
        assert not run.errors, f"{run.name}: {run.errors}"
        assert run.teacher_mode is False, f"{run.name}'s kernel is in teacher mode"
        record = json.loads(Path(run.progress).read_text(encoding="utf-8"))
        assert sim.stored(record, NOTEBOOK) == plans[run.name][1], f"{run.name}'s answers"
        assert set(record["notebooks"]) - {sim.STUDENT} == {NOTEBOOK}
    assert teacher_run.teacher_mode is True, "the teacher's kernel is not in teacher mode"

    home = Path(pwd.getpwnam(first).pw_dir)
    mine = home / ".local" / "share" / "caucasus1917" / "progress.json"
    record = json.loads(mine.read_text(encoding="utf-8"))
    # right at the second try: the answer is shown then, and the entry keeps its half point
    tries = {"attempts": [wrong.id, question.answer], "shown_at": 2, "ticks": [], "outcome": 0.5}
    assert sim.stored(record, NOTEBOOK) == {question.id: (tries, True)}
    assert (home / "caucasus1917" / f"{NOTEBOOK}.ipynb").is_file(), "no working copy in the home"
    progress = {first: mine, **{r.name: Path(r.progress) for r in runs}}
    assert sim.privacy_problems(hub_class.students, progress) == []

    # every student handed in to the exchange; the teacher's report reads all three
    result = sim.Result(len(hub_class.students), NOTEBOOK, runs=runs)
    first_handin = hub_class.work / "handin" / f"{NOTEBOOK}.{first}.json"
    result.runs.append(sim.Run(first, progress=str(mine), handin=str(first_handin)))
    # the teacher (a system user in `teachers`, not root) builds the report in their own kernel
    view = run_async(sim.teacher_view(hub, hub_class.teacher, NOTEBOOK))
    sim.read_handins(result, hub_class.students, view)
    assert (result.handins_read, result.handins_equal) == (3, 3), result.handin_problems
    assert view["line"] == f"hand-ins read 3/{3 + len(planted)}", view["line"]
    for name in planted:  # the squat, the forgery and the ghost: each left out in one line
        (line,) = [p for p in result.handin_problems if p.startswith(f"{name}: ")]
        assert line.endswith("left out"), line
    handed = {r.name: Path(r.handin) for r in result.runs}
    assert sim.exchange_problems(hub_class.students, handed, hub_class.teacher) == []
    assert off_host(requests) == [], "the hub's pages made requests off this machine"
    teacher_opens_the_report(hub_class, browser, planted)


def teacher_opens_the_report(hub_class: Class, browser: Browser, planted: list[str]) -> None:
    """The teacher logs in, opens class_results.ipynb in their folder and runs it: the class's
    three hand-ins read from the exchange, each planted file named in its line; the menus read the
    same folder."""
    teacher = hub_class.teacher
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    context.set_default_timeout(60_000)
    page = context.new_page()
    log_in(page, hub_class.hub.url, teacher, hub_class.passwords[teacher])  # the roster's password
    expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=SPAWN_MS)
    # ?reset: a workspace with this notebook alone (the start page's tab, still in the page with
    # windowing off, would otherwise hold outputs that Clear Outputs of this notebook leaves)
    page.goto(f"{hub_class.hub.url}/user/{teacher}/lab/tree/class_results.ipynb?reset")
    expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=SPAWN_MS)
    wait_kernel_idle(page)
    restart_and_run_all(page)
    assert_ran_clean(page, f"{teacher}'s class_results.ipynb")
    notebook = page.locator(".jp-Notebook")
    expect(notebook).to_contain_text(f"hand-ins read 3/{3 + len(planted)} of notebooks {NOTEBOOK}")
    for name in planted:
        expect(notebook).to_contain_text(name)
    notebook.get_by_role("button", name="Read the folder").click()
    expect(notebook).to_contain_text(f"hand-ins read 3/{3 + len(planted)} in")
    # the roster is the hub's students (deploy/course_config.py writes it at each spawn)
    expect(notebook).to_contain_text("Did not hand in (roster of 3)")
    expect(notebook).to_contain_text(f"{NOTEBOOK}: everyone handed in")
    context.close()
