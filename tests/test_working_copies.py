"""`make lab` works on copies outside the checkout, so a class's work never blocks a `git pull`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import working_copies

REPO = Path(__file__).resolve().parent.parent


def run_like_a_student(path: Path, edit_text: bool = False) -> None:
    """What JupyterLab's autosave writes after Run All: outputs, counts, widget state (and an edit)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            cell["execution_count"] = n
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["ran\n"]}]
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    if edit_text:
        nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["My own notes."]})
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def change_original(path: Path, words: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = [words]
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


@pytest.fixture
def originals(tmp_path: Path) -> Path:
    folder = tmp_path / "originals"
    folder.mkdir()
    for path in sorted((REPO / "notebooks").glob("0[0-2]_*.ipynb")):
        shutil.copyfile(path, folder / path.name)
    return folder


class TestWorkingCopies:
    def test_first_run_copies_every_notebook(self, originals, tmp_path):
        work = tmp_path / "work"
        done = working_copies.sync(originals, work)
        names = sorted(p.name for p in originals.glob("*.ipynb"))
        assert sorted(p.name for p in work.glob("*.ipynb")) == names
        assert done == [f"copied {n}" for n in names]
        assert working_copies.sync(originals, work) == []  # nothing to do the second time

    def test_a_run_copy_takes_the_new_version(self, originals, tmp_path):
        work = tmp_path / "work"
        working_copies.sync(originals, work)
        name = "01_revolution_in_russia.ipynb"
        run_like_a_student(work / name)
        change_original(originals / name, "# A corrected title")
        assert working_copies.sync(originals, work) == [f"updated {name}"]
        assert (work / name).read_bytes() == (originals / name).read_bytes()

    def test_an_edited_copy_is_kept_and_the_new_version_put_beside_it(self, originals, tmp_path):
        work = tmp_path / "work"
        working_copies.sync(originals, work)
        name = "02_baku_soviet.ipynb"
        run_like_a_student(work / name, edit_text=True)
        mine = (work / name).read_bytes()
        change_original(originals / name, "# A corrected title")
        (line,) = working_copies.sync(originals, work)
        assert "kept your edited" in line
        assert (work / name).read_bytes() == mine
        updated = work / "02_baku_soviet (updated).ipynb"
        assert updated.read_bytes() == (originals / name).read_bytes()

    def test_a_new_notebook_arrives(self, originals, tmp_path):
        work = tmp_path / "work"
        working_copies.sync(originals, work)
        shutil.copyfile(REPO / "notebooks" / "07_review.ipynb", originals / "07_review.ipynb")
        assert working_copies.sync(originals, work) == ["copied 07_review.ipynb"]

    def test_an_unreadable_copy_is_never_overwritten(self, originals, tmp_path):
        work = tmp_path / "work"
        working_copies.sync(originals, work)
        name = "00_start_here.ipynb"
        (work / name).write_text("{half a notebook", encoding="utf-8")
        change_original(originals / name, "# New")
        working_copies.sync(originals, work)
        assert (work / name).read_text(encoding="utf-8") == "{half a notebook"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class TestAClassNeverBlocksAnUpdate:
    """A clone used by a class (copies run and autosaved) still pulls a later commit cleanly."""

    def test_pull_after_a_class(self, tmp_path):
        upstream = tmp_path / "upstream"
        upstream.mkdir()
        shutil.copytree(REPO / "notebooks", upstream / "notebooks")
        git(upstream, "init", "-q", "-b", "main")
        git(upstream, "add", "-A")
        git(upstream, "commit", "-qm", "first")
        school = tmp_path / "school"
        git(tmp_path, "clone", "-q", str(upstream), str(school))
        work = tmp_path / "student"
        working_copies.sync(school / "notebooks", work)
        for copy in work.glob("*.ipynb"):  # the class walk: every notebook run and autosaved
            run_like_a_student(copy)
        assert git(school, "status", "--porcelain") == ""
        change_original(upstream / "notebooks" / "04_the_seym.ipynb", "# Fixed upstream")
        git(upstream, "commit", "-qam", "a fix")
        git(school, "pull", "-q", "--ff-only")
        assert git(school, "status", "--porcelain") == ""
        assert working_copies.sync(school / "notebooks", work) == ["updated 04_the_seym.ipynb"]

    def test_lab_sh_serves_the_copies_not_the_checkout(self, tmp_path):
        """lab.sh's folder is the working copies (checked without starting a server)."""
        text = (REPO / "scripts" / "lab.sh").read_text(encoding="utf-8")
        assert "-m helpers.working_copies" in text
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "helpers.working_copies",
                "--work",
                str(tmp_path / "w"),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0 and done.stdout.strip() == str(tmp_path / "w")
        assert (tmp_path / "w" / "00_start_here.ipynb").exists()


class TestAHubStudentsCopies:
    """deploy/singleuser.sh, which runs as the student before their server on the hub, brings their
    ~/caucasus1917 up to date with the course as `make lab` does (the real server starts in
    tests/browser/test_browser_hub.py; here a stand-in records that it was started)."""

    @staticmethod
    def start_server(course: Path, home: Path, bin_dir: Path) -> subprocess.CompletedProcess:
        env = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "HOME": str(home),
            "CAUCASUS_HUB_COURSE": str(course),
        }
        return subprocess.run(
            ["sh", str(REPO / "deploy" / "singleuser.sh"), "--port=1"],
            env=env,
            capture_output=True,
            text=True,
        )

    def test_copies_follow_the_course_and_an_edit_is_kept(self, originals, tmp_path):
        course, home, bin_dir = tmp_path / "course", tmp_path / "home", tmp_path / "bin"
        shutil.copytree(originals, course / "notebooks")
        bin_dir.mkdir()
        home.mkdir()
        (bin_dir / "python").symlink_to(sys.executable)
        server = bin_dir / "jupyterhub-singleuser"
        server.write_text('#!/bin/sh\necho "server started with $*"\n')
        server.chmod(0o755)
        done = self.start_server(course, home, bin_dir)
        assert done.returncode == 0, done.stderr
        assert "server started with --port=1" in done.stdout
        work = home / "caucasus1917"
        names = sorted(p.name for p in (course / "notebooks").glob("*.ipynb"))
        assert sorted(p.name for p in work.glob("*.ipynb")) == names
        assert home.stat().st_mode & 0o077 == 0
        run_like_a_student(work / names[0])
        run_like_a_student(work / names[1], edit_text=True)
        mine = (work / names[1]).read_bytes()
        for name in names[:2]:
            change_original(course / "notebooks" / name, "# The course was updated")
        assert self.start_server(course, home, bin_dir).returncode == 0
        assert (work / names[0]).read_bytes() == (course / "notebooks" / names[0]).read_bytes()
        assert (work / names[1]).read_bytes() == mine
        assert (work / names[1].replace(".ipynb", " (updated).ipynb")).is_file()


class TestNeverLosesText:
    """An edited `(updated)` copy, an unwritable copy: kept, reported, the rest updated."""

    @staticmethod
    def updated_beside_an_edit(originals: Path, tmp_path: Path) -> tuple[Path, str]:
        """A student's edited copy of 02 and, after a course update, `02_… (updated).ipynb` beside
        it: the working folder and the notebook's name."""
        work = tmp_path / "work"
        working_copies.sync(originals, work)
        name = "02_baku_soviet.ipynb"
        run_like_a_student(work / name, edit_text=True)
        change_original(originals / name, "# A corrected title")
        working_copies.sync(originals, work)
        return work, name

    def test_an_edited_updated_copy_is_kept_and_the_next_goes_beside_it(self, originals, tmp_path):
        work, name = self.updated_beside_an_edit(originals, tmp_path)
        first = work / "02_baku_soviet (updated).ipynb"
        run_like_a_student(first, edit_text=True)  # the student works in the (updated) copy
        theirs = first.read_bytes()
        change_original(originals / name, "# Corrected again")
        (line,) = working_copies.sync(originals, work)
        assert first.read_bytes() == theirs
        second = work / "02_baku_soviet (updated 2).ipynb"
        assert second.read_bytes() == (originals / name).read_bytes()
        assert line.endswith(second.name)
        notes = (work / working_copies.NOTES).read_text(encoding="utf-8")
        assert second.name in notes and "Nothing you wrote was replaced" in notes

    def test_an_unedited_updated_copy_takes_the_next_version(self, originals, tmp_path):
        work, name = self.updated_beside_an_edit(originals, tmp_path)
        change_original(originals / name, "# Corrected again")
        working_copies.sync(originals, work)
        first = work / "02_baku_soviet (updated).ipynb"
        assert first.read_bytes() == (originals / name).read_bytes()
        assert not (work / "02_baku_soviet (updated 2).ipynb").exists()

    @pytest.mark.parametrize("how", ["read-only", "link"])
    def test_an_unwritable_copy_is_reported_and_the_rest_updated(self, originals, tmp_path, how):
        work = tmp_path / "work"
        working_copies.sync(originals, work)
        names = sorted(p.name for p in originals.glob("*.ipynb"))
        stuck = work / names[0]
        if how == "read-only":
            stuck.chmod(0o444)
        else:
            elsewhere = tmp_path / "elsewhere.ipynb"
            shutil.copyfile(stuck, elsewhere)
            elsewhere.chmod(0o444)
            stuck.unlink()
            stuck.symlink_to(elsewhere)
        before = stuck.read_bytes()
        for name in names:
            change_original(originals / name, "# New")
        shutil.copyfile(REPO / "notebooks" / "07_review.ipynb", originals / "07_review.ipynb")
        done = working_copies.sync(originals, work)
        assert done[0].startswith(f"could not update {names[0]}") and "as it was" in done[0]
        assert done[1:] == [f"updated {n}" for n in names[1:]] + ["copied 07_review.ipynb"]
        assert stuck.read_bytes() == before and stuck.is_symlink() == (how == "link")
        for name in names[1:]:
            assert (work / name).read_bytes() == (originals / name).read_bytes()
        assert names[0] in (work / working_copies.NOTES).read_text(encoding="utf-8")
        # made writable again, the next run takes the new version
        if how == "read-only":
            stuck.chmod(0o644)
            assert working_copies.sync(originals, work) == [f"updated {names[0]}"]
