"""`make lab` (scripts/lab.sh) serves the collection, and its start page opens."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import lab_driver
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


def test_a_lab_whose_port_is_taken_starts_on_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The port free_port picked is taken before the Lab binds it: the Lab says so, exits, and is
    started again on another port (lab_driver.start_lab); it then serves."""
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    first = [taken.getsockname()[1]]
    real = lab_driver.free_port
    monkeypatch.setattr(lab_driver, "free_port", lambda: first.pop() if first else real())
    served = tmp_path / "served"
    served.mkdir()
    start = lab_driver.REPO / "notebooks" / "00_start_here.ipynb"  # lab.sh opens it
    (served / start.name).write_bytes(start.read_bytes())
    lab = lab_driver.start_lab(served, tmp_path)
    try:
        log = (tmp_path / "lab-1.log").read_text(encoding="utf-8", errors="replace")
        assert any(words in log for words in lab_driver.PORT_TAKEN), log[-2000:]
        assert lab.log == tmp_path / "lab-2.log"
        assert lab.request("GET", "/api/status")[0] == 200
    finally:
        lab_driver.stop_lab(lab)
        taken.close()
    assert lab.runtime is not None and not lab.runtime.exists()
