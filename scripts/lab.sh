#!/usr/bin/env bash
# Start JupyterLab on the user's working copies of the notebooks and open the start page (`make lab`;
# the browser tests run it too). The copies live outside the checkout, so running the notebooks never
# blocks a `git pull` (helpers/working_copies.py: $CAUCASUS_WORK, else ~/.local/share/caucasus1917/notebooks).
# LAB_ROOT: serve this folder as it is instead; LAB_START: notebook to open, relative to the folder.
# LAB_VENV: the venv to run from (default .venv-run, the runtime set a student's server has).
# Any other arguments go to `jupyter lab` (e.g. --no-browser --port=8890).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
START="${LAB_START:-00_start_here.ipynb}"
VENV="${LAB_VENV:-$REPO/.venv-run}"
if [[ ! -x "$VENV/bin/jupyter" ]]; then
    echo "lab.sh: no JupyterLab in $VENV (run \`make lab\`, which installs it)" >&2
    exit 1
fi
if [[ -n "${LAB_ROOT:-}" ]]; then
    ROOT="$(cd "$LAB_ROOT" && pwd)"
else
    ROOT="$(cd "$REPO" && "$VENV/bin/python" -m helpers.working_copies)"
    echo "lab.sh: your copies of the notebooks are in $ROOT (the originals in $REPO/notebooks stay untouched)" >&2
fi
# a teacher (`CAUCASUS_TEACHER=1 make lab`) also gets the class report notebook beside the copies
if [[ "${CAUCASUS_TEACHER:-0}" == 1 && -z "${LAB_ROOT:-}" && ! -e "$ROOT/class_results.ipynb" ]]; then
    cp "$REPO/teacher/class_results.ipynb" "$ROOT/"
fi
if [[ ! -f "$ROOT/$START" ]]; then
    echo "lab.sh: no start notebook $ROOT/$START (run \`make notebooks\`, or set LAB_START)" >&2
    exit 1
fi
# A fresh Lab shows its file browser beside the lesson (on a phone or at 200% zoom it leaves the
# notebook one word a line). The course's default workspace (deploy/lab_settings) has the left area
# folded; it is imported once, into a workspaces folder that has none yet: a layout the user made is kept.
WORKSPACES="${JUPYTERLAB_WORKSPACES_DIR:-$("$VENV/bin/jupyter" --config-dir)/lab/workspaces}"
if ! ls "$WORKSPACES"/*.jupyterlab-workspace >/dev/null 2>&1; then
    JUPYTERLAB_WORKSPACES_DIR="$WORKSPACES" "$VENV/bin/jupyter" lab workspaces import \
        "$REPO/deploy/lab_settings/default.jupyterlab-workspace" >/dev/null 2>&1 ||
        echo "lab.sh: the default workspace was not imported (the file browser opens beside the lesson)" >&2
fi
# Root on these machines (and in CI): jupyter refuses root unless told.
if [[ $EUID -eq 0 ]]; then set -- --allow-root "$@"; fi
# The course's one Lab settings folder, the hub's too (deploy/lab_settings: no news, no update
# check, one lesson at a time with the file browser closed, every cell drawn); the Extension Manager
# read-only (nothing installed from the package index, no extension switched off by a student).
# The URL Jupyter prints is the start page's.
set -- --LabApp.app_settings_dir="$REPO/deploy/lab_settings" --LabApp.extension_manager=readonly \
    --ServerApp.custom_display_url="/lab/tree/$START" "$@"
echo "lab.sh: the start page is /lab/tree/$START; open the first URL printed below (it has the token)."
# jupyter resolves the start file against the current directory, so it gets the absolute path.
exec "$VENV/bin/jupyter" lab --ServerApp.root_dir="$ROOT" "$@" "$ROOT/$START"
