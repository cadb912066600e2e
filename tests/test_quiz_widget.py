"""The quiz widget: no answer in the synced state before answering, saved answers, teacher mode."""

from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w
import pytest
import yaml

from helpers import quiz
from helpers.quiz import progress
from helpers.quiz.widget import QuestionView

DATA = Path(__file__).resolve().parent.parent / "data"
NOTEBOOKS = [n["id"] for n in yaml.safe_load((DATA / "notebooks.yaml").read_text())["notebooks"]]


@pytest.fixture(autouse=True)
def fresh_progress(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("CAUCASUS_TEACHER", raising=False)


def walk(widget: w.Widget):
    """Every widget in the tree under widget (children and widget-valued traits)."""
    yield widget
    for name in widget.keys:
        value = getattr(widget, name)
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if isinstance(v, w.Widget) and not isinstance(v, w.Layout | w.Style):
                yield from walk(v)


def synced_state(widget: w.Widget) -> str:
    return json.dumps([x.get_state() for x in walk(widget)], ensure_ascii=False, default=str)


def secrets(bank: quiz.Quiz) -> list[str]:
    """Texts that would give an answer away."""
    out = []
    for q in bank.questions:
        key = quiz.key_feedback(q)
        out += [q.explanation, q.model_answer]
        out += [c.feedback for c in q.choices] + [t.feedback for t in q.tempting]
        if q.type in ("numeric", "date", "order"):
            out.append(key.answer)
    return [s for s in out if len(s) > 15]


def views(box: w.Widget) -> dict[str, QuestionView]:
    return {v.q.id: v for v in box.view.views}


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_answer_or_explanation_in_synced_state_before_answering(notebook):
    box = quiz.show(notebook)
    state = synced_state(box)
    bank = quiz.load(notebook)
    for text in secrets(bank):
        assert text not in state and html.escape(text) not in state
    for q in bank.questions:
        if q.type == "order":
            shown = [o for o in views(box)[q.id].select.get_state()["_options_labels"]]
            assert shown != [q.choice(i).text for i in q.answer]
    assert "Quiz:" in repr(box) and bank.questions[0].explanation not in repr(box)


def test_feedback_appears_only_after_check_and_is_saved():
    box = quiz.show("06_independence_and_baku")
    view = views(box)["q6.3"]
    q = view.q
    assert html.escape(q.explanation) not in synced_state(box)
    view.text.value = "May 28th"
    view.check_button.click()
    assert "✔ Right." in view.feedback.value
    assert html.escape(q.explanation) in synced_state(box)
    assert "22, p.287" in view.feedback.value and "Beyond the article" in view.feedback.value
    assert progress.answers("06_independence_and_baku")["q6.3"] == {
        "answer": "May 28th",
        "correct": True,
    }
    assert "1 right of 1 answered (8 questions)" in box.view.score.value


def test_unreadable_input_shows_a_hint_and_is_not_saved():
    box = quiz.show("05_baku_and_the_march_days")
    view = views(box)["q5.5"]
    view.text.value = "12,OOO"
    view.check_button.click()
    assert "Try again" in view.feedback.value and "digits" in view.feedback.value
    assert html.escape(view.q.explanation) not in synced_state(box)
    assert progress.answers("05_baku_and_the_march_days") == {}


def test_rerun_restores_answers_and_score_then_start_again_clears():
    box = quiz.show("02_baku_soviet")
    v = views(box)
    v["q2.3"].radio.value = "c"
    v["q2.3"].check_button.click()
    for b, c in zip(v["q2.5"].boxes, v["q2.5"].q.choices, strict=True):
        b.value = c.id in ("a", "b")
    v["q2.5"].check_button.click()
    order = v["q2.1"]
    for _ in range(3):  # move the first listed item (a) to the bottom: b, c, d, a
        order.select.value = "a"
        order.move(1)
    assert [i for _, i in order.items] == ["b", "c", "d", "a"]
    v["q2.7"].radio.value = "a"
    v["q2.7"].sentence.value = "The article itself calls the support a tactic."
    v["q2.7"].check_button.click()

    again = quiz.show("02_baku_soviet")
    r = views(again)
    assert r["q2.3"].radio.value == "c" and "✘ Not quite." in r["q2.3"].feedback.value
    assert [b.value for b in r["q2.5"].boxes] == [True, True, False, False]
    assert r["q2.7"].sentence.value.startswith("The article itself")
    assert "2 right of 3 answered (7 questions)" in again.view.score.value
    assert r["q2.1"].feedback.value == ""

    start_again = next(x for x in walk(again) if getattr(x, "description", "") == "Start again")
    start_again.click()
    assert progress.answers("02_baku_soviet") == {}
    assert r["q2.3"].radio.value is None and r["q2.3"].feedback.value == ""
    assert "0 right of 0 answered" in again.view.score.value


def test_corrupt_progress_file_shows_a_message_not_a_crash(tmp_path):
    progress.path().write_text("{not json", encoding="utf-8")
    box = quiz.show("00_start_here")
    assert "set aside" in box.view.notice.value
    assert (tmp_path / "progress.json.corrupt-1").exists()


@pytest.mark.parametrize("how", ["argument", "env"])
def test_teacher_mode_reveals_answers(how, monkeypatch):
    if how == "env":
        monkeypatch.setenv("CAUCASUS_TEACHER", "1")
        box = quiz.show("04_the_seym")
    else:
        box = quiz.show("04_the_seym", teacher=True)
    state = synced_state(box)
    for q in quiz.load("04_the_seym").questions:
        assert html.escape(q.explanation) in state
    assert "Teacher view" in state


def test_broken_bank_shows_a_message(monkeypatch, tmp_path):
    import shutil

    from helpers import data

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    bank = copy / "quiz" / "00_start_here.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("answer: b", "answer: z", 1))
    monkeypatch.setattr(data, "DATA_DIR", copy)
    box = quiz.show("00_start_here")
    assert isinstance(box, w.HTML)
    message = html.unescape(box.value)
    assert "cannot be shown" in message and "'z' is not one of the choices" in message
