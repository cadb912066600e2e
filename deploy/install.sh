#!/usr/bin/env bash
# Install the course once for a class on JupyterHub, read-only and shared by all (run as root):
#   TARGET/course  what a lesson needs (helpers/, data/, notebooks/, deploy/singleuser.sh ...), copied
#                  from this checkout, and cache/: the data validated and typed once for every student
#   TARGET/venv    its environment: requirements.txt (the course) + deploy/requirements-hub.txt
#                  (JupyterHub), rebuilt only when those pins change
#   TARGET/python  a copy of the Python build, only if the students could not run this one (e.g. a
#                  pyenv build under /root, mode 0700); its library path is made relative (patchelf)
# Usage: deploy/install.sh TARGET [PYTHON]     (`make hub-deps` runs it; PYTHON defaults to python3)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${1:?usage: deploy/install.sh TARGET [PYTHON]}"
PYTHON="${2:-$(command -v python3.11 || command -v python3)}"
if [[ $EUID -ne 0 ]]; then
  echo "deploy/install.sh: run as root (the shared course belongs to root; students cannot change it)" >&2
  exit 1
fi
umask 022
mkdir -p "$TARGET"
chmod 755 "$TARGET"

# 1. the Python every student's server runs: this one if a plain user can run it, else a copy
PYTHON="$("$PYTHON" -c 'import os, sys; print(os.path.realpath(sys.executable))')"
if ! runuser -u nobody -- "$PYTHON" -c pass 2>/dev/null; then
  base="$("$PYTHON" -c 'import sys; print(sys.base_prefix)')"
  ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  if [[ ! -x "$TARGET/python/bin/python$ver" || "$base/bin/python$ver" -nt "$TARGET/python/bin/python$ver" ]]; then
    rm -rf "$TARGET/python" "$TARGET/venv"
    mkdir -p "$TARGET/python/bin" "$TARGET/python/lib"
    cp -a "$base/bin/python$ver" "$TARGET/python/bin/"
    cp -a "$base"/lib/libpython* "$TARGET/python/lib/" 2>/dev/null || true
    tar -C "$base/lib" -c --exclude="python$ver/site-packages/*" --exclude="python$ver/test" \
      --exclude='__pycache__' "python$ver" | tar -C "$TARGET/python/lib" -x
    mkdir -p "$TARGET/python/lib/python$ver/site-packages"
    if ls "$TARGET"/python/lib/libpython* >/dev/null 2>&1; then
      command -v patchelf >/dev/null || { apt-get update -qq && apt-get install -y -qq patchelf; }
      patchelf --set-rpath '$ORIGIN/../lib' "$TARGET/python/bin/python$ver"
    fi
  fi
  PYTHON="$TARGET/python/bin/python$ver"
  # its bytecode, as the original has: the copy is read-only to the students, so without it every
  # kernel and server would compile the standard library it imports from source, every time
  "$PYTHON" -m compileall -q -j 0 -x '/tests?/' "$TARGET/python/lib/python$ver" >/dev/null
fi

# 2. the course: copied afresh to the same path (the editable install below points at it)
rm -rf "$TARGET/course.new"
mkdir "$TARGET/course.new"
tar -C "$REPO" -c --exclude='__pycache__' --exclude='.ipynb_checkpoints' --exclude='*.egg-info' \
  pyproject.toml README.md requirements.txt helpers data notebooks teacher \
  deploy/singleuser.sh deploy/course_config.py deploy/lab_settings |
  tar -C "$TARGET/course.new" -x
rm -rf "$TARGET/course"
mv "$TARGET/course.new" "$TARGET/course"

# 3. its environment, rebuilt when the pins change
want="$(cat "$REPO/requirements.txt" "$REPO/deploy/requirements-hub.txt" "$REPO/pyproject.toml" | sha1sum)"
if [[ ! -f "$TARGET/venv/.installed" || "$(cat "$TARGET/venv/.installed")" != "$want" ]]; then
  rm -rf "$TARGET/venv"
  "$PYTHON" -m venv "$TARGET/venv"
  (cd "$TARGET/course" && "$TARGET/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r requirements.txt -r "$REPO/deploy/requirements-hub.txt")
  echo "$want" >"$TARGET/venv/.installed"
fi
"$TARGET/venv/bin/python" -m compileall -q "$TARGET/course/helpers" >/dev/null
# 4. the data validated and typed once for the whole class: every student's kernel reads this
#    root-owned snapshot (CAUCASUS_SHARED_CACHE, deploy/course_config.py) instead of building its own
(cd "$TARGET/course" && \
  "$TARGET/venv/bin/python" -m helpers.data.shared_cache "$TARGET/course/cache") >/dev/null
rm -rf "$TARGET"/course/*.egg-info
chmod -R a+rX,go-w "$TARGET"
runuser -u nobody -- env CAUCASUS_SHARED_CACHE="$TARGET/course/cache" "$TARGET/venv/bin/python" -c \
  'import helpers.data as d, helpers.quiz; d.ensure_valid(); assert d.trusted(next(d.shared_cache_dir().glob("tables-*.json")))' ||
  { echo "deploy/install.sh: a plain user cannot import the course from $TARGET" >&2; exit 1; }
