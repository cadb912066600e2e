"""Saved progress: env override, atomic writes that survive a crash, corrupt files set aside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.quiz import progress


@pytest.fixture
def file(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "student" / "progress.json"
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(path))
    return path


def test_env_var_overrides_the_path(file):
    assert progress.path() == file


def test_default_path_is_in_the_user_data_dir(monkeypatch):
    import platformdirs

    monkeypatch.delenv("CAUCASUS_PROGRESS", raising=False)
    expected = Path(platformdirs.user_data_dir("caucasus1917")) / "progress.json"
    assert progress.path() == expected


def test_record_read_score_and_reset(file):
    assert progress.read() == (progress.empty(), "")
    progress.record_answer("01_x", "q1.1", ["b", "a"], True)
    progress.record_answer("01_x", "q1.2", "tomorrow?", False)
    progress.record_answer("02_y", "q2.1", {"judgement": "a", "sentence": "s"}, True)
    assert progress.answers("01_x")["q1.1"] == {"answer": ["b", "a"], "correct": True}
    assert progress.score("01_x", 7) == (1, 2, 7)
    progress.reset("01_x")
    assert progress.answers("01_x") == {}
    assert progress.answers("02_y")["q2.1"]["correct"] is True
    assert json.loads(file.read_text(encoding="utf-8"))["version"] == progress.VERSION


def test_failed_write_leaves_the_old_file_and_no_temp_file(file, monkeypatch):
    progress.record_answer("01_x", "q1.1", "a", True)
    before = file.read_bytes()

    def crash(*args):
        raise OSError(5, "simulated crash before the rename")

    monkeypatch.setattr(progress.os, "replace", crash)
    with pytest.raises(OSError):
        progress.record_answer("01_x", "q1.2", "b", False)
    assert file.read_bytes() == before
    assert sorted(p.name for p in file.parent.iterdir()) == ["progress.json"]


def test_kernel_killed_mid_write_leaves_a_readable_file(file):
    progress.record_answer("01_x", "q1.1", "a", True)
    before = file.read_bytes()
    script = (
        "import os, signal\n"
        "from helpers.quiz import progress\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "progress.record_answer('01_x', 'q1.2', 'x' * 100000, False)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=os.environ.copy())
    assert done.returncode == -9  # killed in the middle of the write
    assert file.read_bytes() == before
    saved, message = progress.read()
    assert message == "" and saved["notebooks"]["01_x"] == {
        "q1.1": {"answer": "a", "correct": True}
    }


@pytest.mark.parametrize("garbage", [b'{"version": 1, "noteb', b"\xff\xfe\x00", b"[1, 2]", b""])
def test_corrupt_file_is_set_aside_with_a_message(file, garbage):
    file.parent.mkdir(parents=True)
    file.write_bytes(garbage)
    saved, message = progress.read()
    assert saved == progress.empty()
    assert "progress.json.corrupt-1" in message and "set aside" in message
    assert (file.parent / "progress.json.corrupt-1").read_bytes() == garbage
    assert not file.exists()


def test_second_corrupt_file_gets_the_next_number(file):
    file.parent.mkdir(parents=True)
    (file.parent / "progress.json.corrupt-1").write_text("old", encoding="utf-8")
    file.write_text("{broken", encoding="utf-8")
    _, message = progress.read()
    assert "corrupt-2" in message
    progress.record_answer("01_x", "q1.1", "a", True)
    assert progress.answers("01_x")["q1.1"]["correct"] is True
