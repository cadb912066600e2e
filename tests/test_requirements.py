"""Runtime and developer requirements apart: requirements.txt is what a student's server needs.

`make test` builds the runtime venv (.venv-run, from requirements.txt alone) and runs every notebook's
nbval check on a kernel in it; these tests check the two pinned files agree and that venv holds the
lessons' libraries and none of the developer tools.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from helpers import data
from helpers.authoring import bench

RUNTIME = data.REPO / "requirements.txt"
DEV = data.REPO / "requirements-dev.txt"
RUN_VENV = Path(os.environ.get("CAUCASUS_RUN_VENV") or data.REPO / ".venv-run")
DEV_TOOLS = ("pytest", "nbval", "playwright", "ruff", "pip-tools", "pyinstrument", "frictionless")


def pins(path: Path) -> dict[str, str]:
    """name -> version of a pip-compiled file."""
    text = path.read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9][\w.-]*)==(\S+)", text, re.M))


def test_dev_pins_are_the_runtime_pins_plus_tools() -> None:
    runtime, dev = pins(RUNTIME), pins(DEV)
    assert runtime and {k: dev.get(k) for k in runtime} == runtime
    assert set(DEV_TOOLS) <= set(dev)


def test_runtime_set_has_no_developer_tool() -> None:
    assert set(pins(RUNTIME)) & set(DEV_TOOLS) == set()
    assert re.search(r"^-e \.$", RUNTIME.read_text(encoding="utf-8"), re.M)


def test_runtime_venv_has_the_lessons_libraries_only_and_is_small() -> None:
    python = RUN_VENV / "bin" / "python"
    assert python.exists(), f"no runtime venv at {RUN_VENV}: `make test` (or `make lab`) builds it"
    probe = (
        "import importlib.util as u\n"
        "from helpers import data, lesson, quiz, widgets\n"
        "from helpers.figures import charts, maps\n"
        "from helpers.history import calendars, elections\n"
        "import jupyterlab, ipykernel\n"
        "tools = ['pytest', 'nbval', 'playwright', 'ruff', 'piptools', 'pyinstrument', 'frictionless']\n"
        "print(','.join(t for t in tools if u.find_spec(t)))\n"
    )
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, cwd=data.REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"developer tools in the runtime venv: {done.stdout}"
    size = bench.disk_mb(RUN_VENV)
    print(
        f"runtime venv {RUN_VENV.name}: {size:.0f} MB (goal <= {bench.GOAL_RUNTIME_VENV_MB:.0f} MB)"
    )
    assert size <= bench.GOAL_RUNTIME_VENV_MB
