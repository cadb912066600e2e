"""`make class-sim`: a class of N students on a real JupyterHub on this machine, measured.

As root: starts JupyterHub (deploy/jupyterhub_config.py) on free ports of 127.0.0.1, creates N students
and a teacher through the hub's REST API (the hub makes them system users with private homes), starts
every server through the hub, then has each student run a lesson notebook in their own kernel and
answer its quiz through the quiz code (right, wrong, a retry) and hand it in to the exchange folder,
all at once, after three students ran it alone, one after another (the median of the three is "one
student alone"); the class report is then built from that folder
(build/class-sim-report/index.html). It checks that every student's progress file holds exactly their own answers and that no
student can read another's, stops everything, removes the users, and prints a table (also written to
build/class-sim.md) ending in `class of N: worst student/alone ratio X.XX, answers kept A/A`.

    make class-sim                     # 30 students
    make class-sim ARGS="--students 5 --notebook 01_revolution_in_russia"

A script, not a test: times depend on the machine and what else runs on it (the load is printed).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import pwd
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "jupyterhub_config.py"
HUB_DIR = Path(
    os.environ.get("CAUCASUS_HUB_DIR")
    or "/opt/caucasus1917-hub/" + hashlib.sha1(str(REPO).encode()).hexdigest()[:10]
)  # where `make hub-deps` installed the course (deploy/install.sh): course/, venv/
COURSE, VENV = HUB_DIR / "course", HUB_DIR / "venv"
JUPYTERHUB = VENV / "bin" / "jupyterhub"
PROXY = REPO / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
WORK = "caucasus1917"  # the students' folder of working copies (deploy/jupyterhub_config.py)
LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}
# the kernel protocol JupyterLab 4 speaks: the server passes the kernel's message frames through
# instead of decoding and re-encoding each as JSON (the legacy protocol)
KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org"
REASON = (
    "reads the cited passage, asks who wrote it and when, and checks it against another account."
)
WRITTEN = (
    "the article relies on one side's memoirs, while other historians used archives and newspapers, "
    "so the claim needs corroboration before we accept it."
)
SAMPLE_SECONDS = 1.0
ALONE = 3  # students who run the notebook alone, in turn, before the class
# a whole class talks to the hub at once: tornado's client would queue all but 10 requests
AsyncHTTPClient.configure(None, max_clients=1000)


# --- the quiz, as a student answers it (the one place that knows the quiz's public API) -----------


def answer_code(notebook_id: str, attempts: list[tuple[str, Any]]) -> str:
    """Kernel code that answers as the quiz widget's Check button does (attempts.add on the saved
    entry, then progress.record_answer when the answer could be read), then hands the quiz in as its
    Hand in button does. Prints the marks, the progress file and the hand-in as JSON.
    Re-point this function (only) when the quiz flow or the progress API changes."""
    return f"""
import json as _json
from helpers import quiz as _quiz
from helpers.quiz import attempts as _attempts, handin as _handin, progress as _progress
_bank = {{_q.id: _q for _q in _quiz.load({notebook_id!r}).questions}}
_marks = []
for _qid, _answer in _json.loads({json.dumps(json.dumps(attempts))}):
    _q = _bank[_qid]
    _entry = _attempts.entry(_progress.answers({notebook_id!r}).get(_qid))
    _fb = _attempts.add(_q, _entry, _answer, _handin.now())
    if _fb.correct is not None or _fb.written:
        _right = _attempts.grade(_q, {{"answer": _entry}}) is True
        _progress.record_answer({notebook_id!r}, _qid, _entry, _right)
    _marks.append(_fb.correct)
_handed = _quiz.hand_in({notebook_id!r})
print(_json.dumps({{"marks": _marks, "progress": str(_progress.path()), "handin": str(_handed)}}))
"""


def without_times(entry: Any) -> Any:
    """A saved quiz entry without its attempt times (which differ from run to run)."""
    if isinstance(entry, dict):
        return {k: v for k, v in entry.items() if k != "times"}
    return entry


STUDENT = "_student"  # helpers.quiz.attempts.STUDENT: the seed's place in a progress file


def stored(record: dict[str, Any], notebook_id: str) -> dict[str, Any]:
    """The answers a progress record keeps for one notebook: {question_id: (entry, correct)}."""
    saved = record.get("notebooks", {}).get(notebook_id, {})
    return {
        qid: (without_times(entry.get("answer")), entry.get("correct"))
        for qid, entry in saved.items()
    }


def right_answer(q: Any, name: str) -> Any:
    """What a student who knows the answer types or picks (sample_class.right, in their name)."""
    from helpers.teacher.sample_class import right

    return right(q, reason=f"{name} {REASON}", written=f"{name} writes: {WRITTEN}")


def wrong_answer(q: Any, index: int, name: str) -> Any:
    """A readable wrong answer, different from student to student where the type allows."""
    others = [
        c.id for c in q.choices if c.id not in (q.answer if q.type == "multiple" else [q.answer])
    ]
    if q.type == "single":
        return others[index % len(others)]
    if q.type == "multiple":
        return [others[index % len(others)]]
    if q.type == "order":
        return list(reversed(q.answer))
    if q.type in (
        "numeric",
        "date",
    ):  # a tempting value, else a near miss within the sensible range
        from helpers.teacher.sample_class import wrong

        return wrong(q, index)
    if q.type == "source":
        return {"judgement": others[index % len(others)], "sentence": f"{name} {REASON}"}
    if q.type == "written":
        return right_answer(q, name)  # a written answer is never marked right or wrong
    raise ValueError(f"no wrong answer for a {q.type} question")


def plan(notebook_id: str, index: int, name: str) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    """One student's attempts (right, wrong, wrong then right) and what their progress must keep."""
    from helpers import quiz

    attempts: list[tuple[str, Any]] = []
    questions = quiz.load(notebook_id).questions
    for k, q in enumerate(questions):
        if len(questions) > 3 and k == index % len(questions):
            continue  # each student leaves a different question out
        right, wrong = right_answer(q, name), wrong_answer(q, index, name)
        kind = (k + index) % 3
        attempts += [(q.id, right)] if kind == 0 else [(q.id, wrong)]
        if kind == 2:
            attempts.append((q.id, right))  # the retry after a wrong answer
    from helpers.quiz import attempts as quiz_attempts

    entries: dict[str, Any] = {}
    by_id = {q.id: q for q in questions}
    for qid, answer in attempts:
        e = entries.setdefault(qid, quiz_attempts.entry(None))
        fb = quiz_attempts.add(by_id[qid], e, json.loads(json.dumps(answer)))
        assert fb.correct is not None or fb.written, f"{answer!r} to {qid} is unreadable"
    expected = {
        qid: (e, quiz_attempts.grade(by_id[qid], {"answer": e}) is True)
        for qid, e in entries.items()
    }
    return attempts, expected


# --- the hub -------------------------------------------------------------------------------------


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
    if hub.process.poll() is None:
        os.killpg(hub.process.pid, signal.SIGTERM)
        try:
            hub.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(hub.process.pid, signal.SIGKILL)
            hub.process.wait(timeout=10)


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


# --- a kernel in a student's server, driven over the Jupyter protocol as JupyterLab does -------------


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


# --- memory and network, sampled while the class runs -------------------------------------------


def hub_tree(root_pid: int) -> list[psutil.Process]:
    """The hub and every process below it ([] once it has gone)."""
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(root_pid)
        return [root, *root.children(recursive=True)]
    return []


class Sampler(threading.Thread):
    """Every second: PSS (and RSS) of the hub's process tree, by user; connections off 127.0.0.1."""

    def __init__(self, root_pid: int, uids: dict[int, str]):
        super().__init__(daemon=True)
        self.root_pid, self.uids = root_pid, uids
        self.stop_event = threading.Event()
        self.peak_total_mb = 0.0
        self.peak_rss_total_mb = 0.0
        self.peak_by_user: dict[str, float] = {}
        self.off_host: set[str] = set()
        self.cpu_by_pid: dict[int, tuple[str, float]] = {}  # the last CPU seconds seen per process
        self.samples = 0
        self.own_cpu_s = 0.0  # what sampling cost (it shares the machine with the class)

    @staticmethod
    def memory(pid: int) -> tuple[float, float]:
        """(PSS, RSS) of one process in MB, from /proc/<pid>/smaps_rollup."""
        pss = rss = 0.0
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
        return pss, rss

    def tree(self) -> list[psutil.Process]:
        """The hub and every process below it."""
        return hub_tree(self.root_pid)

    def run(self) -> None:
        """Sample until stopped."""
        tick = 0
        while not self.stop_event.wait(SAMPLE_SECONDS):
            procs = self.tree()
            total = rss_total = 0.0
            by_user: dict[str, float] = {}
            for proc in procs:
                pss, rss = self.memory(proc.pid)
                total, rss_total = total + pss, rss_total + rss
                with contextlib.suppress(psutil.Error):
                    name = self.uids.get(proc.uids().real)
                    if name:
                        by_user[name] = by_user.get(name, 0.0) + pss
                        cpu = proc.cpu_times()
                        self.cpu_by_pid[proc.pid] = (name, cpu.user + cpu.system)
            self.peak_total_mb = max(self.peak_total_mb, total)
            self.peak_rss_total_mb = max(self.peak_rss_total_mb, rss_total)
            for name, mb in by_user.items():
                self.peak_by_user[name] = max(self.peak_by_user.get(name, 0.0), mb)
            self.samples += 1
            tick += 1
            if tick % 5 == 1:
                self.check_network({p.pid for p in procs})
            self.own_cpu_s = time.thread_time()

    def cpu_by_user(self) -> dict[str, float]:
        """CPU seconds each user's processes (server, kernels) used, as last sampled."""
        totals: dict[str, float] = {}
        for name, seconds in self.cpu_by_pid.values():
            totals[name] = totals.get(name, 0.0) + seconds
        return totals

    def check_network(self, pids: set[int]) -> None:
        """Remember every socket of the tree bound to, or connected to, anything but loopback."""
        with contextlib.suppress(psutil.Error):
            for conn in psutil.net_connections(kind="inet"):
                if conn.pid not in pids:
                    continue
                for addr in (conn.laddr, conn.raddr):
                    if addr and addr.ip not in LOOPBACK:
                        self.off_host.add(f"pid {conn.pid}: {addr.ip}:{addr.port}")

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self.stop_event.set()
        self.join(timeout=10)


# --- system users --------------------------------------------------------------------------------


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


def exchange_problems(names: list[str], handins: dict[str, Path], teacher: str) -> list[str]:
    """Whether a student can list the hand-in folder, read or replace another's hand-in, or the
    teacher cannot read one (the exchange's permissions, deploy/course_config.py)."""
    problems = []
    if not handins:
        return ["no hand-in to check"]
    folder = next(iter(handins.values())).parent
    for i, name in enumerate(names):
        other = names[(i + 1) % len(names)]
        if name not in handins or other == name:
            continue
        victim = handins[name]
        if as_user(other, "ls", str(folder)):
            problems.append(f"{other} can list the hand-in folder {folder}")
        if as_user(other, "cat", str(victim)):
            problems.append(f"{other} can read {name}'s hand-in")
        decoy = folder / f".decoy-{other}"
        if as_user(other, "sh", "-c", f"echo x > {decoy} && mv -f {decoy} {victim}"):
            problems.append(f"{other} can replace {name}'s hand-in")
        decoy.unlink(missing_ok=True)
    if not as_user(teacher, "cat", str(next(iter(handins.values())))):
        problems.append(f"the teacher {teacher} cannot read the hand-ins")
    if not as_user(teacher, "ls", str(folder)):
        problems.append(f"the teacher {teacher} cannot list the hand-in folder {folder}")
    return problems


def plant(folder: Path, names: list[str], notebook: str) -> list[str]:
    """Before the class hands in, the first student (as that system user) squats the second's file
    name, forges a late off-hub hand-in in their name and invents a ghost; the files planted."""
    from helpers.quiz import grading, handin

    bank = grading.load(notebook)
    thief, victim = names[0], names[1]
    forged = {
        f"{notebook}.{victim}.json": handin.record(bank, victim, {}, hub=True),
        f"{notebook}.{victim}-late.json": handin.record(bank, victim, {}) | {"handed_in": "2099-01-01T00:00:00+00:00"},
        f"{notebook}.ghost-0.json": handin.record(bank, "ghost-0", {}, hub=True),
    }  # fmt: skip
    for name, record in forged.items():
        text = json.dumps(record)
        subprocess.run(
            ["runuser", "-u", thief, "--", "sh", "-c", f"umask 027; cat > {folder / name}"],
            input=text.encode(),
            check=True,
        )
    return sorted(forged)


TEACHER_REPORT = """
import json as _json, os as _os
from pathlib import Path as _Path
from helpers.teacher import class_report as _cr
_report = _cr.build(_Path(_os.environ["CAUCASUS_HANDIN"]))
_folder = _report["folder"]
_html, _ = _cr.write(_report, _Path.home() / "class-report")
print(_json.dumps({"line": _folder.line(), "problems": _folder.problems, "report": str(_html),
    "handins": [[h.student, h.notebook, h.answers] for h in _folder.handins]}))
"""


async def teacher_view(hub: Hub, teacher: str, notebook: str) -> dict[str, Any]:
    """The class report built in the teacher's own kernel, as the teacher (not root): what it read."""
    async with Kernel(hub, teacher, f"{notebook}.ipynb") as kernel:
        out, errors = await kernel.execute(TEACHER_REPORT)
    if errors or not out.strip():
        raise RuntimeError(f"the teacher's report failed: {errors}")
    return json.loads(out.strip().splitlines()[-1])


def read_handins(result: Result, names: list[str], view: dict[str, Any]) -> None:
    """What the teacher's report read from the exchange (teacher_view): each student's hand-in
    compared with their progress file; the report copied to build/ to look at."""
    got = {s: answers for s, nb, answers in view["handins"] if nb == result.notebook}
    result.handins_read = sum(name in got for name in names)
    result.handin_problems = list(view["problems"])
    for run in result.runs:
        if run.name not in got or not run.progress:
            continue
        record = json.loads(Path(run.progress).read_text(encoding="utf-8"))
        kept = {qid: entry for qid, (entry, _) in stored(record, result.notebook).items()}
        handed = {qid: without_times(e) for qid, e in got[run.name].items()}
        result.handins_equal += handed == kept
    out = REPO / "build" / "class-sim-report"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(Path(view["report"]).parent, out)
    result.report = str((out / Path(view["report"]).name).relative_to(REPO))


def privacy_problems(names: list[str], progress: dict[str, Path]) -> list[str]:
    """Whether any student can read another's progress file or home, or write into the course (a
    student whose run did not finish has no progress file to try; their run's errors say why)."""
    problems = []
    for i, name in enumerate(names):
        other = names[(i + 1) % len(names)]
        if other != name and name in progress and as_user(other, "cat", str(progress[name])):
            problems.append(f"{other} can read {name}'s progress file {progress[name]}")
        home = Path(pwd.getpwnam(name).pw_dir)
        if other != name and as_user(other, "ls", str(home)):
            problems.append(f"{other} can list {name}'s home {home}")
        if as_user(name, "touch", str(COURSE / "notebooks" / f".{name}")):
            problems.append(f"{name} can write into the course's notebooks/")
            (COURSE / "notebooks" / f".{name}").unlink(missing_ok=True)
    return problems


# --- the class -----------------------------------------------------------------------------------


@dataclass
class Result:
    """Everything the table reports."""

    students: int
    notebook: str
    hub_start_s: float = 0.0
    servers_ready_s: float = 0.0
    alone: Run | None = None  # the median of the runs alone
    alone_s: list[float] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    teacher: Run | None = None
    kept: int = 0
    expected: int = 0
    mixed: list[str] = field(default_factory=list)
    privacy: list[str] = field(default_factory=list)
    peak_total_mb: float = 0.0
    peak_rss_total_mb: float = 0.0
    peak_by_user: dict[str, float] = field(default_factory=dict)
    cpu_by_user: dict[str, float] = field(default_factory=dict)
    off_host: list[str] = field(default_factory=list)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    spread_s: float = 0.0
    wall_s: float = 0.0
    handins_read: int = 0
    handins_equal: int = 0
    planted: int = 0  # a student's forged, squatting and ghost files (plant)
    planted_left_out: int = 0
    handin_problems: list[str] = field(default_factory=list)
    report: str = ""
    script_cpu_s: float = 0.0  # this script's CPU while the class ran (its sampler's included)
    period_cpu: dict[str, float] = field(default_factory=dict)  # CPU while the class ran, by whom
    sampler_cpu_s: float = 0.0


def cpu_now(root_pid: int, names: list[str]) -> dict[str, float]:
    """CPU seconds used so far by each student's server (not their kernels: a kernel reports its own,
    Run.kernel_cpu_s) and, under HUB, by the hub and its proxy (the root-owned part of the tree)."""
    uids = {pwd.getpwnam(n).pw_uid: n for n in names}
    totals: dict[str, float] = {}
    for proc in hub_tree(root_pid):
        with contextlib.suppress(psutil.Error):
            if "ipykernel_launcher" in " ".join(proc.cmdline()):
                continue
            uid, cpu = proc.uids().real, proc.cpu_times()
            who = uids.get(uid, HUB if uid == 0 else "")
            if who:
                totals[who] = totals.get(who, 0.0) + cpu.user + cpu.system
    return totals


HUB = "(hub and proxy)"


async def class_period(hub: Hub, result: Result, names: list[str], spread: float) -> None:
    """Three students alone, one after another (one run alone is too noisy a yardstick), then the
    whole class at once (each starting within `spread` seconds)."""
    nb = result.notebook
    path = f"{nb}.ipynb"
    alone = [await run_notebook(hub, name, path, None, nb) for name in names[:ALONE]]
    result.alone_s = [run.notebook_s for run in alone]
    result.alone = sorted(alone, key=lambda run: run.notebook_s)[(len(alone) - 1) // 2]
    plans = {name: plan(nb, i, name) for i, name in enumerate(names)}
    rng = random.Random(1917)
    offsets = {name: rng.uniform(0, spread) if spread else 0.0 for name in names}

    async def student(name: str) -> Run:
        await asyncio.sleep(offsets[name])
        t0 = time.monotonic()
        try:
            return await run_notebook(hub, name, path, plans[name][0], nb)
        except (TimeoutError, RuntimeError, OSError, HTTPClientError) as e:
            # one student's lost connection is a finding of the run (the table's errors, a lower
            # "answers kept", exit 1), not the end of the measurement of the other students
            why = f"the notebook could not finish: {type(e).__name__}: {e}"
            return Run(name, notebook_s=time.monotonic() - t0, errors=[why])

    cpu, before = time.process_time(), cpu_now(hub.process.pid, names)
    result.runs = list(await asyncio.gather(*(student(n) for n in names)))
    result.script_cpu_s = time.process_time() - cpu
    after = cpu_now(hub.process.pid, names)
    result.period_cpu = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in [*names, HUB]}
    for run in result.runs:
        expected = plans[run.name][1]
        result.expected += len(expected)
        record = json.loads(Path(run.progress).read_text(encoding="utf-8")) if run.progress else {}
        kept = stored(record, nb)
        result.kept += sum(kept.get(qid) == (a, c) for qid, (a, c) in expected.items())
        # besides the notebook's answers, a progress file keeps the student's shuffling seed
        if set(kept) != set(expected) or set(record.get("notebooks", {})) - {nb, STUDENT}:
            result.mixed.append(f"{run.name}: holds {sorted(kept)}, expected {sorted(expected)}")
        others = [n for n in names if n != run.name and n in json.dumps(record)]
        if others:
            result.mixed.append(f"{run.name}'s progress holds answers naming {others}")


def simulate(students: int, notebook: str, spread: float) -> Result:
    """Run the whole simulation; always stops the hub and removes the users it created."""
    if os.geteuid() != 0:
        raise SystemExit("class_sim.py creates system users for the students: run it as root")
    run_id = secrets.token_hex(2)
    names = [f"c17{run_id}s{i:02d}" for i in range(1, students + 1)]
    teacher = f"c17{run_id}t"
    result = Result(students, notebook, spread_s=spread, load_before=os.getloadavg())
    work = Path(tempfile.mkdtemp(prefix="class-sim-"))
    hub = None
    t0 = time.monotonic()
    try:
        hub = start_hub(work, [teacher])
        result.hub_start_s = hub.started_s
        asyncio.run(hub.api("POST", "/users", {"usernames": [*names, teacher]}))
        asyncio.run(hub.api("POST", "/groups/teachers/users", {"users": [teacher]}))
        uids = {pwd.getpwnam(n).pw_uid: n for n in [*names, teacher]}
        sampler = Sampler(hub.process.pid, uids)
        sampler.start()
        try:
            ready = asyncio.run(start_servers(hub, [*names, teacher]))
            result.servers_ready_s = max(ready.values())
            planted = plant(work / "handin", names, notebook) if len(names) > 1 else []
            asyncio.run(class_period(hub, result, names, spread))
            result.teacher = asyncio.run(
                run_notebook(hub, teacher, f"{notebook}.ipynb", None, notebook)
            )
            view = asyncio.run(teacher_view(hub, teacher, notebook))
        finally:
            sampler.stop()
        result.peak_total_mb, result.peak_rss_total_mb = (
            sampler.peak_total_mb,
            sampler.peak_rss_total_mb,
        )
        result.sampler_cpu_s = sampler.own_cpu_s
        result.peak_by_user = {n: sampler.peak_by_user.get(n, 0.0) for n in names}
        cpu = sampler.cpu_by_user()
        result.cpu_by_user = {n: cpu.get(n, 0.0) for n in names}
        result.off_host = sorted(sampler.off_host)
        progress = {r.name: Path(r.progress) for r in result.runs if r.progress}
        result.privacy = privacy_problems(names, progress)
        read_handins(result, names, view)
        result.planted_left_out = sum(
            any(p.startswith(f"{f}: ") and p.endswith("left out") for p in result.handin_problems)
            for f in planted
        )
        result.planted = len(planted)
        handed = {r.name: Path(r.handin) for r in result.runs if r.handin}
        result.privacy += exchange_problems(names, handed, teacher)
    except BaseException:
        if hub is not None:
            print(f"The hub's log ends:\n{hub.log_tail()}", file=sys.stderr)
        raise
    finally:
        if hub is not None:
            stop_hub(hub)
            if any(r.errors for r in result.runs):  # the servers' side of what went wrong
                (REPO / "build").mkdir(exist_ok=True)
                shutil.copyfile(hub.log, REPO / "build" / "class-sim-hub.log")
        remove_users([*names, teacher])
        shutil.rmtree(work, ignore_errors=True)
    result.wall_s = time.monotonic() - t0
    result.load_after = os.getloadavg()
    return result


def table(result: Result) -> str:
    """The report: a Markdown table and the closing line."""
    alone = result.alone.notebook_s if result.alone else float("nan")
    times = sorted(r.notebook_s for r in result.runs)
    worst = times[-1] if times else float("nan")
    per_user = sorted(result.peak_by_user.values())
    cpu = statistics.median(r.kernel_cpu_s for r in result.runs) if result.runs else 0.0
    done = sum(not r.errors for r in result.runs)
    answers = sorted(r.answers_s for r in result.runs)
    servers = [result.period_cpu.get(r.name, 0.0) for r in result.runs] or [0.0]
    needed = sum(r.kernel_cpu_s for r in result.runs) + sum(result.period_cpu.values())
    needed += result.script_cpu_s
    rows = [
        ("students", f"{result.students} (+1 teacher), notebook {result.notebook}"),
        ("students start their notebook", f"within {result.spread_s:g} s of each other"),
        ("hub start", f"{result.hub_start_s:.1f} s"),
        ("all servers ready (started together)", f"{result.servers_ready_s:.1f} s"),
        ("one student alone: notebook (median of students in turn)", f"{alone:.2f} s ({' / '.join(f'{t:.2f}' for t in result.alone_s)})"),
        ("class: notebook median / worst", f"{statistics.median(times):.2f} s / {worst:.2f} s"),
        ("class: quiz answers median / worst", f"{answers[len(answers) // 2]:.2f} s / {answers[-1]:.2f} s"),
        ("worst student / alone", f"{worst / alone:.2f}"),
        ("notebooks done without error", f"{done}/{len(result.runs)}"),
        ("CPU per student: kernel / server and kernels (median)", f"{cpu:.2f} s / {statistics.median(result.cpu_by_user.values()):.2f} s"),
        ("CPU while the class ran: a student's server (median) / hub and proxy, all", f"{statistics.median(servers):.2f} s / {result.period_cpu.get(HUB, 0.0):.1f} s"),
        ("CPU the class used (kernels, servers, hub, proxy, this script) / the cores' CPU in the worst student's time", f"{needed:.1f} s / {os.cpu_count() * worst:.1f} s"),
        ("CPU of this script while the class ran (the N browsers it plays; its memory sampler, whole run)", f"{result.script_cpu_s:.1f} s; {result.sampler_cpu_s:.1f} s"),
        ("peak memory, hub + proxy + all servers and kernels", f"{result.peak_total_mb:,.0f} MB PSS ({result.peak_rss_total_mb:,.0f} MB RSS)"),
        ("peak memory per student (median / worst)", f"{statistics.median(per_user):.0f} MB / {per_user[-1]:.0f} MB PSS"),
        ("answers kept", f"{result.kept}/{result.expected}"),
        ("hand-ins read (the report built as the teacher, in the teacher's kernel)", f"{result.handins_read}/{result.students}"),
        ("a student's forged, squatting and ghost files left out", f"{result.planted_left_out}/{result.planted}"),
        ("hand-ins equal to the student's progress", f"{result.handins_equal}/{result.students}"),
        ("hand-ins left out", "; ".join(result.handin_problems) or "none"),
        ("class report", result.report or "not built"),
        ("teacher's kernel in teacher mode; students' not", f"{bool(result.teacher and result.teacher.teacher_mode)}; {not any(r.teacher_mode for r in result.runs)}"),
        ("progress mixed or lost", "; ".join(result.mixed) or "none"),
        ("privacy (other students' files, course read-only)", "; ".join(result.privacy) or "every check held"),
        ("sockets off 127.0.0.1", ", ".join(result.off_host) or "none"),
        ("load average before / after (1 min)", f"{result.load_before[0]:.2f} / {result.load_after[0]:.2f} ({os.cpu_count()} cores)"),
        ("whole simulation", f"{result.wall_s:.0f} s"),
    ]  # fmt: skip
    lines = ["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]
    errors = [f"{r.name}: {e}" for r in result.runs for e in r.errors[:2]]
    if errors:
        lines += ["", "Errors (the hub's and servers' log: build/class-sim-hub.log):", *errors[:20]]
    lines += [
        "",
        f"class of {result.students}: worst student/alone ratio {worst / alone:.2f}, "
        f"answers kept {result.kept}/{result.expected}, "
        f"hand-ins read {result.handins_read}/{result.students}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, simulate, print and save the table; exit 1 if anything was lost or leaked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--notebook", default="03_commissariat_and_elections")
    parser.add_argument(
        "--spread",
        type=float,
        default=0.0,
        help="students start their notebook at random times within this many seconds (0: at once)",
    )
    args = parser.parse_args(argv)
    result = simulate(args.students, args.notebook, args.spread)
    report = table(result)
    print(report)
    out = REPO / "build" / "class-sim.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report + "\n", encoding="utf-8")
    failed = (
        result.kept != result.expected
        or result.mixed
        or result.privacy
        or result.off_host
        or any(r.errors for r in result.runs)
        or result.handins_read != result.students
        or result.handins_equal != result.students
        or result.planted_left_out != result.planted
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
