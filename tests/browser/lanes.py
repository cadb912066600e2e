"""Which worker's JupyterLab each browser test file runs in, when the browser tests run on 3 processes.

The root conftest.py's scheduler (--dist loadgroup) sends each lane, whole and in collection order,
to one worker; tests/browser/conftest.py puts LAST at the end and fails on a Lab test no lane names.
(pytest-xdist's own xdist_group marks do nothing under pytest 9: xdist 3.8 sets `item._nodeid`,
which pytest 9 no longer reads, so a group was split test by test.)
"""

from __future__ import annotations

# Three lanes, each about a third of the suite's time (durations of a 3-process `make browser` at load
# 7-11, in s; the hub's class from `make test`): a: notebooks 291 + quiz layout 71 + hand-in 47 = 409;
# b: figures 231 + small 61 + handouts 58 (no Lab) + quiz 29 + update 42 = 421; c: the hub's class 93
# (its own hub; it runs first, in collection order, and its module's hub stops before the lane's Lab
# starts) + room 120 + widgets 89 + keyboard 83 + lab 16 = 401 (308 in `make browser`, which has no
# hub). The scheduler deals each lane whole to one worker, so with three workers each runs one. Lane
# b ends with test_browser_update (LAST): it walks the class after every other test of its Lab ran,
# answered and autosaved. A new file that uses a Lab must be named here.
LANES = {
    "lab_a": (
        "test_browser_notebooks.py",  # these two share the notebooks' runs (`ran`)
        "test_browser_quiz_layout.py",
        "test_browser_handin.py",
    ),
    "lab_b": (
        "test_browser_figures.py",
        "test_browser_small.py",
        "test_browser_quiz.py",
        "test_handouts.py",
        "test_browser_update.py",
    ),
    "lab_c": (
        "test_browser_hub.py",
        "test_browser_widgets.py",
        "test_browser_room.py",
        "test_browser_keyboard.py",
        "test_browser_lab.py",
    ),
}
LAST = "test_browser_update.py"


def lane_of(nodeid: str) -> str | None:
    """The lane of a test's node id (tests/browser/<file>::...), None if no lane names its file."""
    name = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
    return next((lane for lane, names in LANES.items() if name in names), None)
