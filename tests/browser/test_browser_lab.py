"""`make lab` (scripts/lab.sh) serves the collection, and its start page opens."""

from __future__ import annotations

import json

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


def test_kernels_talk_over_unix_sockets(lab: Lab) -> None:
    """A kernel the Lab starts uses IPC, not TCP ports another process could take first (lab_driver)."""
    status, body = lab.request("POST", "/api/kernels")
    assert status == 201, f"POST /api/kernels answered {status}: {body[:200]!r}"
    kernel = json.loads(body)["id"]
    try:
        files = list(lab.runtime.glob(f"kernel-{kernel}*.json"))
        assert files, f"no connection file for kernel {kernel} in {lab.runtime}"
        info = json.loads(files[0].read_text())
        assert info["transport"] == "ipc", f"kernel {kernel} uses {info['transport']}"
        assert len(info["ip"]) + 8 < 108, f"socket path too long for AF_UNIX: {info['ip']}"
    finally:
        lab.request("DELETE", f"/api/kernels/{kernel}")
