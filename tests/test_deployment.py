"""Deployments that differ from a laptop: read-only checkout, read-only or missing HOME, no cache.

Each case runs a fresh Python process that does what a lesson kernel does (load every table, the
notebook spec, every quiz, show a quiz and answer it). Read-only places are made read-only for that
process by an audit hook that fails every write under them with EROFS, as a read-only mount would,
so the test works for root and for any user alike. The process must succeed and print nothing else.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

LESSON = r"""
import errno, os, sys
READ_ONLY = [p for p in os.environ.pop("READ_ONLY_FOR_TEST", "").split(os.pathsep) if p]
WRITES = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.symlink", "os.chmod",
          "os.truncate", "shutil.copyfile", "shutil.rmtree"}

def under(path):
    try:
        path = os.path.abspath(os.fsdecode(path))
    except TypeError:
        return False
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in READ_ONLY)

def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        mode, flags = args[1] or "r", args[2] or 0
        writing = any(c in str(mode) for c in "wax+") or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writing and under(args[0]):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), args[0])
    elif event in WRITES and any(under(a) for a in args if isinstance(a, (str, bytes, os.PathLike))):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), args[0])

sys.addaudithook(hook)
if os.environ.pop("NO_PASSWD_FOR_TEST", ""):
    import pwd
    def missing(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")
    pwd.getpwuid = missing

from helpers import data, quiz
for name in data.table_names():
    assert len(data.load(name)) > 0, name
data.notebook_spec()
for nb in data.notebook_spec():
    quiz.load(nb["id"])
box = quiz.show("06_independence_and_baku")
view = next(v for v in box.view.views if v.q.id == "q6.3")
view.text.value = "15 May 1918"  # q6.3 asks for the Old Style date
view.check_button.click()
assert "Right" in view.feedback.value, view.feedback.value
print("notice:", box.view.notice.value)
"""


def run_lesson(env: dict[str, str], read_only: list[Path] = (), no_passwd: bool = False):
    """Run the lesson in a fresh process; (stdout, stderr)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("CAUCASUS_", "XDG_"))}
    full.pop("HOME", None)
    full.update(env)
    full["PYTHONDONTWRITEBYTECODE"] = "1"
    full["READ_ONLY_FOR_TEST"] = os.pathsep.join(str(p) for p in read_only)
    if no_passwd:
        full["NO_PASSWD_FOR_TEST"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", LESSON],
        cwd=REPO,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, done.stderr


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


class TestDeploymentsWithoutALaptop:
    def test_read_only_checkout_with_a_writable_home(self, home):
        out, err = run_lesson({"HOME": str(home)}, read_only=[REPO])
        assert err == "" and out.strip() == "notice:"
        assert list((home / ".cache" / "caucasus1917").glob("tables-*.json"))  # the cache works
        assert (home / ".local" / "share" / "caucasus1917" / "progress.json").exists()

    def test_read_only_home(self, home, tmp_path):
        progress = tmp_path / "writable" / "progress.json"
        out, err = run_lesson(
            {"HOME": str(home), "CAUCASUS_PROGRESS": str(progress)}, read_only=[REPO, home]
        )
        assert err == "" and out.strip() == "notice:"
        assert list(home.iterdir()) == [] and progress.exists()

    def test_read_only_home_and_nowhere_to_save(self, home):
        out, err = run_lesson({"HOME": str(home)}, read_only=[REPO, home])
        assert err == ""
        assert "could not be saved" in out and "Traceback" not in out
        assert list(home.iterdir()) == []

    def test_read_only_cache_folder(self, home, tmp_path):
        cache = tmp_path / "cache"
        cache.mkdir()
        out, err = run_lesson(
            {"HOME": str(home), "CAUCASUS_CACHE": str(cache)}, read_only=[REPO, cache]
        )
        assert err == "" and out.strip() == "notice:" and list(cache.iterdir()) == []

    @pytest.mark.parametrize("where", ["under a file", "in /proc"])
    def test_uncreatable_cache_folder(self, home, tmp_path, where):
        if where == "under a file":
            blocker = tmp_path / "a-file"
            blocker.write_text("x")
            cache = blocker / "cache"
        else:
            cache = Path("/proc/caucasus1917-cache")
        out, err = run_lesson({"HOME": str(home), "CAUCASUS_CACHE": str(cache)}, read_only=[REPO])
        assert err == "" and out.strip() == "notice:"

    def test_home_unset_and_no_passwd_entry(self, tmp_path):
        out, err = run_lesson({}, read_only=[REPO], no_passwd=True)
        assert err == ""
        assert "no home folder" in out and "CAUCASUS_PROGRESS" in out
        assert not (REPO / "~").exists()

    def test_home_unset_and_no_passwd_entry_with_a_progress_file(self, tmp_path):
        progress = tmp_path / "progress.json"
        out, err = run_lesson(
            {"CAUCASUS_PROGRESS": str(progress)}, read_only=[REPO], no_passwd=True
        )
        assert err == "" and out.strip() == "notice:" and progress.exists()
