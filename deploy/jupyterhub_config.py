"""JupyterHub for a class on one server: `jupyterhub -f deploy/jupyterhub_config.py`, run as root.

- the course is installed once, read-only, shared by all (deploy/install.sh TARGET, run by
  `make hub-deps`): TARGET/course (helpers, data, notebooks) and TARGET/venv (requirements.txt plus
  JupyterHub), owned by root, readable by all, writable by none of the students;
- every student is a real system user (PAM login) with a private home (0700): their progress
  (~/.local/share/caucasus1917/progress.json), data cache and working copies of the notebooks
  (~/caucasus1917/) are theirs alone (deploy/course_config.py, deploy/singleuser.sh);
- members of the group `teachers` get teacher mode (CAUCASUS_TEACHER=1);
- everything listens on 127.0.0.1 only: put a TLS reverse proxy (nginx, caddy) in front for a school.

Settings come from the environment, so one file serves a school server and `make class-sim`:

| variable | default | what |
|---|---|---|
| CAUCASUS_HUB_PORT | 8000 | the port students open (the proxy); the proxy's API and the hub use the next two |
| CAUCASUS_HUB_STATE | /srv/caucasus1917-hub | the hub's database and cookie secret |
| CAUCASUS_HUB_COURSE | /opt/caucasus1917/course | the read-only course (deploy/install.sh) |
| CAUCASUS_HUB_VENV | /opt/caucasus1917/venv | its environment |
| CAUCASUS_HUB_ROSTER | /srv/caucasus1917/roster.csv | the class (`make class-users`): its members may log in, its teachers are admins; servers get it as CAUCASUS_ROSTER |
| CAUCASUS_HUB_TEACHERS | (none) | more comma-separated user names put in the group `teachers` |
| CAUCASUS_HUB_API_TOKEN | (none) | a token for scripts (`make class-sim`): may add users, start servers |
| CAUCASUS_HUB_HANDIN | /srv/caucasus1917/handin | the hand-in exchange folder (deploy/course_config.py makes it) |
"""

from __future__ import annotations

import os
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)

DEPLOY = Path(__file__).resolve().parent
os.environ.setdefault("CAUCASUS_HUB_COURSE", "/opt/caucasus1917/course")
COURSE = Path(os.environ["CAUCASUS_HUB_COURSE"])
VENV = Path(os.environ.get("CAUCASUS_HUB_VENV") or COURSE.parent / "venv")
PORT = int(os.environ.get("CAUCASUS_HUB_PORT") or 8000)
STATE = Path(os.environ.get("CAUCASUS_HUB_STATE") or "/srv/caucasus1917-hub")
TEACHERS = [n.strip() for n in os.environ.get("CAUCASUS_HUB_TEACHERS", "").split(",") if n.strip()]
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

# --- who may log in: the roster's members, with the system password `make class-users` gave them (PAM);
# its teachers are the hub's admins. Users an admin adds on the admin page become system users.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allow_existing_users = True  # users added by an admin or the API may log in
ROSTER = Path(os.environ.get("CAUCASUS_HUB_ROSTER") or "/srv/caucasus1917/roster.csv")
if ROSTER.exists():
    from helpers.teacher.roster import read_roster  # the course's environment runs the hub

    CLASS = read_roster(ROSTER)
    c.Authenticator.allowed_users = {m.username for m in CLASS}
    c.Authenticator.admin_users = {m.username for m in CLASS if m.teacher}
    TEACHERS += [m.username for m in CLASS if m.teacher and m.username not in TEACHERS]
c.LocalAuthenticator.create_system_users = True
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

# --- each student's server: a local process as the student, in the course's environment
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.environment = {"PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
if ROSTER.exists():  # the class report names who has not handed in (readable by the teachers)
    c.Spawner.environment["CAUCASUS_ROSTER"] = str(ROSTER)
c.Spawner.args = [
    f"--LabApp.app_settings_dir={COURSE / 'deploy' / 'lab_settings'}",  # no news: nothing fetched
    "--LabApp.extension_manager=readonly",
]
c.Spawner.start_timeout = 300  # a whole class pressing "Start" on two cores
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 0  # no limit: a class starts together

load_subconfig(str(DEPLOY / "course_config.py"))  # type: ignore[name-defined]  # noqa: F821
