"""The course's part of any JupyterHub: working copies in each home, teacher mode, the start page.

Loaded by deploy/jupyterhub_config.py (one server, local processes); The Littlest JupyterHub can use
it as it is (copy it to /opt/tljh/config/jupyterhub_config.d/). It needs the course installed once,
read-only, at $CAUCASUS_HUB_COURSE (default /opt/caucasus1917), with its environment on the PATH:

- each student's server starts through deploy/singleuser.sh, as the student: the home made private
  (0700, umask 077), and ~/caucasus1917/ brought up to date with the course's notebooks
  (helpers/working_copies.py: never overwriting a notebook the student edited); the server opens
  there, on the start page; idle kernels and servers are stopped by Jupyter's own cullers;
- the course keeps the student's progress in their home (~/.local/share/caucasus1917/progress.json);
- members of the hub group `teachers` get CAUCASUS_TEACHER=1 (answers shown for class discussion);
- hand-ins go to the exchange folder $CAUCASUS_HUB_HANDIN (default /srv/caucasus1917/handin), made
  here when the hub starts as root: owned by root and the system group `teachers`, mode 3773 (sticky,
  setgid; students may create their own file but not list the folder nor replace anyone's file; the
  group lists and reads it, and the sticky bit keeps a teacher from replacing a student's file too; a
  hand-in is written 0640, so the group reads it and no student reads another's). A hub teacher is
  put in that system group before their server starts, so the class report can read the folder; the
  hub's students (users not in `teachers`) are listed in its `.roster`, for "who did not hand in".
"""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)

COURSE = Path(os.environ.get("CAUCASUS_HUB_COURSE") or "/opt/caucasus1917")
HANDIN = Path(os.environ.get("CAUCASUS_HUB_HANDIN") or "/srv/caucasus1917/handin")
TEACHER_GROUP = "teachers"  # the system group that reads the hand-ins


def is_teacher(spawner) -> bool:
    """Whether the spawner's user is in the hub group `teachers`."""
    return any(group.name == "teachers" for group in spawner.user.groups)


def exchange(folder: Path, group: str = TEACHER_GROUP) -> None:
    """The hand-in folder: `groupadd -f --system teachers; install -d -m 3773 -o root -g teachers`."""
    if os.geteuid() != 0:
        return
    subprocess.run(["groupadd", "-f", "--system", group], check=True)
    folder.mkdir(parents=True, exist_ok=True)
    folder.parent.chmod(folder.parent.stat().st_mode | 0o111)  # students pass through to it
    os.chown(folder, 0, grp.getgrnam(group).gr_gid)
    folder.chmod(0o3773)  # the group (teachers) lists and reads it


def system_user(spawner) -> str:
    """The system user of a hub user ('' if none): the same name, or TLJH's jupyter-<name>."""
    for name in (spawner.user.name, f"jupyter-{spawner.user.name}"):
        try:
            return pwd.getpwnam(name).pw_name
        except KeyError:
            continue
    return ""


def teacher_reads_handins(spawner) -> None:
    """Before a teacher's server starts: put them in the system group that reads the hand-ins."""
    user = system_user(spawner) if is_teacher(spawner) else ""
    if user and os.geteuid() == 0:
        subprocess.run(["usermod", "-aG", TEACHER_GROUP, user], check=False, capture_output=True)


def write_roster(spawner, folder: Path = HANDIN) -> None:
    """Before a server starts: the hub's users who are not teachers, one a line, in the exchange's
    `.roster` (root:teachers 0640), so the class report names who did not hand in."""
    if os.geteuid() != 0:
        return
    try:
        from jupyterhub import orm

        users = spawner.user.db.query(orm.User).all()
        names = sorted(u.name for u in users if TEACHER_GROUP not in {g.name for g in u.groups})
        new = folder / ".roster.new"
        new.write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
        os.chown(new, 0, grp.getgrnam(TEACHER_GROUP).gr_gid)
        new.chmod(0o640)
        os.replace(new, folder / ".roster")
    except (OSError, KeyError, AttributeError) as e:  # never stop a student's server for it
        spawner.log.warning("caucasus1917: the roster was not written (%s)", e)


def before_spawn(spawner) -> None:
    """The course's pre-spawn hook: a teacher reads the hand-ins; the roster is brought up to date."""
    teacher_reads_handins(spawner)
    write_roster(spawner)


exchange(HANDIN)
c.Spawner.pre_spawn_hook = before_spawn
c.Spawner.cmd = [str(COURSE / "deploy" / "singleuser.sh")]
# Jupyter's own cullers, so a class's kernels and servers do not hold memory after the period: a
# kernel idle for an hour with no browser tab open on it is stopped (progress is in the student's
# file, not the kernel), and a server with no kernel and no activity for two hours stops itself.
# Extended, not assigned: jupyterhub_config.py (or TLJH) has put the Lab settings there already.
c.Spawner.args.extend(
    [
        "--MappingKernelManager.cull_idle_timeout=3600",
        "--MappingKernelManager.cull_interval=300",
        "--ServerApp.shutdown_no_activity_timeout=7200",
    ]
)
c.Spawner.notebook_dir = "~/caucasus1917"
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.environment.update(
    {
        "CAUCASUS_HUB_COURSE": str(COURSE),
        "CAUCASUS_TEACHER": lambda spawner: "1" if is_teacher(spawner) else "0",
        "CAUCASUS_HANDIN": str(HANDIN),
        # the data validated and typed once, at install (deploy/install.sh): no kernel redoes it
        "CAUCASUS_SHARED_CACHE": str(COURSE / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",  # the course is read-only: no .pyc written beside it
    }
)
