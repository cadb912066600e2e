"""JupyterHub for a class on one server: `jupyterhub -f deploy/jupyterhub_config.py`, run as root.

- the course is installed once, read-only, shared by all: a checkout of this repository with its
  virtual environment `.venv` (`make .venv/.installed hub-deps`), owned by root, not writable by others;
- every student is a real system user (PAM login) with a home of mode 0700: their progress
  (`~/.local/share/caucasus1917/progress.json`), data cache and working copies of the notebooks
  (`~/caucasus1917/`, copied on first start, never overwritten) are theirs alone;
- members of the group `teachers` get teacher mode (CAUCASUS_TEACHER=1: answers shown for discussion);
- everything listens on 127.0.0.1 only: put a TLS reverse proxy (nginx, caddy) in front for a school.

Settings come from the environment, so one file serves a school server and `make class-sim`:

| variable | default | what |
|---|---|---|
| CAUCASUS_HUB_PORT | 8000 | the port students open (the proxy); the proxy's API and the hub use the next two |
| CAUCASUS_HUB_STATE | /srv/caucasus1917-hub | the hub's database, cookie secret and log |
| CAUCASUS_HUB_COURSE | this checkout | the course: its notebooks/ are copied to each student |
| CAUCASUS_HUB_VENV | $CAUCASUS_HUB_COURSE/.venv | the course's environment (requirements.txt + JupyterHub) |
| CAUCASUS_HUB_TEACHERS | (none) | comma-separated user names put in the group `teachers` |
| CAUCASUS_HUB_API_TOKEN | (none) | a token for scripts (`make class-sim`): may create users and start servers |
| CAUCASUS_HUB_CREATE_USERS | 1 | 1: a user added in the hub becomes a system user (useradd) if missing |
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)

DEPLOY = Path(__file__).resolve().parent
COURSE = Path(os.environ.get("CAUCASUS_HUB_COURSE") or DEPLOY.parent)
VENV = Path(os.environ.get("CAUCASUS_HUB_VENV") or COURSE / ".venv")
PORT = int(os.environ.get("CAUCASUS_HUB_PORT") or 8000)
STATE = Path(os.environ.get("CAUCASUS_HUB_STATE") or "/srv/caucasus1917-hub")
TEACHERS = [n.strip() for n in os.environ.get("CAUCASUS_HUB_TEACHERS", "").split(",") if n.strip()]
WORK = "caucasus1917"  # each student's folder of working copies, in their home
LOCAL = "127.0.0.1"

STATE.mkdir(mode=0o700, parents=True, exist_ok=True)

# --- network: the proxy, its API and the hub on 127.0.0.1, on three consecutive ports
c.JupyterHub.bind_url = f"http://{LOCAL}:{PORT}"
c.ConfigurableHTTPProxy.api_url = f"http://{LOCAL}:{PORT + 1}"
c.JupyterHub.hub_bind_url = f"http://{LOCAL}:{PORT + 2}"
chp = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(chp) if chp.exists() else "configurable-http-proxy"]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# --- who may log in: system users (PAM) the hub knows; new ones become system users
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allow_existing_users = True  # users added by an admin or the API may log in
c.LocalAuthenticator.create_system_users = os.environ.get("CAUCASUS_HUB_CREATE_USERS", "1") == "1"
# a private home (Debian's useradd would make it 0755, readable by every other student)
c.LocalAuthenticator.add_user_cmd = ["useradd", "-m", "-K", "HOME_MODE=0700", "-s", "/bin/bash"]
c.JupyterHub.load_groups = {"teachers": {"users": TEACHERS}}

token = os.environ.get("CAUCASUS_HUB_API_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "class-runner", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "class-runner",
            "scopes": ["admin:users", "admin:servers", "admin:groups", "access:servers"],
            "services": ["class-runner"],
        }
    ]

# --- each student's server: the course's environment, started in their folder of working copies
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = f"~/{WORK}"
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.args = [
    f"--LabApp.app_settings_dir={DEPLOY / 'lab_settings'}",  # no news pop-up, nothing fetched
    "--LabApp.extension_manager=readonly",
]
c.Spawner.start_timeout = 300  # a whole class pressing "Start" on two cores
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 0  # no limit: a class starts together


def is_teacher(spawner) -> bool:
    """Whether the spawner's user is in the group `teachers`."""
    return any(group.name == "teachers" for group in spawner.user.groups)


c.Spawner.environment = {
    "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "CAUCASUS_TEACHER": lambda spawner: "1" if is_teacher(spawner) else "0",
    "PYTHONDONTWRITEBYTECODE": "1",  # the course is read-only: no .pyc written beside it
}


def working_copies(spawner) -> None:
    """Before a server starts: home 0700, and ~/caucasus1917 holds a copy of every notebook it lacks."""
    user = pwd.getpwnam(spawner.user.name)
    home = Path(user.pw_dir)
    os.chmod(home, stat.S_IRWXU)
    folder = home / WORK
    if not folder.exists():
        folder.mkdir(mode=0o700)
        os.chown(folder, user.pw_uid, user.pw_gid)
    for original in sorted((COURSE / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        copy = folder / original.name
        if not copy.exists():  # never overwrite a student's work
            shutil.copyfile(original, copy)
            os.chmod(copy, stat.S_IRUSR | stat.S_IWUSR)
            os.chown(copy, user.pw_uid, user.pw_gid)


c.Spawner.pre_spawn_hook = working_copies
