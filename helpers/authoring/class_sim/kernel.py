"""A kernel in a student's server, driven over the Jupyter protocol as JupyterLab does: one
student's notebook run, measured."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from helpers.authoring.class_sim.answers import answer_code
from helpers.authoring.class_sim.hub import Hub

# the kernel protocol JupyterLab 4 speaks: the server passes the kernel's message frames through
# instead of decoding and re-encoding each as JSON (the legacy protocol)
KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org"


@dataclass
class Run:
    """What one student's notebook run measured."""

    name: str
    notebook_s: float = 0.0  # kernel start + every code cell
    answers_s: float = 0.0
    kernel_cpu_s: float = 0.0
    errors: list[str] = field(default_factory=list)
    marks: list[Any] = field(default_factory=list)
    progress: str = ""
    handin: str = ""
    teacher_mode: bool | None = None


class Kernel:
    """A notebook session in a user's server, reached through the hub's proxy, speaking the kernel
    protocol as JupyterLab does (KERNEL_PROTOCOL)."""

    def __init__(self, hub: Hub, user: str, path: str):
        self.hub, self.user, self.path = hub, user, path
        self.session = uuid.uuid4().hex
        self.sid = ""
        self.ws: Any = None

    async def __aenter__(self) -> Kernel:
        body = {
            "path": self.path,
            "name": self.path,
            "type": "notebook",
            "kernel": {"name": "python3"},
        }
        code, answer = await self.hub.request("POST", f"/user/{self.user}/api/sessions", body)
        if code >= 300:
            raise RuntimeError(f"{self.user}: starting a kernel answered {code}: {answer}")
        self.sid, kid = answer["id"], answer["kernel"]["id"]
        url = self.hub.url.replace("http://", "ws://")
        req = HTTPRequest(
            f"{url}/user/{self.user}/api/kernels/{kid}/channels?session_id={self.session}",
            headers={"Authorization": f"token {self.hub.token}"},
            connect_timeout=300,
            request_timeout=300,
        )
        self.ws = await websocket_connect(
            req, max_message_size=64 * 1024 * 1024, subprotocols=[KERNEL_PROTOCOL]
        )
        if self.ws.selected_subprotocol != KERNEL_PROTOCOL:
            raise RuntimeError(f"{self.user}: the server does not speak {KERNEL_PROTOCOL}")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            self.ws.close()
        if self.sid:
            await self.hub.request("DELETE", f"/user/{self.user}/api/sessions/{self.sid}")

    async def execute(self, code: str, timeout: float = 600) -> tuple[str, list[str]]:
        """Run one cell; its stdout and the text of any error or stderr output."""
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "username": self.user,
            "session": self.session,
            "version": "5.3",
            "date": "",
        }
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}}
        content |= {"allow_stdin": False, "stop_on_error": True}
        parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
        await self.ws.write_message(serialize_msg_to_ws_v1(parts, "shell"), binary=True)
        stdout, errors, replied, idle = [], [], False, False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            raw = await asyncio.wait_for(self.ws.read_message(), deadline - time.monotonic())
            if raw is None:
                raise RuntimeError(f"{self.user}: the kernel's connection closed")
            _, (head, parent, _, body_bytes, *_) = deserialize_msg_from_ws_v1(raw)
            if json.loads(parent).get("msg_id") != msg_id:
                continue
            kind = json.loads(head)["msg_type"]
            if kind not in ("execute_reply", "status", "stream", "error"):
                continue  # displays and widget messages: a browser draws them; we need not read them
            body = json.loads(body_bytes)
            if kind == "execute_reply":
                replied = True
                if body.get("status") != "ok":
                    errors.append(f"{body.get('ename')}: {body.get('evalue')}")
            elif kind == "status" and body.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                (stdout if body.get("name") == "stdout" else errors).append(body.get("text", ""))
            elif kind == "error":
                errors.append(f"{body.get('ename')}: {body.get('evalue')}")
        return "".join(stdout), errors


async def code_cells(hub: Hub, user: str, path: str) -> list[str]:
    """The code cells of the student's own working copy, read through their server."""
    code, model = await hub.request("GET", f"/user/{user}/api/contents/{path}?content=1")
    if code != 200:
        raise RuntimeError(f"{user}: no working copy {path} in their folder ({code}: {model})")
    cells = model["content"]["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


USAGE = "import resource as _r; _u = _r.getrusage(_r.RUSAGE_SELF); print(_u.ru_utime + _u.ru_stime)"


async def run_notebook(
    hub: Hub, user: str, path: str, attempts: list[tuple[str, Any]] | None, notebook_id: str
) -> Run:
    """One student: open the notebook's kernel, run every code cell, then answer the quiz."""
    run = Run(user)
    cells = await code_cells(hub, user, path)
    t0 = time.monotonic()
    async with Kernel(hub, user, path) as kernel:
        for cell in cells:
            _, errors = await kernel.execute(cell)
            run.errors += errors
        run.notebook_s = time.monotonic() - t0
        if attempts is not None:
            t1 = time.monotonic()
            out, errors = await kernel.execute(answer_code(notebook_id, attempts))
            run.answers_s = time.monotonic() - t1
            run.errors += errors
            if out.strip():
                answer = json.loads(out.strip().splitlines()[-1])
                run.marks, run.progress = answer["marks"], answer["progress"]
                run.handin = answer.get("handin", "")
        out, errors = await kernel.execute(USAGE)
        run.kernel_cpu_s = float(out.strip() or 0)
        mode, _ = await kernel.execute("from helpers import quiz as _q; print(_q.teacher_mode())")
        run.teacher_mode = mode.strip() == "True"
    return run
