"""The course's part of any JupyterHub: working copies in each home, teacher mode, the start page.

Loaded by deploy/jupyterhub_config.py (one server, local processes); The Littlest JupyterHub can use
it as it is (copy it to /opt/tljh/config/jupyterhub_config.d/). It needs the course installed once,
read-only, at $CAUCASUS_HUB_COURSE (default /opt/caucasus1917), with its environment on the PATH:

- each student's server starts through deploy/singleuser.sh, as the student: the home made private
  (0700, umask 077), and ~/caucasus1917/ given a copy of every lesson notebook it lacks (never
  overwriting the student's own); the server opens there, on the start page;
- the course keeps the student's progress in their home (~/.local/share/caucasus1917/progress.json);
- members of the hub group `teachers` get CAUCASUS_TEACHER=1 (answers shown for class discussion).
"""

from __future__ import annotations

import os
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)

COURSE = Path(os.environ.get("CAUCASUS_HUB_COURSE") or "/opt/caucasus1917")


def is_teacher(spawner) -> bool:
    """Whether the spawner's user is in the hub group `teachers`."""
    return any(group.name == "teachers" for group in spawner.user.groups)


c.Spawner.cmd = [str(COURSE / "deploy" / "singleuser.sh")]
c.Spawner.notebook_dir = "~/caucasus1917"
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.environment.update(
    {
        "CAUCASUS_HUB_COURSE": str(COURSE),
        "CAUCASUS_TEACHER": lambda spawner: "1" if is_teacher(spawner) else "0",
        "PYTHONDONTWRITEBYTECODE": "1",  # the course is read-only: no .pyc written beside it
    }
)
