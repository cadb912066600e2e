"""Hand-ins (helpers.quiz.handin): the record, the name, the folder, atomic replacement, no leak."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from helpers import quiz
from helpers.quiz import attempts, handin, progress
from helpers.quiz.widget import QuizView

NB = "03_commissariat_and_elections"


def answer(nb: str, qid: str, given: object) -> None:
    """Answer one question as the Check button does and save it."""
    q = quiz.load(nb).question(qid)
    e = attempts.entry(progress.answers(nb).get(qid))
    attempts.add(q, e, given, handin.now())
    progress.record_answer(nb, qid, e, attempts.grade(q, {"answer": e}) is True)


def key_texts(bank: quiz.Quiz) -> list[str]:
    """What a hand-in made before answering must not hold: explanations, evidence, model answers,
    every option's feedback and text, the rubric."""
    out = []
    for q in bank.questions:
        out += [q.explanation, q.evidence, q.model_answer, *q.rubric]
        out += [c.feedback for c in q.choices] + [c.text for c in q.choices]
    return [t for t in out if t and len(t) > 12]


def test_hand_in_on_a_hub_holds_the_attempts_and_times(
    where: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hub user names the file; every attempt, its time and the recomputed score are in it."""
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    bank = quiz.load(NB)
    single = next(q for q in bank.questions if q.type == "single")
    wrong = next(c.id for c in single.choices if c.id != single.answer)
    answer(NB, single.id, wrong)
    answer(NB, single.id, single.answer)
    target = quiz.hand_in(NB, "someone-else")  # a typed name does not override the hub user
    assert target == where / f"{NB}.alice.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == handin.FORMAT and data["student"] == "alice" and data["hub_user"]
    entry = data["answers"][single.id]
    assert entry["attempts"] == [wrong, single.answer] and len(entry["times"]) == 2
    marked = data["score"]["marked"]
    assert data["score"] == {"right": 1, "answered": 1, "marked": marked, "points": 0.5}
    assert data["banks"] == handin.bank_version(bank)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_hand_in_before_answering_leaks_nothing(where: Path) -> None:
    """A hand-in made before any answer holds no key, explanation, feedback or option text."""
    target = quiz.hand_in(NB, "bob")
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)["answers"] == {}
    leaked = [t for t in key_texts(quiz.load(NB)) if t in text]
    assert not leaked


def test_hand_in_again_replaces_only_the_students_own_file_atomically(
    where: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second hand-in replaces the first (no temp file left); a failed write leaves the first."""
    first = quiz.hand_in(NB, "carol")
    other = quiz.hand_in(NB, "dave")
    bank = quiz.load(NB)
    q = next(q for q in bank.questions if q.type == "numeric")
    answer(NB, q.id, f"{q.answer:g}")
    before = first.stat().st_ino
    again = quiz.hand_in(NB, "carol")
    assert again == first and again.stat().st_ino != before
    assert q.id in json.loads(again.read_text(encoding="utf-8"))["answers"]
    assert sorted(p.name for p in where.iterdir()) == sorted([first.name, other.name])
    saved = first.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handin.progress.os, "fsync", broken)  # the disk fills while writing
    with pytest.raises(handin.HandInError, match="No space left"):
        quiz.hand_in(NB, "carol")
    assert first.read_bytes() == saved
    assert sorted(p.name for p in where.iterdir()) == sorted([first.name, other.name])


def test_name_is_asked_once_and_kept(where: Path) -> None:
    """Off a hub the first hand-in needs a name; it is kept (as typed) for the next, and the file
    is its ASCII form with a short hash (tests/test_handin_names.py: other scripts, one name twice)."""
    with pytest.raises(handin.HandInError, match="name"):
        quiz.hand_in(NB)
    target = quiz.hand_in(NB, "Leyla Aliyeva")
    assert target.name.startswith(f"{NB}.leyla-aliyeva-") and len(target.name) == len(NB) + 28
    assert quiz.hand_in(NB) == target
    assert handin.student_name() == "Leyla Aliyeva"


@pytest.mark.parametrize(
    "typed", ["../x", "../../etc/passwd", "/tmp/evil", "..", ".hidden", "a/b\\c", "x" * 500]
)
def test_a_name_that_tries_a_path_stays_in_the_folder(where: Path, typed: str) -> None:
    """A typed name becomes a plain file name inside the folder, or a request to type a name."""
    try:
        target = quiz.hand_in(NB, typed)
    except handin.HandInError as e:
        assert "name" in str(e)
        return
    assert target.parent == where and handin.plain_name(target.name.split(".", 1)[1][:-5])
    assert [p.parent for p in where.parent.rglob("*.json") if "progress" not in p.name] == [where]


def test_hub_user_with_odd_characters_stays_in_the_folder(
    where: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a hub user name with a slash makes a file in the folder."""
    monkeypatch.setenv("JUPYTERHUB_USER", "../Mallory")
    target = quiz.hand_in(NB)
    assert target.parent == where and target.name == f"{NB}.mallory.json"


def test_without_a_folder_the_hand_in_goes_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No CAUCASUS_HANDIN: ~/caucasus1917-handin/, made private."""
    monkeypatch.delenv("CAUCASUS_HANDIN", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    target = quiz.hand_in(NB, "erin")
    assert target.parent == tmp_path / "caucasus1917-handin"
    assert target.name.startswith(f"{NB}.erin-")
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_a_folder_that_refuses_the_file_is_a_message(
    where: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the student may not write to: a message naming the folder, not a traceback."""
    if os.geteuid() == 0:  # root may write anywhere: a folder that is not there refuses it too
        monkeypatch.setenv("CAUCASUS_HANDIN", str(where / "missing" / "deeper"))
        with pytest.raises(handin.HandInError, match="could not be written"):
            quiz.hand_in(NB, "frank")
        return
    where.chmod(0o500)
    try:
        with pytest.raises(handin.HandInError, match="would not take your file"):
            quiz.hand_in(NB, "frank")
    finally:
        where.chmod(0o700)


def test_the_widget_hands_in_and_shows_the_path(where: Path) -> None:
    """The quiz's Hand in button: asks the name once, writes the file, shows where."""
    view = QuizView(quiz.load(NB))
    box = view.hand_in_box
    assert box.name.layout.display != "none"
    assert box.hand_in() is None and "name" in box.message.value
    box.name.value = "Gunel"
    target = box.hand_in()
    assert target.parent == where and target.name.startswith(f"{NB}.gunel-") and target.exists()
    assert str(where) in box.message.value and target.name in box.message.value
    assert box.name.layout.display == "none"
    again = QuizView(quiz.load(NB)).hand_in_box
    assert again.name.layout.display == "none" and again.hand_in() == target


def test_no_home_and_no_folder_is_a_message(where: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No CAUCASUS_HANDIN and no home folder: a message for the teacher, not a traceback."""
    monkeypatch.delenv("CAUCASUS_HANDIN")

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(handin.Path, "home", staticmethod(no_home))
    with pytest.raises(handin.HandInError, match="CAUCASUS_HANDIN"):
        quiz.hand_in(NB, "hana")
