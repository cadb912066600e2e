#!/bin/sh
# A student's server, as the student: a private home, a working copy of every lesson notebook the
# student lacks (never overwriting their own) in ~/caucasus1917, then JupyterHub's single-user server.
set -eu
umask 077
course="${CAUCASUS_HUB_COURSE:-/opt/caucasus1917}"
chmod 700 "$HOME"
mkdir -p "$HOME/caucasus1917"
for original in "$course"/notebooks/[0-9][0-9]_*.ipynb; do
  copy="$HOME/caucasus1917/${original##*/}"
  [ -e "$copy" ] || cp "$original" "$copy"
done
# a teacher also gets the class report notebook (it reads the hand-ins of $CAUCASUS_HANDIN)
if [ "${CAUCASUS_TEACHER:-0}" = 1 ] && [ -e "$course/teacher/class_results.ipynb" ]; then
  [ -e "$HOME/caucasus1917/class_results.ipynb" ] || cp "$course/teacher/class_results.ipynb" "$HOME/caucasus1917/"
fi
exec jupyterhub-singleuser "$@"
