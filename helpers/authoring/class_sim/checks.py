"""The checks after the class ran: the hand-in exchange's and the homes' permissions, a student's
forged hand-ins left out, and the class report built as the teacher, compared with each progress file."""

from __future__ import annotations

import json
import pwd
import shutil
import subprocess
from pathlib import Path
from typing import Any

from helpers.authoring.class_sim.answers import stored, without_times
from helpers.authoring.class_sim.hub import COURSE, REPO, Hub, as_user
from helpers.authoring.class_sim.kernel import Kernel
from helpers.authoring.class_sim.report import Result


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
