"""Saved progress: env override, atomic writes that survive a crash, corrupt files set aside."""

from __future__ import annotations

import errno
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


def test_record_read_and_reset(file):
    assert progress.read() == (progress.empty(), "")
    progress.record_answer("01_x", "q1.1", ["b", "a"], True)
    progress.record_answer("01_x", "q1.2", "tomorrow?", False)
    progress.record_answer("02_y", "q2.1", {"judgement": "a", "sentence": "s"}, True)
    assert progress.answers("01_x")["q1.1"] == {"answer": ["b", "a"], "correct": True}
    assert len(progress.answers("01_x")) == 2
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
    assert sorted(p.name for p in file.parent.iterdir()) == ["progress.json", "progress.json.lock"]


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


def fail_reading(monkeypatch, err: int) -> None:
    """Make every read of the progress file fail with this errno (as a broken disk or ulimit would)."""

    def broken(file):
        raise OSError(err, os.strerror(err), str(file))

    monkeypatch.setattr(progress, "read_bytes", broken)


class TestUnreadableFileIsNeverMovedNorOverwritten:
    """Permission denied, out of file handles, an I/O error: not a corrupt file."""

    @pytest.mark.parametrize("err", [errno.EACCES, errno.EMFILE, errno.EIO, errno.ENFILE])
    def test_read_tells_the_student_and_leaves_the_file(self, file, monkeypatch, err):
        progress.record_answer("01_x", "q1.1", "a", True)
        before = file.read_bytes()
        fail_reading(monkeypatch, err)
        saved, message = progress.read()
        assert saved == progress.empty()
        assert os.strerror(err) in message and "left untouched" in message
        assert file.read_bytes() == before
        assert sorted(p.name for p in file.parent.iterdir()) == [
            "progress.json",
            "progress.json.lock",
        ]

    @pytest.mark.parametrize("err", [errno.EACCES, errno.EMFILE, errno.EIO])
    def test_saving_and_resetting_refuse_rather_than_overwrite(self, file, monkeypatch, err):
        progress.record_answer("01_x", "q1.1", "a", True)
        before = file.read_bytes()
        fail_reading(monkeypatch, err)
        with pytest.raises(progress.Unreadable):
            progress.record_answer("01_x", "q1.2", "b", False)
        with pytest.raises(OSError):
            progress.reset("01_x")
        assert file.read_bytes() == before
        assert progress.answers("01_x") == {}  # reading still never raises

    def test_a_folder_in_the_files_place_is_left_alone(self, file):
        file.mkdir(parents=True)
        (file / "keep.txt").write_text("x", encoding="utf-8")
        saved, message = progress.read()
        assert saved == progress.empty() and "left untouched" in message
        with pytest.raises(OSError):
            progress.record_answer("01_x", "q1.1", "a", True)
        assert (file / "keep.txt").read_text(encoding="utf-8") == "x"

    def test_out_of_file_handles_for_real(self, file):
        """A kernel at its open-files limit (EMFILE from the OS, not a mock) keeps the file."""
        progress.record_answer("01_x", "q1.1", "a", True)
        before = file.read_bytes()
        script = (
            "import resource, sys\n"
            "from helpers.quiz import progress\n"
            "resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))\n"
            "held = []\n"
            "try:\n"
            "    while True: held.append(open('/dev/null'))\n"
            "except OSError: pass\n"
            "saved, message = progress.read()\n"
            "try:\n"
            "    progress.record_answer('01_x', 'q1.2', 'b', False)\n"
            "    saved_new = 'saved'\n"
            "except OSError as e:\n"
            "    saved_new = 'refused'\n"
            "for f in held: f.close()\n"
            "print(saved == progress.empty(), 'left untouched' in message, saved_new)\n"
        )
        root = Path(__file__).resolve().parent.parent
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env=os.environ.copy(),
            capture_output=True,
            text=True,
        )
        assert done.stdout.split() == ["True", "True", "refused"], done.stderr
        assert file.read_bytes() == before


class TestConcurrentKernelsKeepEveryAnswer:
    """Two kernels of one student answering at once ."""

    @staticmethod
    def answer_many(file: str, proc: int, n: int) -> None:
        for i in range(n):
            progress.record_answer("01_x", f"p{proc}.q{i}", i, i % 2 == 0, Path(file))

    @pytest.mark.parametrize("procs, n", [(2, 60), (4, 50)])
    def test_every_answer_is_kept(self, file, procs, n):
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        workers = [
            ctx.Process(target=self.answer_many, args=(str(file), p, n)) for p in range(procs)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert [w.exitcode for w in workers] == [0] * procs
        saved = progress.answers("01_x")
        assert len(saved) == procs * n
        assert saved[f"p{procs - 1}.q{n - 1}"]["answer"] == n - 1

    def test_a_reset_in_one_kernel_does_not_eat_the_other_notebook(self, file):
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        answering = ctx.Process(target=self.answer_many, args=(str(file), 0, 80))
        answering.start()
        for _ in range(40):
            progress.record_answer("02_y", "q", "a", True)
            progress.reset("02_y")
        answering.join()
        assert len(progress.answers("01_x")) == 80 and progress.answers("02_y") == {}

    def test_the_lock_is_held_while_changing(self, file):
        import fcntl

        with progress.change() as record:
            record["notebooks"]["01_x"] = {"q": {"answer": 1}}
            fd = os.open(str(file) + ".lock", os.O_RDWR)
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.close(fd)
        assert progress.answers("01_x") == {"q": {"answer": 1}}


class TestWrongShapeEntriesAreSetAside:
    """JSON that parses but is not the layout: set aside like a corrupt file, the good part kept."""

    @pytest.mark.parametrize(
        "record, kept",
        [
            ({"notebooks": {"01_x": None}}, {}),
            ({"notebooks": {"01_x": {"q1": None, "q2": {"answer": "a", "correct": True}}}}, {"q2"}),
            ({"notebooks": {"01_x": {"q1": "a", "q2": [1]}}}, set()),
            ({"notebooks": {"01_x": [1, 2], "02_y": {"q": {"answer": 1}}}}, {}),
            ({"notebooks": {"01_x": {"q3": 7}}, "student": "s-1"}, set()),
        ],
    )
    def test_bad_entries_go_aside_good_ones_stay(self, file, record, kept):
        file.parent.mkdir(parents=True)
        file.write_text(json.dumps(record), encoding="utf-8")
        saved, message = progress.read()
        assert "corrupt-1" in message and "set aside" in message
        aside = json.loads((file.parent / "progress.json.corrupt-1").read_text(encoding="utf-8"))
        assert aside == record
        if isinstance(kept, set):
            assert set(progress.answers("01_x")) == kept
        assert progress.well_formed(json.loads(file.read_text(encoding="utf-8")))
        assert progress.read()[1] == ""  # repaired once, quiet afterwards
        for key in set(record) - {"notebooks"}:  # other top-level keys ride along
            assert saved[key] == record[key]

    @pytest.mark.parametrize("record", [{"notebooks": None}, {"version": 1}, "text", 5, None])
    def test_no_layout_at_all_is_set_aside_whole(self, file, record):
        file.parent.mkdir(parents=True)
        file.write_text(json.dumps(record), encoding="utf-8")
        saved, message = progress.read()
        assert saved == progress.empty() and "starts afresh" in message
        assert not file.exists()
        assert json.loads((file.parent / "progress.json.corrupt-1").read_text()) == record

    def test_saving_over_a_wrong_shape_file_keeps_a_copy(self, file):
        file.parent.mkdir(parents=True)
        file.write_text('{"notebooks": {"01_x": {"q1": null}}}', encoding="utf-8")
        progress.record_answer("01_x", "q2", "b", True)
        assert set(progress.answers("01_x")) == {"q2"}
        assert (file.parent / "progress.json.corrupt-1").exists()

    def test_deeply_nested_json_is_corrupt_not_a_crash(self, file):
        file.parent.mkdir(parents=True)
        file.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
        saved, message = progress.read()
        assert saved == progress.empty() and "corrupt-1" in message


def widget_text(box) -> str:
    """Every string in the quiz widget's tree (what the student can see)."""
    import ipywidgets as w

    out, todo = [], [box]
    while todo:
        widget = todo.pop()
        for name in widget.keys:
            value = getattr(widget, name)
            for v in value if isinstance(value, list | tuple) else [value]:
                if isinstance(v, w.Widget) and not isinstance(v, w.Layout | w.Style):
                    todo.append(v)
                elif isinstance(v, str):
                    out.append(v)
    return "\n".join(out)


class TestTheQuizStaysUsable:
    """Whatever state the progress file is in, quiz.show works, says what happened, loses nothing."""

    NB = "06_independence_and_baku"

    def answer(self, box) -> str:
        view = next(v for v in box.view.views if v.q.id == "q6.3")
        view.text.value = "15 May 1918"  # q6.3 asks for the Old Style date
        view.check_button.click()
        return view.feedback.value

    @pytest.mark.parametrize("err", [errno.EACCES, errno.EMFILE, errno.EIO])
    def test_unreadable_file(self, file, monkeypatch, err):
        from helpers import quiz

        progress.record_answer(self.NB, "q6.1", "a", True)
        before = file.read_bytes()
        fail_reading(monkeypatch, err)
        box = quiz.show(self.NB)
        assert "left untouched" in widget_text(box) and os.strerror(err) in widget_text(box)
        assert "Right" in self.answer(box)  # marked all the same
        assert "could not be saved" in widget_text(box)
        assert file.read_bytes() == before

    @pytest.mark.parametrize(
        "content",
        [
            {"notebooks": {NB: {"q6.3": None}}},
            {"notebooks": {NB: None}},
            {"notebooks": {NB: {"q6.3": "May 28th", "q6.1": {"answer": "a", "correct": True}}}},
        ],
    )
    def test_wrong_shape_entries(self, file, content):
        from helpers import quiz

        file.parent.mkdir(parents=True)
        file.write_text(json.dumps(content), encoding="utf-8")
        box = quiz.show(self.NB)
        assert "set aside" in widget_text(box)
        assert "Right" in self.answer(box)
        assert progress.answers(self.NB)["q6.3"]["answer"]["attempts"] == ["15 May 1918"]

    def test_no_home_folder(self, file, monkeypatch, tmp_path):
        from helpers import quiz

        monkeypatch.delenv("CAUCASUS_PROGRESS")
        monkeypatch.delenv("HOME")
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        monkeypatch.setattr(os.path, "expanduser", lambda p: p)  # no passwd entry either
        monkeypatch.chdir(tmp_path)
        box = quiz.show(self.NB)
        assert "no home folder" in widget_text(box)
        assert "Right" in self.answer(box)
        assert list(tmp_path.iterdir()) == []  # no "~" folder scattered in the working folder


class TestTheLockReEnters:
    def test_read_inside_change_does_not_wait_for_itself(self, file):
        progress.record_answer("01_x", "q1", "a", True)
        with progress.change() as record:
            saved, message = progress.read()  # would deadlock with a plain flock
            assert message == "" and saved["notebooks"]["01_x"]["q1"]["answer"] == "a"
            record["notebooks"]["01_x"]["q2"] = {"answer": "b"}
        assert set(progress.answers("01_x")) == {"q1", "q2"}


def test_a_foreign_lock_file_is_named_with_the_fix(file, monkeypatch):
    """A progress.json.lock the student cannot open (left by root): the save's message names the
    file and how to clear it, not a bare "Permission denied"."""
    key = Path(str(file) + ".lock")
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_text("")
    real_open = os.open

    def refused(path, *args, **kwargs):
        if Path(path) == key:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(progress.os, "open", refused)
    with pytest.raises(PermissionError) as raised:
        progress.record_answer("03_commissariat_and_elections", "q3.1", "a", True)
    assert str(key) in raised.value.strerror and f"rm '{key}'" in raised.value.strerror
    import pwd

    assert f"belongs to {pwd.getpwuid(os.geteuid()).pw_name}" in raised.value.strerror
