"""Scoring that rewards knowing (issue 25): 1 at the first try, 0.5 at the second; multiple answers
per tick, tick-all a wrong try naming no option; nothing after the reveal changes the outcome; a
contradictory hand-in refused; two kernels of one student merge their attempts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import quiz
from helpers.quiz import attempts, handin, progress
from helpers.quiz.session import Session
from helpers.teacher import handins

NB = "03_commissariat_and_elections"


@pytest.fixture(autouse=True)
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A progress file and a hand-in folder of the test's own."""
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.setenv("CAUCASUS_HANDIN", str(tmp_path / "handin"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    (tmp_path / "handin").mkdir()
    return tmp_path


def first(kind: str) -> tuple[quiz.Quiz, quiz.Question]:
    """The first question of a type in the course's banks, and its bank."""
    for nb in handins.notebook_ids():
        bank = quiz.load(nb)
        for q in bank.questions:
            if q.type == kind and (kind != "multiple" or len(q.answer) < len(q.choices)):
                return bank, q
    raise LookupError(kind)


def wrong_of(q: quiz.Question) -> list[str]:
    return [c.id for c in q.choices if c.id != q.answer]


def test_first_try_scores_1_and_second_try_half() -> None:
    bank, q = first("single")
    s = Session(bank)
    s.check(q, q.answer)
    assert s.points(q.id) == 1.0
    s.start_again()
    assert s.check(q, wrong_of(q)[0]).stage == "try"
    assert s.check(q, q.answer).stage == "second"
    assert s.points(q.id) == 0.5 and s.score().marks == 0.5 and s.score().right == 1


def test_tick_all_scores_0_and_names_no_option() -> None:
    bank, q = first("multiple")
    every = [c.id for c in q.choices]
    fb = quiz.check(q, every)
    assert fb.correct is False and "every box" in fb.message
    for c in q.choices:  # neither an option's text nor its feedback
        assert c.text not in fb.message and (not c.feedback or c.feedback not in fb.message)
    assert attempts.value(q, every) == 0.0
    s = Session(bank)
    assert s.check(q, every).stage == "try"  # a wrong try, counted
    assert s.points(q.id) == 0.0
    s.check(q, list(q.answer))  # right at the second try
    assert s.points(q.id) == 0.5


def test_multiple_answers_score_per_tick() -> None:
    _, q = first("multiple")
    keys, others = list(q.answer), [c.id for c in q.choices if c.id not in q.answer]
    assert attempts.value(q, keys) == 1.0
    assert attempts.value(q, keys[:1]) == pytest.approx(1 / len(keys))
    assert attempts.value(q, keys[:1] + others[:1]) == 0.0  # +1 -1
    assert attempts.value(q, others[:1]) == 0.0  # floored at 0


def test_eleven_presses_after_the_reveal_change_nothing() -> None:
    bank, q = first("single")
    s = Session(bank)
    w1, w2 = wrong_of(q)[:2]
    s.check(q, w1)
    assert s.check(q, w2).stage == "wrong"  # the answer is shown: 0 points
    before = json.dumps(progress.answers(bank.notebook), sort_keys=True)
    for _ in range(11):
        assert s.check(q, q.answer).stage == "after"
    assert json.dumps(progress.answers(bank.notebook), sort_keys=True) == before
    assert s.points(q.id) == 0.0 and s.score().right == 0
    path = quiz.hand_in(bank.notebook, "leyla")
    assert json.loads(path.read_text())["score"]["points"] == 0


def hand_in_with(bank: quiz.Quiz, qid: str, entry: dict, folder: Path) -> list[str]:
    """Hand in, rewrite one entry as a tamperer would, and read the folder: the problems."""
    path = quiz.hand_in(bank.notebook, "leyla")
    data = json.loads(path.read_text())
    data["answers"][qid] = entry
    path.write_text(json.dumps(data))
    found = handins.read_folder(folder, {bank.notebook: bank})
    return found.problems


def test_a_contradictory_hand_in_is_refused_with_one_line(fresh: Path) -> None:
    bank, q = first("single")
    s = Session(bank)
    s.check(q, q.answer)
    assert hand_in_with(bank, q.id, s.entry(q.id), fresh / "handin") == []
    w1, w2 = wrong_of(q)[:2]
    tampered = [
        # the old exploit: two wrong tries, then ten right presses kept in a window of ten
        {"attempts": [q.answer] * 10, "shown_at": 2, "ticks": []},
        {"attempts": [w1, w2] + [q.answer] * 9998, "shown_at": 2, "ticks": []},
        {"attempts": [w1, w2], "shown_at": 2, "ticks": [], "outcome": 1.0},
        {"attempts": [w1, q.answer], "shown_at": None, "ticks": []},
    ]
    for entry in tampered:
        problems = hand_in_with(bank, q.id, entry, fresh / "handin")
        assert len(problems) == 1 and "refused" in problems[0] and "\n" not in problems[0]


def test_a_score_the_attempts_do_not_give_is_refused(fresh: Path) -> None:
    bank, q = first("single")
    Session(bank).check(q, wrong_of(q)[0])
    path = quiz.hand_in(bank.notebook, "leyla")
    data = json.loads(path.read_text())
    assert handin.refusal(bank, data) == ""
    data["score"]["right"] = 1
    assert "score says right 1" in handin.refusal(bank, data)


def test_two_kernels_of_one_student_merge_their_attempts() -> None:
    bank, q = first("single")
    one, two = Session(bank), Session(bank)  # the same quiz open in two kernels
    one.check(q, wrong_of(q)[0])
    result = two.check(q, q.answer)  # kernel two had not seen kernel one's wrong try
    assert result.stage == "second"
    saved = progress.answers(bank.notebook)[q.id]["answer"]
    assert saved["attempts"] == [wrong_of(q)[0], q.answer] and saved["outcome"] == 0.5
    assert Session(bank).points(q.id) == 0.5


def test_an_older_progress_file_keeps_its_outcome_not_its_late_presses() -> None:
    bank, q = first("single")
    w1, w2 = wrong_of(q)[:2]
    late = {"attempts": [w1, w2, q.answer, q.answer], "shown_at": 2, "ticks": []}
    progress.record_answer(bank.notebook, q.id, late, False)
    s = Session(bank)
    assert s.entry(q.id)["attempts"] == [w1, w2] and s.points(q.id) == 0.0


def test_a_nonsense_written_answer_is_refused_and_a_real_one_accepted() -> None:
    _, q = first("written")
    nonsense = " ".join(["asdf qwer zxcv uiop hjkl"] * 8)  # long enough, not the prompt's words
    fb = quiz.check(q, nonsense)
    assert fb.correct is None and not fb.written and "name at least one" in fb.hint
    assert fb.model_answer == ""  # the model is not shown
    assert quiz.check(q, q.model_answer).written  # the model answer itself passes


def sentences(text: str) -> int:
    """How many sentences a text has (a full stop, then a capital or a quote), brackets left out: a
    rendered work name ('R. G. Suny, The Baku Commune') is no sentence end."""
    import re

    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "", text)
    return len(re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text.strip()))


def test_a_written_model_keeps_the_length_its_prompt_asks() -> None:
    import re

    asked = 0
    for nb in handins.notebook_ids():
        for q in quiz.load(nb).questions:
            m = re.search(r"\((\d)-(\d) sentences\)", q.prompt)
            if q.type == "written" and m:
                asked += 1
                assert int(m[1]) <= sentences(q.model_answer) <= int(m[2]), q.id
                assert q.partly and q.partly != q.model_answer  # a partly-there example beside it
    assert asked
    assert sentences("One (12, p.150), on September 15, 1918. Two. “Three” follows.") == 3
    assert sentences("One (beyond it: R. G. Suny, The Baku Commune (1972); sourced). Two.") == 2


def test_a_progress_file_edited_to_contradict_itself_is_not_handed_in() -> None:
    bank, q = first("single")
    tampered = {"attempts": [q.answer] * 10, "shown_at": 2, "ticks": []}  # the old window exploit
    progress.record_answer(bank.notebook, q.id, tampered, True)
    with pytest.raises(handin.HandInError, match="cannot be handed in"):
        quiz.hand_in(bank.notebook, "leyla")
    w1, w2 = wrong_of(q)[:2]  # an older version's save: presses after the reveal, kept
    older = {"attempts": [w1, w2, q.answer, q.answer], "shown_at": 2, "ticks": []}
    progress.record_answer(bank.notebook, q.id, older, False)
    data = json.loads(quiz.hand_in(bank.notebook, "leyla").read_text())
    assert data["answers"][q.id]["attempts"] == [w1, w2] and data["score"]["points"] == 0
