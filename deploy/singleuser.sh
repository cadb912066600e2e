#!/bin/sh
# A student's server, as the student: a private home, working copies of the lesson notebooks in
# ~/caucasus1917 kept up to date with the course (helpers/working_copies.py: a notebook the student
# lacks is copied; one the student only ran takes the new version after the course is updated; one
# they edited is kept, with the new version beside it), then JupyterHub's single-user server.
set -eu
umask 077
course="${CAUCASUS_HUB_COURSE:-/opt/caucasus1917}"
python="$(dirname "$(command -v jupyterhub-singleuser)")/python"
# on Zero to JupyterHub the home is a volume whose root belongs to root (fsGroup changes only its
# group): it cannot be chmod-ed, and need not be (each student's volume is their own)
chmod 700 "$HOME" 2>/dev/null || echo "singleuser.sh: $HOME not made private (not its owner)" >&2
"$python" -m helpers.working_copies --originals "$course/notebooks" \
  --work "$HOME/caucasus1917" >/dev/null || echo "singleuser.sh: working copies not updated" >&2
# a teacher also gets the class report notebook (it reads the hand-ins of $CAUCASUS_HANDIN)
if [ "${CAUCASUS_TEACHER:-0}" = 1 ] && [ -e "$course/teacher/class_results.ipynb" ]; then
  [ -e "$HOME/caucasus1917/class_results.ipynb" ] || cp "$course/teacher/class_results.ipynb" "$HOME/caucasus1917/"
fi
# the file browser folded when a lesson opens (scripts/lab.sh does the same for `make lab`): the course's
# default workspace, imported once into a workspaces folder that has none yet
workspaces="${JUPYTERLAB_WORKSPACES_DIR:-${JUPYTER_CONFIG_DIR:-$HOME/.jupyter}/lab/workspaces}"
if ! ls "$workspaces"/*.jupyterlab-workspace >/dev/null 2>&1; then
  JUPYTERLAB_WORKSPACES_DIR="$workspaces" "$(dirname "$python")/jupyter" lab workspaces import \
    "$course/deploy/lab_settings/default.jupyterlab-workspace" >/dev/null 2>&1 ||
    echo "singleuser.sh: the default workspace was not imported" >&2
fi
exec jupyterhub-singleuser "$@"
