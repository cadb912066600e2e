"""nbval's kernels talk over Unix sockets (the root conftest): no TCP port can be taken from them."""

from __future__ import annotations

import json
from pathlib import Path

from nbval.kernel import RunningKernel


def test_an_nbval_kernel_talks_over_unix_sockets_in_a_folder_of_its_own() -> None:
    kernel = RunningKernel("python3")
    try:
        connection = Path(kernel.km.connection_file)
        info = json.loads(connection.read_text(encoding="utf-8"))
        folder = connection.parent
        assert info["transport"] == "ipc", info
        assert folder.name.startswith("nbval-k-") and Path(info["ip"]).parent == folder
        assert sorted(p.name for p in folder.glob("kernel-ipc-*"))  # its sockets are there
        msg_id = kernel.execute_cell_input("1 + 1")
        kernel.await_reply(msg_id, timeout=30)  # raises if no reply comes
        results = []
        while not results:  # raises queue.Empty after 30 s without a message
            msg = kernel.get_message(stream="iopub", timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
                results.append(msg["content"]["data"]["text/plain"])
        assert results == ["2"]
    finally:
        kernel.stop()
    assert not folder.exists()
