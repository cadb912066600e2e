"""Servers started in a session of their own (JupyterHub by the class simulation, JupyterLab by the
browser tests): how to stop one with everything it started."""

from __future__ import annotations

import os
import signal
import subprocess


def stop_group(process: subprocess.Popen[bytes], polite_seconds: float) -> None:
    """Stop a server started with start_new_session=True (its whole process group): SIGTERM, then
    SIGKILL if it has not ended after polite_seconds."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=polite_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
