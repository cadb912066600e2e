"""Fixtures for the browser tests: one JupyterLab and one Chromium per session, one page per test.

`make browser` and `make test` run them on 3 processes (pytest-xdist, `--dist loadgroup`; `WORKERS=0`:
one). Each worker is a session of its own: its JupyterLab (own port, own throw-away Jupyter dirs,
working copies, progress and hand-in folders, under the worker's tmp_path_factory; its kernels over
Unix sockets in a runtime folder of its own under /tmp, lab_driver.start_lab), its Chromium and its
progress file (../../conftest.py). When a Lab stops, the checkout's notebooks must be as they were
when it started, whatever its lane ran. lanes.py
puts each test file that uses a Lab in one of three lanes, one worker each (the root conftest's
scheduler), so a file's tests and the notebooks' runs (`ran`) stay in one Lab.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lab_driver import (
    REPO,
    Lab,
    checkout_notebooks,
    open_notebook,
    restart_and_run_all,
    start_lab,
    stop_lab,
)
from lanes import LANES, LAST
from playwright.sync_api import Browser, CDPSession, Page, expect

# The notebooks under test; CAUCASUS_BROWSER_NOTEBOOKS points elsewhere (a folder of test notebooks).
NOTEBOOKS = Path(os.environ.get("CAUCASUS_BROWSER_NOTEBOOKS", REPO / "notebooks"))
SCREENSHOTS = REPO / "build" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1600}
PROJECTOR = {"width": 1280, "height": 800}
WIDGET_REPR = re.compile(r"\w+\(children=\(|<\w+ object at 0x|\bVBox\(|\bHBox\(")
expect.set_options(timeout=30_000)  # JupyterLab and kernels are slow on a busy CI machine


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Once every other hook has ordered the items, put LAST's tests at the end. A Lab test of a
    file no lane names (lanes.py) is an error: it could run after LAST, or split over two Labs (as
    would a run on several processes without --dist loadgroup: ../../conftest.py refuses it)."""
    named = {name for names in LANES.values() for name in names}
    labbed = [item for item in items if "lab" in getattr(item, "fixturenames", ())]
    unnamed = {item.path.name for item in labbed if item.path.name not in named}
    if unnamed:
        raise pytest.UsageError(f"tests/browser/lanes.py: name a lane for {sorted(unnamed)}")
    yield
    items.sort(key=lambda item: item.path.name == LAST)  # stable: the others keep their order


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
    try:  # whatever this Lab's lane ran, answered and autosaved, the checkout is as it was
        now = checkout_notebooks()
        before = server.checkout_before or {}
        changed = sorted(n for n in now.keys() | before.keys() if now.get(n) != before.get(n))
        assert not changed, f"this Lab's tests changed the checkout's notebooks: {changed}"
    finally:
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


@dataclass
class Ran:
    """One notebook opened at 1280x800 (what it showed before any cell ran), then run once."""

    name: str
    page: Page
    devtools: CDPSession  # Chromium's DevTools session of the page (screen emulation)
    requests: list[str]
    reprs_before: list[str]  # widget outputs showing a Python repr before running
    shot_before: Path

    def at_viewport(self) -> None:
        """Lay the page out at VIEWPORT again (a test may have emulated another screen on it)."""
        self.devtools.send("Emulation.clearDeviceMetricsOverride")
        self.page.set_viewport_size(VIEWPORT)


@pytest.fixture(scope="session", params=notebook_names())
def ran(
    request: pytest.FixtureRequest, browser: Browser, lab: Lab, screenshots: Path
) -> Iterator[Ran]:
    """Each notebook opened once and run once (Restart and Run All), shared by the tests that read
    it (test_browser_notebooks and test_browser_quiz_layout): pytest runs a notebook's tests
    together, and no test changes what the notebook shows (a test that lays the page out at its
    own size sets that size first).

    Opening and running a notebook is most of a browser test's time: the two modules each did it,
    16 runs and 16 kernel starts for 8 notebooks; now 8 of each."""
    name = request.param
    requests: list[str] = []
    context = browser.new_context(viewport=PROJECTOR, device_scale_factor=1)
    context.on("request", lambda r: requests.append(r.url))
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        open_notebook(page, lab, name)
        texts = page.locator(".jp-Notebook .jp-OutputArea-output").all_inner_texts()
        reprs = [t[:120] for t in texts if WIDGET_REPR.search(t)]
        shot = screenshots / ("1280x800-" + name.replace(".ipynb", ".png"))
        page.screenshot(path=str(shot))
        page.set_viewport_size(VIEWPORT)
        restart_and_run_all(page)
        yield Ran(name, page, context.new_cdp_session(page), requests, reprs, shot)
    finally:
        context.close()
        lab.end_sessions()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """build/screenshots/, where each notebook's screenshot goes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
