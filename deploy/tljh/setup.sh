#!/usr/bin/env bash
# The course on The Littlest JupyterHub, after TLJH's own installer (run as root from the course's
# checkout at /opt/caucasus1917). Again after each course update (`git pull`): it reinstalls the pins,
# rebuilds the shared data snapshot and reloads the hub. Usage: deploy/tljh/setup.sh TEACHER...
set -euo pipefail
COURSE=/opt/caucasus1917
cd "$COURSE"
[[ $# -ge 1 ]] || { echo "usage: deploy/tljh/setup.sh TEACHER... (the teachers' hub user names)" >&2; exit 2; }
# 1. the course's pinned environment in TLJH's user environment (it pins JupyterLab and Jupyter
#    Server: re-run after upgrading TLJH), and the data validated once, as root, for every kernel
/opt/tljh/user/bin/pip install --quiet -r requirements.txt
/opt/tljh/user/bin/python -m compileall -q helpers
/opt/tljh/user/bin/python -m helpers.data.shared_cache "$COURSE/cache" >/dev/null
chmod -R a+rX,go-w "$COURSE"
# 2. the course's part of the hub (working copies, teacher mode, the hand-in exchange, the cullers)
install -m 0644 deploy/course_config.py /opt/tljh/config/jupyterhub_config.d/caucasus1917.py
# 3. limits from the class simulation (~200 MB a student; a core per 11 students at the same second)
tljh-config set limits.memory 1G
tljh-config set limits.cpu 1
# a server idle two hours is stopped, as course_config.py's own culler does
tljh-config set services.cull.timeout 7200
# 4. teachers: admins, and in the system group `teachers` (reads the hand-ins) before their first
#    server starts (TLJH adds jupyter-<name> to the group when it creates the user)
for teacher in "$@"; do
  tljh-config add-item users.admin "$teacher"
  tljh-config add-item users.extra_user_groups.teachers "$teacher"
done
tljh-config reload
