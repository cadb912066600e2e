"""`make lab` (scripts/lab.sh) serves the collection, and its start page opens."""

from __future__ import annotations

import pytest
from lab_driver import Lab

pytestmark = pytest.mark.browser


def test_lab_serves_start_notebook(lab: Lab) -> None:
    """The start notebook's page answers 200 with the token."""
    status, body = lab.request("GET", "/lab/tree/00_start_here.ipynb")
    assert status == 200, f"/lab/tree/00_start_here.ipynb answered {status}"
    assert b"JupyterLab" in body


def test_lab_contents_lists_start_notebook(lab: Lab) -> None:
    """The served folder holds the start notebook (the one `make lab` opens)."""
    status, body = lab.request("GET", "/api/contents/00_start_here.ipynb?content=0")
    assert status == 200, f"/api/contents/00_start_here.ipynb answered {status}: {body[:200]!r}"
