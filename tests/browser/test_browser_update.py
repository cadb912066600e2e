"""A class's work never blocks an update: running and saving notebooks in JupyterLab (as `make lab`
serves them) changes the user's working copies, never the checkout's tracked notebooks."""

from __future__ import annotations

import json
import subprocess
import time

import pytest
from lab_driver import (
    REPO,
    Lab,
    assert_ran_clean,
    checkout_notebooks,
    open_in_lab,
    restart_and_run_all,
)
from playwright.sync_api import Page

pytestmark = pytest.mark.browser
WALK = ["00_start_here.ipynb", "06_independence_and_baku.ipynb"]
SAVE_SECONDS = 30  # from the page's save to the file on disk


def git_status() -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--", "notebooks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return done.stdout if done.returncode == 0 else f"(no git: {done.stderr.strip()})"


def test_a_class_walk_leaves_the_checkout_as_it_was(page: Page, lab: Lab) -> None:
    """Run All and save (what autosave does) in two notebooks, after every other browser test of
    its Lab (its lane, tests/browser/lanes.py) has run, answered and autosaved: the tracked notebooks
    are byte for byte unchanged, and the saves landed in the working copies. (Every Lab also checks
    the checkout when it stops: the `lab` fixture.)"""
    if lab.checkout_before is None or lab.root.parent == REPO:
        pytest.fail("the lab must serve working copies (scripts/lab.sh without LAB_ROOT)")
    status_before = git_status()
    for name in WALK:
        copy = lab.root / name
        before = copy.read_bytes()
        open_in_lab(page, lab, name)  # the second in the Lab the first loaded
        restart_and_run_all(page)
        assert_ran_clean(page, name)
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=60_000)
        deadline = time.monotonic() + SAVE_SECONDS
        while copy.read_bytes() == before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert copy.read_bytes() != before, (
            f"{name}: the save did not reach the working copy in {SAVE_SECONDS} s"
        )
        counts = [c.get("execution_count") for c in json.loads(copy.read_text())["cells"]]
        assert any(counts), f"{name}: the saved copy holds no run cells"
    assert checkout_notebooks() == lab.checkout_before, (
        "a tracked notebook changed during the class"
    )
    assert git_status() == status_before
    assert (lab.root / ".originals").is_dir()
