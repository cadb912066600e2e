"""Fixtures for the browser tests: one JupyterLab and one Chromium per session, one page per test."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab_driver import REPO, Lab, start_lab, stop_lab
from playwright.sync_api import Browser, Page, expect

# The notebooks under test; CAUCASUS_BROWSER_NOTEBOOKS points elsewhere (a folder of test notebooks).
NOTEBOOKS = Path(os.environ.get("CAUCASUS_BROWSER_NOTEBOOKS", REPO / "notebooks"))
SCREENSHOTS = REPO / "build" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1600}
expect.set_options(timeout=30_000)  # JupyterLab and kernels are slow on a busy CI machine


def notebook_names() -> list[str]:
    """The notebooks present in the notebooks folder, in order."""
    return sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab started by scripts/lab.sh as `make lab` starts it: on working copies of the
    checkout's notebooks in a folder of their own (or on a copy of CAUCASUS_BROWSER_NOTEBOOKS)."""
    work = tmp_path_factory.mktemp("lab")
    root = work / "notebooks"
    copies = "CAUCASUS_BROWSER_NOTEBOOKS" not in os.environ
    if not copies:
        shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    started = time.monotonic()
    server = start_lab(root, work, copies=copies)
    print(f"\nJupyterLab answered after {time.monotonic() - started:.1f} s at {server.url}")
    yield server
    stop_lab(server)


@pytest.fixture
def requests_made() -> list[str]:
    """Every URL the test's page requested (filled by the `page` fixture)."""
    return []


@pytest.fixture
def page(browser: Browser, lab: Lab, requests_made: list[str]) -> Iterator[Page]:
    """A fresh browser context and page; the server's sessions are ended afterwards."""
    context = browser.new_context(viewport=VIEWPORT)
    context.on("request", lambda request: requests_made.append(request.url))
    context.set_default_timeout(60_000)
    new_page = context.new_page()
    yield new_page
    context.close()
    lab.end_sessions()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """build/screenshots/, where each notebook's screenshot goes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter) -> None:
    """List the screenshots this run saved, so CI's log says where they are."""
    shots = sorted(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.exists() else []
    if shots:
        terminalreporter.write_sep("-", "notebook screenshots (browser tests)")
        for shot in shots:
            terminalreporter.write_line(str(shot.relative_to(REPO)))
