"""The class period and the whole run of `make class-sim`: three students alone, then the class at
once; every check; the table printed and saved; exit 1 if anything was lost or leaked."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import pwd
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil
from tornado.httpclient import HTTPClientError

from helpers.authoring.class_sim.answers import STUDENT, plan, stored
from helpers.authoring.class_sim.checks import (
    exchange_problems,
    plant,
    privacy_problems,
    read_handins,
    teacher_view,
)
from helpers.authoring.class_sim.hub import (
    REPO,
    Hub,
    remove_users,
    start_hub,
    start_servers,
    stop_hub,
)
from helpers.authoring.class_sim.kernel import Run, run_notebook
from helpers.authoring.class_sim.report import HUB, Result, table
from helpers.authoring.class_sim.sampler import Sampler, hub_tree

DESCRIPTION = (
    "`make class-sim`: a class of N students on a real JupyterHub on this machine, measured."
)
ALONE = 3  # students who run the notebook alone, in turn, before the class


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


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, simulate, print and save the table; exit 1 if anything was lost or leaked."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.authoring.class_sim", description=DESCRIPTION
    )
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
