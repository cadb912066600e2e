"""Kernels the maintainer tools and the tests start (make bench, the notebook generator, nbval, the
tests' NotebookClients) talk to them over Unix sockets, never over TCP.

Over TCP, jupyter_client picks a kernel's five ports by binding port 0 and closing it, and the kernel
binds them a moment later: another process (a second pytest worker's kernel, a helper's bench) can
take a port in between, and the kernel dies with "ZMQError: Address already in use". A Unix socket has
no such gap. Each kernel keeps its connection file and sockets in a short folder of its own under /tmp
(a socket's path must stay under 108 bytes), removed when the kernel stops. The browser tests' Labs
do the same through their server's settings (tests/browser/lab_driver.start_lab).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from jupyter_client import AsyncKernelManager, KernelManager

FOLDER_PREFIX = "kernel-sockets-"


class SocketFolder:
    """A kernel manager whose kernel listens on Unix sockets in a folder of its own, removed at the
    kernel's last stop (not at a restart, which reuses it)."""

    socket_folder: str

    def __init__(self, **kwargs: Any) -> None:
        folder = tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir="/tmp")
        kwargs.update(transport="ipc", connection_file=os.path.join(folder, "kernel.json"))
        super().__init__(**kwargs)
        self.socket_folder = folder

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)  # type: ignore[misc]
        if not restart:
            shutil.rmtree(self.socket_folder, ignore_errors=True)


class UnixSocketKernelManager(SocketFolder, KernelManager):
    """jupyter_client's blocking kernel manager over Unix sockets (nbval's)."""


class AsyncUnixSocketKernelManager(SocketFolder, AsyncKernelManager):
    """jupyter_client's asynchronous kernel manager over Unix sockets (nbclient's)."""


def notebook_client(nb: Any, **kwargs: Any) -> Any:
    """An nbclient NotebookClient for nb whose kernel talks over Unix sockets (kwargs as nbclient's)."""
    from nbclient import NotebookClient

    return NotebookClient(nb, kernel_manager_class=AsyncUnixSocketKernelManager, **kwargs)
