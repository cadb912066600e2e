"""The quiz widget: no answer in the synced state before answering, saved answers, teacher mode."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from pathlib import Path

import ipywidgets as w
import pytest
import yaml

from helpers import data, quiz
from helpers.data import article_citations
from helpers.quiz import grading, progress
from helpers.quiz.widget import QuestionView, steps_html
from helpers.text import LIVE, NAMED, escaped

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
        out += [q.explanation, q.model_answer, q.partly, *q.rubric]
        out += [c.feedback for c in q.choices] + [t.feedback for t in q.tempting]
        if q.type in ("numeric", "date", "order"):
            out.append(key.answer)
        if key.steps:  # an order question's items with their own citations: only after answering
            out.append(steps_html(key.steps))
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
            rows = views(box)[q.id].row_texts
            shown = [html.unescape(r.get_state()["value"]).split("</strong> ", 1)[1] for r in rows]
            assert sorted(shown) == sorted(c.text for c in q.choices)
            assert shown != [q.choice(i).text for i in q.answer]
    assert repr(box) == f"Run this cell to open the quiz: {bank.title}."
    assert bank.questions[0].explanation not in repr(box)


def test_feedback_appears_only_after_check_and_is_saved():
    box = quiz.show("06_independence_and_baku")
    view = views(box)["q6.3"]
    q = view.q
    assert html.escape(q.explanation) not in synced_state(box)
    view.text.value = "15 May 1918"
    view.check_button.click()
    assert "✔ Right." in view.feedback.value
    assert html.escape(q.explanation) in synced_state(box)
    assert "22, p.287" in view.feedback.value and "Beyond the article" in view.feedback.value
    saved = progress.answers("06_independence_and_baku")["q6.3"]
    (when,) = saved["answer"].pop("times")  # when the attempt was made, for the hand-in
    assert when.endswith("+00:00") and when[:4].isdigit()
    assert saved == {
        "answer": {"attempts": ["15 May 1918"], "shown_at": 1, "ticks": [], "outcome": 1.0},
        "correct": True,
    }
    assert "1 right of 1 answered; 7 questions marked" in box.view.score.value


def test_an_order_answer_shows_each_items_citation_only_once_answered():
    box = quiz.show("01_revolution_in_russia")
    view = views(box)["q1.1"]
    q = view.q
    before = synced_state(box)
    assert "the next printed is (1, p.214)" not in before and ": the article says “" not in before
    view.show_button.click()
    shown = view.feedback.value
    lines = shown.split("<br>")
    for n, cid in enumerate(q.answer, start=1):
        c = q.choice(cid)
        cite = grading.shown_citation(c.evidence)  # computed from its words, never the typed field
        said = f"{n}. {escaped(c.text)}: the article says “{escaped(c.evidence)}” {escaped(cite)}"
        assert said in lines, (n, cite)
        assert article_citations.citation_shown(c.evidence) in cite
    assert "Grand Duke Mihail renounces the throne (16 March): the article says “" in shown
    assert "” (no citation of its own; the next printed is (1, p.214))" in shown


def test_unreadable_input_shows_a_hint_and_is_not_saved():
    box = quiz.show("05_baku_and_the_march_days")
    view = views(box)["q5.1"]
    view.text.value = "12,OOO"
    view.check_button.click()
    assert "Try again" in view.feedback.value and "digits" in view.feedback.value
    assert html.escape(view.q.explanation) not in synced_state(box)
    assert progress.answers("05_baku_and_the_march_days") == {}


def pick(view: QuestionView, choice_id: str) -> None:
    """Choose one option of a one-answer question and press Check."""
    view.radio.value = choice_id
    view.check_button.click()


def wrong_ids(q: quiz.Question) -> list[str]:
    return [c.id for c in q.choices if c.id != q.answer]


def test_wrong_first_try_shows_its_feedback_and_try_again_but_not_the_answer():
    box = quiz.show("03_commissariat_and_elections")
    view = views(box)["q3.1"]
    q = view.q
    wrong = q.choice(wrong_ids(q)[0])
    pick(view, wrong.id)
    assert "Try again" in view.feedback.value and html.escape(wrong.feedback) in view.feedback.value
    state = synced_state(box)
    assert html.escape(q.explanation) not in state and "Answer:" not in view.feedback.value
    pick(view, q.answer)
    assert "✔ Right, at the second try.</strong> Half a point." in view.feedback.value
    assert html.escape(q.explanation) in view.feedback.value
    assert "Score:</strong> 0.5 points (1 right of 1 answered" in box.view.score.value


def test_second_wrong_try_reveals_and_a_later_right_answer_does_not_score():
    box = quiz.show("03_commissariat_and_elections")
    view = views(box)["q3.1"]
    q = view.q
    first, second = wrong_ids(q)[:2]
    pick(view, first)
    pick(view, second)
    assert (
        "✘ Not quite." in view.feedback.value and html.escape(q.explanation) in view.feedback.value
    )
    pick(view, q.answer)
    assert "does not count" in view.feedback.value
    assert "0 right of 1 answered" in box.view.score.value
    saved = progress.answers("03_commissariat_and_elections")["q3.1"]
    assert saved["answer"]["attempts"] == [first, second]  # a press after the reveal is not kept
    assert saved["answer"]["shown_at"] == 2 and saved["correct"] is False


def test_show_answer_then_the_right_answer_does_not_score():
    box = quiz.show("04_the_seym")
    view = views(box)["q4.2"]
    view.show_button.click()
    assert "Answer shown." in view.feedback.value
    assert html.escape(view.q.explanation) in view.feedback.value
    view.text.value = "4,184"
    view.check_button.click()
    assert "does not count" in view.feedback.value
    assert "0 right of 1 answered" in box.view.score.value


def test_malformed_and_out_of_range_answers_are_hints_never_attempts():
    box = quiz.show("04_the_seym")
    view = views(box)["q4.1"]
    for typed in ("-5", "nine", ""):
        view.text.value = typed
        view.check_button.click()
        assert "Try again:" in view.feedback.value
        assert html.escape(view.q.explanation) not in view.feedback.value
    assert "cannot be below 0" in quiz.check(view.q, "-5").hint
    assert progress.answers("04_the_seym") == {}
    view.text.value = f"{view.q.answer:g}"  # the bank's key, read from the bank
    view.check_button.click()
    assert "✔ Right." in view.feedback.value
    share = quiz.load("07_review").question("q7.6")
    assert "between 0 and 100" in quiz.check(share, "180").hint


def test_score_is_regraded_from_the_stored_answers_not_a_stored_flag():
    bank = quiz.load("03_commissariat_and_elections")
    q = bank.question("q3.1")
    wrong = wrong_ids(q)[0]
    progress.record_answer(bank.notebook, "q3.1", {"attempts": [wrong], "shown_at": None}, True)
    progress.record_answer(bank.notebook, "q3.7", bank.question("q3.7").answer, False)  # older form
    box = quiz.show(bank.notebook)
    assert "1 right of 2 answered" in box.view.score.value
    assert "Try again" in views(box)["q3.1"].feedback.value  # one wrong try: not yet revealed


CAPSTONE = (  # an answer to 07's written question q7.8 that the quiz accepts
    "The article says the Army of Islam liberated Baku on 15 September 1918, citing its sources; "
    "beyond the article, Suny and Hovannisian report the September Days, when thousands of "
    "Armenians were killed, a contested toll, so the word liberated is one side's view."
)


def test_written_answer_is_saved_with_its_ticks_and_never_marked_right():
    box = quiz.show("07_review")
    view = views(box)["q7.8"]
    q = view.q
    assert q.type == "written" and 3 <= len(q.rubric) <= 4
    assert not view.ticks and html.escape(q.rubric[0]) not in synced_state(box)
    for text in ("Four words only here.", q.prompt, "<script>alert(1)</script>"):
        view.text.value = text
        view.check_button.click()
        assert "Try again:" in view.feedback.value
    assert progress.answers("07_review") == {}
    mine = CAPSTONE
    view.text.value = mine
    view.check_button.click()
    assert "Your answer is saved" in view.feedback.value and "Right" not in view.feedback.value
    assert html.escape(q.model_answer) in view.feedback.value and len(view.ticks) == len(q.rubric)
    view.ticks[0].value = True
    view.ticks[2].value = True
    saved = progress.answers("07_review")["q7.8"]
    assert len(saved["answer"].pop("times")) == 1
    assert saved["answer"] == {"attempts": [mine], "shown_at": 1, "ticks": [0, 2]}
    assert saved["correct"] is False
    assert "0 right of 0 answered" in box.view.score.value
    assert "1 of 1 saved, 2 of 4 rubric points" in box.view.score.value
    again = views(quiz.show("07_review"))["q7.8"]
    assert again.text.value == mine and [t.value for t in again.ticks] == [True, False, True, False]


def test_choices_are_shuffled_per_student_and_stable_across_a_reload(tmp_path, monkeypatch):
    def orders() -> dict[str, list[str]]:
        box = quiz.show("07_review")
        return {qid: v.order for qid, v in views(box).items() if v.q.choices}

    first = orders()
    seed = progress.answers("_student")["seed"]["answer"]
    assert orders() == first  # a reload: same student, same order
    labels = [o for o, _ in views(quiz.show("07_review"))["q7.2"].radio.options]
    assert [label[0] for label in labels] == ["A", "B", "C", "D"]
    others = []
    for n in range(4):
        monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / f"student{n}.json"))
        others.append(orders())
        assert progress.answers("_student")["seed"]["answer"] != seed
    assert any(o != first for o in others)
    for o in others:
        for qid, order in o.items():
            q = quiz.load("07_review").question(qid)
            if q.type == "order":
                assert order != list(q.answer)


def test_order_rows_move_and_restore():
    box = quiz.show("02_baku_soviet")
    view = views(box)["q2.1"]
    start = list(view.items)
    view.move(start[0], 1)
    assert view.items[:2] == [start[1], start[0]]
    text = {c.id: c.text for c in view.q.choices}
    assert html.escape(text[start[0]]) in view.row_texts[1].value
    view.move_row(0, -1)  # the top row cannot move up
    assert view.items[:2] == [start[1], start[0]]


def test_rerun_restores_answers_and_score_then_start_again_clears():
    nb = "06_independence_and_baku"
    box = quiz.show(nb)
    v = views(box)
    singles = [i for i, x in v.items() if x.q.type == "single"]
    multiple = next(i for i, x in v.items() if x.q.type == "multiple")
    untouched = next(i for i in v if i not in (*singles[:2], multiple))
    one, two = singles[:2]
    q1, qm = v[one].q, v[multiple].q
    pick(v[one], q1.answer)
    for cid, b in v[multiple].boxes.items():
        b.value = cid in qm.answer
    v[multiple].check_button.click()
    pick(v[two], wrong_ids(v[two].q)[0])

    again = quiz.show(nb)
    r = views(again)
    assert r[one].radio.value == q1.answer and "✔ Right." in r[one].feedback.value
    assert [r[multiple].boxes[c.id].value for c in qm.choices] == [
        c.id in qm.answer for c in qm.choices
    ]
    assert "Try again" in r[two].feedback.value
    marked = sum(q.type != "written" for q in again.view.bank.questions)
    assert f"2 points (2 right of 3 answered; {marked} questions marked" in again.view.score.value
    assert r[untouched].feedback.value == ""

    start_again = next(x for x in walk(again) if getattr(x, "description", "") == "Start again")
    start_again.click()  # it asks first: nothing erased yet
    assert progress.answers(nb) != {}
    again.view.again.asking.yes.click()
    assert progress.answers(nb) == {}
    assert r[one].radio.value is None and r[one].feedback.value == ""
    assert "0 right of 0 answered" in again.view.score.value


def test_corrupt_progress_file_shows_a_message_not_a_crash(tmp_path):
    progress.path().write_text("{not json", encoding="utf-8")
    box = quiz.show("00_start_here")
    assert "set aside" in box.view.notice.value
    assert (tmp_path / "progress.json.corrupt-1").exists()


@pytest.mark.parametrize("how", ["argument", "env"])
def test_teacher_mode_reveals_one_question_at_a_time(how, monkeypatch):
    if how == "env":
        monkeypatch.setenv("CAUCASUS_TEACHER", "1")
        box = quiz.show("04_the_seym")
    else:
        box = quiz.show("04_the_seym", teacher=True)
    questions = quiz.load("04_the_seym").questions
    state = synced_state(box)  # on the projector, before any reveal: no key at all
    assert "Teacher view" not in state
    assert not any(html.escape(q.explanation) in state for q in questions)
    reveal = [x for x in walk(box) if getattr(x, "description", "") == "Reveal answer"]
    assert len(reveal) == len(questions)
    reveal[1].click()  # the teacher reveals the second question only
    state = synced_state(box)
    shown = [q.id for q in questions if html.escape(q.explanation) in state]
    assert shown == [questions[1].id] and "Teacher view" in state


def test_a_student_has_no_reveal_button():
    box = quiz.show("04_the_seym", teacher=False)
    assert not [x for x in walk(box) if getattr(x, "description", "") == "Reveal answer"]


def test_broken_bank_shows_a_message(monkeypatch, tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    bank = copy / "quiz" / "00_start_here.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("answer: b", "answer: z", 1))
    monkeypatch.setattr(data, "DATA_DIR", copy)
    box = quiz.show("00_start_here")
    assert isinstance(box, w.HTML)
    message = html.unescape(box.value)
    assert "cannot be shown" in message and "'z' is not one of the choices" in message


def test_a_quiz_part_shows_its_questions_and_one_hand_in_covers_both(monkeypatch, tmp_path):
    """part="core" and part="further" split the bank (its `part` field) between two quiz cells;
    an answer given in the further quiz is handed in from the core quiz's Hand in."""
    nb = "05_baku_and_the_march_days"
    bank = quiz.load(nb)
    core, further = quiz.show(nb, part="core"), quiz.show(nb, part="further")
    assert {q.id for q in bank.questions if q.part == "further"} == set(views(further))
    assert set(views(core)) | set(views(further)) == {q.id for q in bank.questions}
    assert not set(views(core)) & set(views(further)) and set(views(core))
    view = views(further)["q5.4"]
    pick(view, view.q.answer)
    view.check_button.click()
    (tmp_path / "handins").mkdir()
    monkeypatch.setenv("CAUCASUS_HANDIN", str(tmp_path / "handins"))
    core.view.hand_in_box.name.value = "leyla-aliyeva"
    target = core.view.hand_in_box.hand_in()
    assert target is not None, core.view.hand_in_box.message.value
    assert "q5.4" in json.loads(target.read_text(encoding="utf-8"))["answers"]
    # a bank with no further-work question (every bank has some now: one is read as having none):
    # its further quiz cell says so
    whole = quiz.load("00_start_here")
    all_core = replace(whole, questions=tuple(replace(q, part="core") for q in whole.questions))
    monkeypatch.setattr(grading, "load", lambda _nb: all_core)
    empty = quiz.show("00_start_here", part="further")
    assert "no questions for the further part" in empty.value


def test_every_control_is_named_by_its_question_and_item():
    """Check, Show answer, the choice groups and the answer boxes name their question; an order
    question's buttons name their item, follow it when it moves, and each move is announced."""
    for nb in NOTEBOOKS:
        box = quiz.show(nb)
        for number, view in enumerate(box.view.views, start=1):
            controls = [view.check_button, view.show_button]
            controls += [
                c
                for c in (x for box in view.inputs for x in walk(box))
                if isinstance(c, w.Text | w.Textarea)
            ]
            controls += [
                c
                for c in (x for box in view.inputs for x in walk(box))
                if isinstance(c, w.RadioButtons)
            ]
            for control in controls:
                assert NAMED in control._dom_classes, (nb, number, control)
                assert f"question {number}" in control.tooltip.lower(), (nb, control.tooltip)
            radios = [
                c
                for c in (x for box in view.inputs for x in walk(box))
                if isinstance(c, w.RadioButtons)
            ]
            for radio in radios:
                assert view.q.prompt in radio.tooltip
            if view.q.type != "order":
                continue
            first, second = (view.item_text(cid) for cid in view.items[:2])
            up, down = view.row_buttons[1]
            assert (up.tooltip, down.tooltip) == (f"Move '{second}' up", f"Move '{second}' down")
            assert LIVE in view.moved._dom_classes
            up.click()
            assert view.row_buttons[0][0].tooltip == f"Move '{second}' up"
            assert view.row_buttons[1][0].tooltip == f"Move '{first}' up"
            assert (
                html.unescape(view.moved.value)
                == f"'{second}' moved to place 1 of {len(view.items)}."
            )
            view.row_buttons[0][0].click()
            assert "already first" in view.moved.value


def test_boxes_empty_until_used_are_made_when_first_written():
    """A quiz cell sends no empty feedback, rubric, notice, hand-in message or Start again question:
    each is made when it is first written, in its place (feedback under the buttons, above a
    rubric)."""
    nb = "07_review"
    box = quiz.show(nb)
    every = list(walk(box))
    empty = [x for x in every if isinstance(x, w.HTML) and x.value == ""]
    assert empty and all(
        LIVE in x._dom_classes for x in empty
    )  # a live region is there before it speaks
    assert not [x for x in every if getattr(x, "description", "").startswith(("Yes", "No,"))]
    v = views(box)
    written = next(view for view in v.values() if view.q.type == "written")
    single = next(view for view in v.values() if view.q.type == "single")
    assert len(written.box.children) == 3 and written.made_rubric is None  # no empty rubric box
    single.radio.value = wrong_ids(single.q)[0]
    single.check_button.click()
    assert single.box.children[4] is single.feedback and "Try again" in single.feedback.value
    assert single.box.children[2:4] == (single.check_button, single.show_button)  # one row
    written.text.value = "word " * written.q.min_words  # a hint: no rubric yet
    written.check_button.click()
    assert len(written.box.children) == 4 and written.made_rubric is None
    assert written.q.id == "q7.8"
    written.text.value = CAPSTONE
    written.check_button.click()
    kids = written.box.children
    assert kids[3] is written.feedback and kids[4] is written.rubric
    again = box.view.again
    again.ask.click()
    asking = again.asking
    assert again.box.children[1:] == (asking.question, asking.confirm)
    assert asking.confirm.layout.display == "flex" and "Erase every answer" in asking.question.value
    asking.no.click()
    assert asking.confirm.layout.display == "none" and progress.answers(nb) != {}
    assert box.view.notice.value == "" and box.view.box.children[1] is box.view.notice


def test_a_lessons_two_quiz_cells_share_their_layouts_and_styles():
    """The further-work quiz makes no shared layout or style model again: the quiz before it did."""
    nb = "03_commissariat_and_elections"
    core, further = quiz.show(nb, part="core"), quiz.show(nb, part="further")
    both = [*walk(core), *walk(further)]
    assert further.layout is core.layout
    for kind in (w.HTML, w.Button):
        assert len({x.style.model_id for x in both if type(x) is kind}) == 1, kind


def test_a_lessons_two_quiz_cells_send_each_unchanging_text_once():
    """The style sheet, the hand-in's tip and a unit beside a number box are one model each for the
    lesson's two quiz cells (nothing ever changes them), not one per cell or per question."""
    nb = "03_commissariat_and_elections"
    core, further = quiz.show(nb, part="core"), quiz.show(nb, part="further")
    assert core.children[0] is further.children[0] and "<style>" in core.children[0].value
    tips = [
        [x for x in walk(box) if "hand in your answers" in str(getattr(x, "value", "") or "")]
        for box in (core, further)
    ]
    assert len(tips[0]) == 1 and tips[0] == tips[1]
    repeated = 0
    for name in NOTEBOOKS:
        notes = [
            v.note
            for box in (quiz.show(name, part="core"), quiz.show(name, part="further"))
            for v in box.view.views
            if v.q.type in ("numeric", "date")
        ]
        assert len({n.model_id for n in notes}) == len({n.value for n in notes})
        repeated += len(notes) - len({n.value for n in notes})
    assert repeated  # some unit is shown by two number boxes


def test_a_quiz_cell_reads_the_progress_file_once(monkeypatch):
    """One read gives a quiz cell the answers, the shuffling seed and the student's name."""
    nb = "07_review"
    quiz.show(nb)  # the seed is made and saved
    progress.record_answer("_student", "name", "Leyla", False)
    reads = []
    real = progress.read_bytes
    monkeypatch.setattr(progress, "read_bytes", lambda file: reads.append(file) or real(file))
    box = quiz.show(nb)
    assert len(reads) == 1
    assert box.view.hand_in_box.name.layout.display == "none"  # the name was read from it


def lines(box: w.Box) -> list[list[w.Widget]]:
    """The rows a box that flows its parts in rows shows: a full-width part is a row of its own,
    other parts share a row until the next full-width one."""
    rows: list[list[w.Widget]] = [[]]
    for part in box.children:
        if part.layout.width == "100%":
            rows += [[part], []]
        else:
            rows[-1].append(part)
    return [row for row in rows if row]


@pytest.mark.parametrize("teacher", [False, True])
def test_only_buttons_and_the_name_share_a_row_of_a_quiz(teacher):
    """A question's box and the quiz's flow their parts in rows (one box less per row of buttons):
    each part is a row of its own as in a column, but a question's buttons, which share one row
    under the inputs, a number box and its unit, and the hand-in's name and button."""
    for nb in NOTEBOOKS:
        box = quiz.show(nb, teacher=teacher)
        boxes = [box, *(v.box for v in box.view.views)]
        assert all(b.layout.flex_flow == "row wrap" and b.layout.width == "100%" for b in boxes)
        view = box.view.views[0]
        assert [view.check_button, view.show_button] == view.buttons[:2]
        for b in boxes:
            for row in lines(b):
                shared = [p for p in row if "<style>" not in str(getattr(p, "value", "") or "")]
                if len(shared) > 1:
                    assert shared in (
                        [box.view.hand_in_box.name, box.view.hand_in_box.button],
                        *(v.buttons for v in box.view.views),
                        *([v.text, v.note] for v in box.view.views if hasattr(v, "note")),
                    )


def test_a_teachers_edit_to_a_bank_shows_at_the_next_run_of_the_cell(monkeypatch, tmp_path):
    """The bank is read and rendered once per kernel for its data: an edit is new data."""
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setattr(data, "DATA_DIR", copy)
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CAUCASUS_SHARED_CACHE", raising=False)
    nb = "04_the_seym"
    first = quiz.show(nb).view.views[0]
    assert quiz.load(nb) is quiz.load(nb)  # the same data: the bank read and rendered once
    bank = copy / "quiz" / f"{nb}.yaml"
    text = bank.read_text(encoding="utf-8")
    assert "    prompt: >-\n      " in text
    bank.write_text(text.replace("    prompt: >-\n      ", "    prompt: >-\n      Edited ", 1))
    again = quiz.show(nb).view.views[0]
    assert not first.q.prompt.startswith("Edited ")
    assert again.q.prompt.startswith("Edited ") and "Edited " in again.prompt.value
