"""Pytest set-up for the whole run (tests/ and the nbval run over notebooks/).

A quiz keeps each student's shuffling seed with their saved progress, so showing a quiz writes to the
progress file. Test runs, the notebooks' kernels included (they inherit this environment), use a
throw-away progress file instead of the user's own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

if not os.environ.get("CAUCASUS_PROGRESS"):
    os.environ["CAUCASUS_PROGRESS"] = str(
        Path(tempfile.mkdtemp(prefix="caucasus-test-")) / "progress.json"
    )
