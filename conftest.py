"""Pytest set-up for the whole run (tests/ and the nbval run over notebooks/).

A quiz keeps each student's shuffling seed with their saved progress, so showing a quiz writes to the
progress file. Test runs, the notebooks' kernels included (they inherit this environment), use a
throw-away progress file instead of the user's own.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import time
from pathlib import Path

import pytest

# Under pytest-xdist (`make unit`, `make test`: -n 2) each worker inherits the controller's
# environment, so a worker replaces the file the controller made with one of its own: two notebooks
# run at once never share a progress file.
# the throw-away file this conftest made (absent if the user set CAUCASUS_PROGRESS)
_MADE = "_CAUCASUS_TEST_PROGRESS"
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if not os.environ.get("CAUCASUS_PROGRESS") or (
    _WORKER and os.environ.get(_MADE) == os.environ["CAUCASUS_PROGRESS"]
):
    os.environ["CAUCASUS_PROGRESS"] = os.environ[_MADE] = str(
        Path(tempfile.mkdtemp(prefix=f"caucasus-test-{_WORKER}")) / "progress.json"
    )

# The browser tests' screenshots (tests/browser/conftest.py); this run's are listed at its end. Here,
# not in tests/browser/: under pytest-xdist the workers take the shots and only the controller,
# which does not load tests/browser/conftest.py, writes the summary.
SCREENSHOTS = Path(__file__).resolve().parent / "build" / "screenshots"
_STARTED = time.time()


def pytest_terminal_summary(terminalreporter) -> None:
    """List the screenshots this run saved, so CI's log says where they are."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not SCREENSHOTS.exists():
        return
    shots = sorted(p for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= _STARTED)
    if shots:
        terminalreporter.write_sep("-", "notebook screenshots (browser tests)")
        for shot in shots:
            terminalreporter.write_line(str(shot.relative_to(SCREENSHOTS.parents[1])))


def _lanes():
    """tests/browser/lanes.py, loaded by path (tests/ is no package)."""
    spec = importlib.util.spec_from_file_location(
        "browser_lanes", Path(__file__).resolve().parent / "tests" / "browser" / "lanes.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nbval_kernels_over_unix_sockets() -> None:
    """nbval's kernels talk to it over Unix sockets, as every kernel our tools and tests start does
    (helpers/authoring/kernels.py says why). nbval has no option for the transport, so its kernel
    manager is replaced."""
    import nbval.kernel

    from helpers.authoring.kernels import UnixSocketKernelManager

    nbval.kernel.KernelManager = UnixSocketKernelManager


def pytest_configure(config) -> None:
    """The browser tests on several processes must be dealt out by lane (--dist loadgroup, the
    scheduler below): any other distribution splits a lane's tests over Labs. nbval's kernels talk
    over Unix sockets (nbval_kernels_over_unix_sockets)."""
    nbval_kernels_over_unix_sockets()
    browser = config.getoption("markexpr", "") == "browser" or any(
        "tests/browser" in str(arg) for arg in config.args
    )
    workers = config.getoption("numprocesses", None)
    if browser and workers and config.getoption("dist", "no") != "loadgroup":
        raise pytest.UsageError(
            "the browser tests share Labs by lane: run them with --dist loadgroup"
        )


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup (`make browser`, `make test`): each lane of tests/browser/lanes.py is one
    work unit, sent whole to one worker in collection order; any other test its own unit."""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    lanes = _lanes()
    lane_of = lanes.lane_of
    workers = config.getoption("numprocesses")
    if isinstance(workers, int) and workers < len(lanes.LANES):
        # xdist gives a worker a second unit before all have one: two lanes would share a session,
        # and the update walk (LAST) would no longer end its Lab's run
        raise pytest.UsageError(
            f"--dist loadgroup: the browser lanes need {len(lanes.LANES)} processes (-n) or none"
        )

    class LaneScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return lane_of(nodeid) or super()._split_scope(nodeid)

    return LaneScheduling(config, log)
