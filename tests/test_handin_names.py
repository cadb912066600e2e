"""Whose hand-in it is: names in their own letters off the hub, two students with one name, and the
hub exchange where a file counts only for its owner (forged, squatted and ghost hand-ins left out)."""

from __future__ import annotations

import json
import os
import pwd
import time
from pathlib import Path

import pytest

from helpers import quiz
from helpers.quiz import handin
from helpers.teacher import handins

NB = "03_commissariat_and_elections"
NAMES = ["Məmməd Şıxəliyev", "Лейла Алиева", "ლეილა", "Լեյլա", "Ayşe Kaya", "Ayse Kaya"]


def as_student(monkeypatch: pytest.MonkeyPatch, progress_file: Path) -> None:
    """Another student: a progress file (and so a shuffling seed) of their own."""
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(progress_file))


def test_names_of_every_script_are_kept_with_ascii_file_names(where: Path) -> None:
    """Azerbaijani, Cyrillic, Georgian, Armenian names: kept as typed; each file ASCII and its own."""
    files = {}
    for typed in NAMES:
        target = quiz.hand_in(NB, typed)
        assert target.parent == where and target.name.isascii(), target
        assert json.loads(target.read_text(encoding="utf-8"))["name"] == typed
        files[typed] = target.name
    assert len(set(files.values())) == len(NAMES)  # "Ayşe Kaya" and "Ayse Kaya" are two files
    assert files["Məmməd Şıxəliyev"].startswith(f"{NB}.m")
    shown = {h.student for h in handins.read_folder(where).handins}
    assert shown == set(NAMES)


def test_a_typed_name_keeps_its_file(where: Path) -> None:
    """The next hand-in, with no name typed, replaces the same file; the name box stays hidden."""
    first = quiz.hand_in(NB, "  Лейла   Алиева ")
    assert handin.student_name() == "Лейла Алиева"
    assert quiz.hand_in(NB) == first
    assert [p.name for p in where.iterdir()] == [first.name]


@pytest.mark.parametrize("typed", ["../x", "a/b", "<script>", " ", "123", "x" * 65])
def test_a_name_that_is_not_letters_is_refused(where: Path, typed: str) -> None:
    """Slashes, markup, no letter at all, too long: the student is asked to type a name."""
    with pytest.raises(handin.HandInError, match="letters of any alphabet"):
        quiz.hand_in(NB, typed)
    assert list(where.iterdir()) == []


def test_two_students_with_one_name_are_two(
    where: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two 'Ali Aliyev' on two computers: two files, two hand-ins, each shown with its key."""
    one = quiz.hand_in(NB, "Ali Aliyev")
    as_student(monkeypatch, tmp_path / "other-progress.json")
    two = quiz.hand_in(NB, "Ali Aliyev")
    assert one != two
    folder = handins.read_folder(where)
    assert folder.problems == [] and len(folder.handins) == 2
    keys = {json.loads(p.read_text())["student"] for p in (one, two)}
    assert {h.student for h in folder.handins} == {f"Ali Aliyev ({k})" for k in keys}


# --- the hub exchange ------------------------------------------------------------------------------


def needs_root() -> None:
    """These give files other owners (nobody, daemon): root only (CI runs as root)."""
    if os.geteuid() != 0:
        pytest.fail("this check needs root to give files other owners (CI runs as root)")


@pytest.fixture
def exchange(tmp_path: Path) -> Path:
    """A hub exchange as deploy/course_config.py makes it (sticky, setgid, 3773)."""
    folder = tmp_path / "exchange"
    folder.mkdir()
    folder.chmod(0o3773)
    return folder


def hub_record(student: str, *, hub: bool = True, when: str = "2026-12-01T10:00:00+00:00") -> dict:
    """A hub hand-in of notebook 03 naming `student`."""
    bank = quiz.load(NB)
    record = handin.record(bank, student, {}, hub=hub)
    return record | {"handed_in": when}


def put(folder: Path, name: str, record: dict, owner: str) -> Path:
    """A file in the exchange as `owner` wrote it."""
    path = folder / name
    path.write_text(json.dumps(record), encoding="utf-8")
    user = pwd.getpwnam(owner)
    os.chown(path, user.pw_uid, user.pw_gid)
    return path


def test_the_exchange_keeps_only_files_their_owner_names(exchange: Path) -> None:
    """nobody hands in as nobody (kept); as daemon it forges, invents, squats: each one line."""
    needs_root()
    put(exchange, f"{NB}.nobody.json", hub_record("nobody"), "nobody")
    late = hub_record("daemon", hub=False, when="2099-01-01T00:00:00+00:00")
    put(exchange, f"{NB}.daemon-late.json", late, "nobody")  # off-hub record, 2099
    put(exchange, f"{NB}.daemon.json", hub_record("daemon"), "nobody")  # squat, forged
    put(exchange, f"{NB}.ghost-0.json", hub_record("ghost-0"), "nobody")  # no such student
    put(exchange, f"{NB}.daemon.1a2b3c4d.json", hub_record("daemon"), "daemon")  # beside the squat
    put(exchange, f"{NB}.bin.json", hub_record("daemon"), "daemon")  # named for another
    folder = handins.read_folder(exchange)
    assert sorted((h.student, h.file) for h in folder.handins) == [
        ("daemon", f"{NB}.daemon.1a2b3c4d.json"),
        ("nobody", f"{NB}.nobody.json"),
    ]
    lines = {p.split(":", 1)[0]: p for p in folder.problems}
    assert "not a hub hand-in" in lines[f"{NB}.daemon-late.json"]
    assert "written by 'nobody'" in lines[f"{NB}.daemon.json"]
    assert "written by 'nobody'" in lines[f"{NB}.ghost-0.json"]
    assert f"file name is not {NB}.daemon.json" in lines[f"{NB}.bin.json"]
    assert len(folder.problems) == 4 and all(p.endswith("left out") for p in folder.problems)
    assert folder.line() == "hand-ins read 2/6"


def test_outside_an_exchange_the_owner_of_an_off_hub_file_does_not_matter(tmp_path: Path) -> None:
    """A teacher's folder of files gathered from the LMS (not sticky): no owner or file name rule."""
    needs_root()
    folder = tmp_path / "gathered"
    folder.mkdir()
    put(folder, "from-the-lms.json", hub_record("daemon", hub=False), "nobody")
    assert [h.student for h in handins.read_folder(folder).handins] == ["daemon"]


def test_tljh_system_users_are_jupyter_name() -> None:
    """The Littlest JupyterHub runs hub user bob as the system user jupyter-bob."""
    record = hub_record("bob")
    handins.check_exchange(f"{NB}.bob.json", NB, "bob", record, "jupyter-bob")
    with pytest.raises(handins.Bad, match="written by 'jupyter-alice'"):
        handins.check_exchange(f"{NB}.bob.json", NB, "bob", record, "jupyter-alice")


def test_a_hub_user_with_capitals_is_read(exchange: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An authenticator that keeps capitals: the hand-in of `Leyla` is named and read as Leyla."""
    assert handin.plain_name("Leyla")
    monkeypatch.setenv("JUPYTERHUB_USER", "Leyla")
    assert handin.student_name() == "Leyla"


def test_a_squatted_name_does_not_block_the_student(
    where: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A classmate's file holds bob's name (the folder refuses to replace it): bob's hand-in goes
    to a name of his own beside it, and the hand-in succeeds."""
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    real = handin.write
    refused = []

    def squatted(target: Path, data: dict) -> None:
        if target.name == f"{NB}.bob.json":
            refused.append(target)
            raise PermissionError(1, "Operation not permitted")
        real(target, data)

    monkeypatch.setattr(handin, "write", squatted)
    target = quiz.hand_in(NB)
    assert refused and target.parent == where
    assert target.name.startswith(f"{NB}.bob.") and target.name != f"{NB}.bob.json"
    handins.check_exchange(target.name, NB, "bob", json.loads(target.read_text()), "bob")


def test_in_jupyterlab_the_file_lands_beside_the_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off the hub, in a Jupyter kernel: hand-ins/ beside the notebook (inside JupyterLab's root,
    so the student can download it); the message says where, in local time, not UTC."""
    from helpers.quiz.widget import QuizView

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.delenv("CAUCASUS_HANDIN", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.setenv("JPY_SESSION_NAME", str(work / f"{NB}.ipynb"))
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Baku"
    time.tzset()
    try:
        box = QuizView(quiz.load(NB)).hand_in_box
        box.name.value = "Günel Məmmədova"
        target = box.hand_in()
        assert target is not None and target.parent == work / "hand-ins"
        assert "Download" in box.message.value and "UTC" not in box.message.value
        assert handin.local_time().endswith("+04")
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_a_sticky_folder_like_tmp_is_not_an_exchange(tmp_path: Path) -> None:
    """Only sticky and setgid (3773) is a hub exchange; /tmp's 1777 is not."""
    folder = tmp_path / "like-tmp"
    folder.mkdir()
    folder.chmod(0o1777)
    assert not handins.is_exchange(folder)
    folder.chmod(0o3773)
    assert handins.is_exchange(folder)
