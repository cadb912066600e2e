"""The hub of `make class-sim`: where the course is installed, JupyterHub started and stopped on free
local ports, the servers started through its REST API, and the system users removed afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import pwd
import secrets
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from helpers.authoring.processes import stop_group

REPO = Path(__file__).resolve().parents[3]
CONFIG = REPO / "deploy" / "jupyterhub_config.py"
HUB_DIR = Path(
    os.environ.get("CAUCASUS_HUB_DIR")
    or "/opt/caucasus1917-hub/" + hashlib.sha1(str(REPO).encode()).hexdigest()[:10]
)  # where `make hub-deps` installed the course (deploy/install.sh): course/, venv/
COURSE, VENV = HUB_DIR / "course", HUB_DIR / "venv"
JUPYTERHUB = VENV / "bin" / "jupyterhub"
PROXY = REPO / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
WORK = "caucasus1917"  # the students' folder of working copies (deploy/jupyterhub_config.py)

# a whole class talks to the hub at once: tornado's client would queue all but 10 requests
AsyncHTTPClient.configure(None, max_clients=1000)


def free_ports(count: int = 3) -> int:
    """A port p on 127.0.0.1 such that p .. p+count-1 are all free now."""
    for _ in range(200):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            for p in range(base, base + count):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", p))
        except OSError:
            continue
        return base
    raise RuntimeError("no three consecutive free ports on 127.0.0.1")


@dataclass
class Hub:
    """A running JupyterHub started by this script."""

    url: str
    token: str
    state: Path
    process: subprocess.Popen[bytes]
    started_s: float = 0.0

    @property
    def log(self) -> Path:
        """The hub's log file."""
        return self.state / "hub.log"

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the hub's log."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    async def request(
        self, method: str, path: str, body: Any = None, timeout: float = 120
    ) -> tuple[int, Any]:
        """An authenticated request to the hub or through its proxy; status and parsed JSON body."""
        req = HTTPRequest(
            self.url + path,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
            body=None if body is None and method in ("GET", "DELETE") else json.dumps(body or {}),
            allow_nonstandard_methods=True,
            connect_timeout=timeout,
            request_timeout=timeout,
        )
        try:
            resp = await AsyncHTTPClient().fetch(req)
        except HTTPClientError as err:
            text = err.response.body.decode(errors="replace") if err.response else str(err)
            return err.code, text
        return resp.code, json.loads(resp.body) if resp.body else None

    async def api(self, method: str, path: str, body: Any = None) -> Any:
        """A hub REST API call that must succeed."""
        code, answer = await self.request(method, "/hub/api" + path, body)
        if code >= 300:
            raise RuntimeError(f"{method} /hub/api{path} answered {code}: {answer}")
        return answer


def start_hub(work: Path, teachers: list[str], roster: Path | None = None) -> Hub:
    """JupyterHub with deploy/jupyterhub_config.py on free local ports; returns when its API answers.
    With a roster (`make class-users`) its members may log in; without, the users the API adds."""
    for needed in (JUPYTERHUB, PROXY):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: run `make hub-deps` (as root) first")
    port, token, state = free_ports(), secrets.token_hex(32), work / "hub"
    state.mkdir(mode=0o700)
    env = {
        **os.environ,
        "CAUCASUS_HUB_PORT": str(port),
        "CAUCASUS_HUB_STATE": str(state),
        "CAUCASUS_HUB_COURSE": str(COURSE),
        "CAUCASUS_HUB_VENV": str(VENV),
        "CAUCASUS_HUB_TEACHERS": ",".join(teachers),
        "CAUCASUS_HUB_API_TOKEN": token,
        "CAUCASUS_HUB_HANDIN": str(work / "handin"),  # the exchange (deploy/course_config.py)
        "CAUCASUS_HUB_ROSTER": str(roster or work / "no-roster.csv"),  # not the school's roster
    }
    started = time.monotonic()
    with (state / "hub.log").open("wb") as log:
        process = subprocess.Popen(
            [str(JUPYTERHUB), "-f", str(CONFIG)],
            cwd=state,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", token, state, process)
    while time.monotonic() - started < 120:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with {process.returncode}:\n{hub.log_tail()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(hub.url + "/hub/api/", timeout=5) as resp,
        ):
            if resp.status == 200:
                hub.started_s = time.monotonic() - started
                return hub
        time.sleep(0.2)
    stop_hub(hub)
    raise RuntimeError(f"JupyterHub did not answer in 120 s:\n{hub.log_tail()}")


def stop_hub(hub: Hub) -> None:
    """Stop the hub (it stops the servers it started: cleanup_servers), politely first."""
    stop_group(hub.process, 60)


async def start_servers(hub: Hub, names: list[str], timeout: float = 600) -> dict[str, float]:
    """Ask the hub to start every user's server at once; seconds until each was ready."""
    t0 = time.monotonic()
    ready: dict[str, float] = {}

    async def one(name: str) -> None:
        code, answer = await hub.request("POST", f"/hub/api/users/{name}/server", {}, timeout=600)
        if code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"starting {name}'s server answered {code}: {answer}")
        while time.monotonic() - t0 < timeout:
            user = await hub.api("GET", f"/users/{name}")
            server = (user.get("servers") or {}).get("")
            if server and server.get("ready"):
                ready[name] = time.monotonic() - t0
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"{name}'s server was not ready after {timeout:.0f} s")

    await asyncio.gather(*(one(n) for n in names))
    return ready


def remove_users(names: list[str]) -> None:
    """End every process of these users (ours: the hub started them), then delete them and homes."""
    for name in names:
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            continue
        for proc in psutil.process_iter(["uids"]):
            with contextlib.suppress(psutil.Error):
                if proc.info["uids"] and proc.info["uids"].real == uid:
                    proc.kill()
        subprocess.run(["userdel", "-r", name], capture_output=True, check=False)


def as_user(name: str, *command: str) -> bool:
    """Whether a command run as that user succeeds."""
    done = subprocess.run(["runuser", "-u", name, "--", *command], capture_output=True, check=False)
    return done.returncode == 0
