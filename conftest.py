"""Pytest set-up for the whole run (tests/ and the nbval run over notebooks/).

A quiz keeps each student's shuffling seed with their saved progress, so showing a quiz writes to the
progress file. Test runs, the notebooks' kernels included (they inherit this environment), use a
throw-away progress file instead of the user's own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
