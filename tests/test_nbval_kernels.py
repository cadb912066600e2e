"""Every kernel our tools and tests start talks over Unix sockets (helpers/authoring/kernels.py):
nbval's (the root conftest swaps its kernel manager) and nbclient's (kernels.notebook_client, used by
make bench, the notebook generator and the tests); no TCP port can be taken from them."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbval.kernel import RunningKernel

from helpers.authoring.kernels import FOLDER_PREFIX, notebook_client


def sockets_of(connection_file: str) -> Path:
    """The kernel's own folder, after checking that its connection file names Unix sockets there."""
    connection = Path(connection_file)
    info = json.loads(connection.read_text(encoding="utf-8"))
    folder = connection.parent
    assert info["transport"] == "ipc", info
    assert folder.name.startswith(FOLDER_PREFIX) and Path(info["ip"]).parent == folder
    assert sorted(p.name for p in folder.glob("kernel-ipc-*"))  # its sockets are there
    return folder


def test_an_nbval_kernel_talks_over_unix_sockets_in_a_folder_of_its_own() -> None:
    kernel = RunningKernel("python3")
    try:
        folder = sockets_of(kernel.km.connection_file)
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


def test_a_notebook_clients_kernel_talks_over_unix_sockets_in_a_folder_of_its_own() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    client = notebook_client(nb, timeout=60, kernel_name="python3", shutdown_kernel="immediate")
    folders = []
    client.on_cell_executed = lambda **_: folders.append(sockets_of(client.km.connection_file))
    client.execute()
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "2"
    assert len(folders) == 1 and not folders[0].exists()
