"""What to reteach (helpers.teacher.reteach) and the teacher's marks (helpers.teacher.marks), on
small classes of hand-ins written for each check."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers.data import quiz_bank
from helpers.quiz import attempts, grading, handin
from helpers.teacher import class_report, handins, marks, reteach

NB1, NB5 = "01_revolution_in_russia", "05_baku_and_the_march_days"


def entry(*tries: object, shown_at: int | None = None, times: list[str] | None = None) -> dict:
    """A saved answer as the quiz keeps it."""
    e = {"attempts": list(tries), "shown_at": shown_at, "ticks": []}
    if times:
        e["times"] = times
    return {"answer": e}


def hand_in(folder: Path, nb: str, student: str, saved: dict) -> None:
    """One student's hand-in of a notebook, as the quiz writes it (a name typed in other letters
    gets its file-safe key)."""
    bank = grading.load(nb)
    for qid, saved_entry in saved.items():  # the quiz marks the answer shown once tries reveal it
        e = saved_entry["answer"]
        if e["shown_at"] is None and attempts.revealed(bank.question(qid), e):
            e["shown_at"] = len(e["attempts"])
    key = student if handin.plain_name(student) else handin.name_key(student, "seed")
    record = handin.record(bank, student, saved, key=key)
    handin.write(folder / handin.file_name(nb, key), record)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "handins"
    out.mkdir()
    return out


def test_misconceptions_are_the_banks_names_counted(folder: Path) -> None:
    """Three students read September 8 as Old Style (q1.2 b), one took 13 days away (q1.3): each
    named as the bank names it, counted; an untagged wrong option says so."""
    q12 = grading.load(NB1).question("q1.2")
    assert q12.choice("b").misconception == "New Style read as Old Style"
    for k in range(3):
        hand_in(folder, NB1, f"s{k}", {"q1.2": entry("b", "a"), "q1.3": entry("1917-03-08")})
    hand_in(folder, NB1, "s3", {"q1.3": entry("1917-02-10", "1917-03-08")})
    report = class_report.build(folder)
    table = reteach.misconceptions(report["table"], report["banks"][NB1])
    counts = {(r.question, r.misconception): r.students for r in table.itertuples()}
    assert counts == {
        ("q1.2", "New Style read as Old Style"): 3,
        ("q1.3", "13 days taken away, not added"): 1,
    }
    untagged = next(c for c in grading.load("00_start_here").questions if c.type == "single")
    wrong = next(c for c in untagged.choices if c.id != untagged.answer and not c.misconception)
    assert reteach.mistakes(untagged, entry(wrong.id)["answer"]) == [
        f"{reteach.UNTAGGED}: {wrong.text}"
    ]


def test_a_wrong_order_names_the_items_out_of_place() -> None:
    q = grading.load(NB5).question("q5.3")
    swapped = list(q.answer)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    out = reteach.misplaced(q, swapped)
    assert out == [q.choice(swapped[0]).text, q.choice(swapped[1]).text]
    (tag,) = reteach.mistakes(q, {"attempts": [swapped], "shown_at": None, "ticks": []})
    assert tag.startswith("out of place: ") and q.choice(swapped[0]).text in tag


def test_shown_before_a_try_is_its_own_outcome_and_met_is_first_tries(folder: Path) -> None:
    """Show answer, then the right answer: 'shown', not 'not right'; right at the second try is
    not 'met'; the three weakest objectives come with their notebook and the guide's entries."""
    q = grading.load(NB5).question("q5.5")
    hand_in(folder, NB5, "a", {q.id: entry(shown_at=0)})
    hand_in(folder, NB5, "b", {q.id: entry("a", q.answer)})
    hand_in(folder, NB5, "c", {q.id: entry(q.answer)})
    report = class_report.build(folder)
    rows = report["table"][report["table"].question == q.id].set_index("student")
    assert list(rows.outcome) == ["shown", "second", "first"]
    assert list(rows.met) == [0.0, 0.0, 1.0]
    weak = reteach.weakest(report["table"], report["banks"])
    assert len(weak) == 3 and set(weak.notebook) == {NB5}
    guide = list(weak["the guide's misconceptions (teacher_guide)"])
    assert "→" in guide[0] and guide[1:] == ["(as above)", "(as above)"]


def test_roster_skills_time_flags_and_the_banner(folder: Path, tmp_path: Path) -> None:
    quick = ["2026-12-01T10:00:00+00:00", "2026-12-01T10:00:30+00:00", "2026-12-01T10:01:00+00:00"]
    bank = grading.load(NB5)
    marked = [q for q in bank.questions if q.type in ("single", "numeric")][:3]
    hand_in(
        folder,
        NB5,
        "fast",
        {q.id: entry("a", times=[t]) for q, t in zip(marked, quick, strict=True)},
    )
    shown = {q.id: entry(shown_at=0) for q in bank.questions}
    hand_in(folder, NB5, "peeker", shown)
    roster = tmp_path / "roster.txt"
    roster.write_text("# class 9b\nfast\npeeker\nabsent one\n", encoding="utf-8")
    report = class_report.build(folder, reteach.roster(roster))
    flags = reteach.time_flags(report["table"])
    assert any(f.startswith(f"fast, {NB5}: 3 questions answered in 1.0 minutes") for f in flags)
    assert any(f.startswith(f"peeker, {NB5}: the answer shown before a try") for f in flags)
    assert reteach.missing(report["table"], report["roster"], [NB5]) == {NB5: ["absent one"]}
    assert {"recall", "sourcing"} <= set(reteach.skills(report["table"]).skill)
    page = class_report.page(report)
    assert "Do not project this section" in page and "absent one" in page
    assert "What to reteach first" in page and bank.questions[0].prompt[:30] in page
    assert "The quiz is formative" in page and "own kernel" in page


def test_teacher_marks_are_saved_beside_the_hand_ins_and_in_the_gradebook(
    folder: Path, tmp_path: Path
) -> None:
    """A mark and a comment saved, read back, counted as the written answer's 'met', in the
    gradebook; the marks file is not a hand-in; a mark above the rubric is refused."""
    q = next(q for q in grading.load(NB1).questions if q.type == "written")
    text = {"text": "The Bolsheviks armed the workers against Kornilov and gained from it."}
    hand_in(folder, NB1, "leyla", {q.id: entry(text)})
    path = marks.save(folder, NB1, "leyla", q.id, 2, len(q.rubric), "Good; cite the page.")
    assert path.parent == folder and path.name == handins.MARKS
    with pytest.raises(ValueError):
        marks.save(folder, NB1, "leyla", q.id, len(q.rubric) + 1, len(q.rubric), "")
    report = class_report.build(folder)
    assert report["folder"].line() == "hand-ins read 1/1"
    row = report["table"][report["table"].question == q.id].iloc[0]
    assert row.met == pytest.approx(2 / len(q.rubric)) and row.comment == "Good; cite the page."
    _, csv_path = class_report.write(report, tmp_path / "out")
    with csv_path.open(encoding="utf-8") as f:
        (line,) = list(csv.DictReader(f))
    assert line["teacher_marks"] == f"{q.id} 2/{len(q.rubric)}"
    assert "cite the page" in line["teacher_comments"]
    marks.save(folder, NB1, "leyla", q.id, 3, len(q.rubric), "Better.")  # replaced, not added
    assert len(marks.load(folder)) == 1


def test_a_misconception_on_the_right_option_is_refused() -> None:
    """The bank's rule: only a wrong option names a misconception (a planted defect)."""
    q = {
        "type": "single",
        "answer": "a",
        "choices": [
            {"id": "a", "text": "right", "misconception": "no such mistake"},
            {"id": "b", "text": "wrong", "feedback": "why it tempts"},
        ],
    }
    problems = quiz_bank.answer_problems(q)
    assert (
        ["choices", 0, "misconception"],
        "only a wrong option names a misconception",
    ) in problems


def test_the_teacher_notebooks_menus_choose_folder_and_lesson(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No code to edit: the folder typed, Read the folder pressed, a lesson chosen from the menu;
    the lesson's report, the marking form included, is drawn."""
    from helpers.teacher import results_view

    shown: list = []
    monkeypatch.setattr(results_view, "display", shown.append)
    q = next(q for q in grading.load(NB1).questions if q.type == "written")
    hand_in(folder, NB1, "leyla", {q.id: entry({"text": "Kornilov's revolt helped them."})})
    hand_in(folder, NB5, "leyla", {"q5.5": entry("a")})
    view = results_view.menus(folder)
    read = next(c for c in view.children if getattr(c, "description", "") == "Read the folder")
    read.click()
    lesson = next(c for c in view.children if getattr(c, "description", "") == "Lesson")
    assert [v for _, v in lesson.options] == [NB1, NB5] and lesson.value == NB1
    assert any(type(x).__name__ == "VBox" for x in shown)  # the marking form of 01's written answer
    shown.clear()
    lesson.value = NB5
    assert "hand-ins read 2/2" in capsys.readouterr().out
    assert any("Do not project" in getattr(x, "data", "") for x in shown)


def test_source_reasons_are_shown_with_the_judgement(folder: Path) -> None:
    """A source question's reason, as the student wrote it, beside the judgement's text."""
    q = grading.load(NB1).question("q1.7")
    reason = "The article names only Yurenev, the other account the whole committee."
    hand_in(folder, NB1, "leyla", {q.id: entry({"judgement": "a", "sentence": reason})})
    report = class_report.build(folder)
    frame = reteach.reasons(report["table"], report["banks"][NB1])[q.id]
    row = frame.iloc[0]
    assert (row.student, row.judgement, row.right, row.reason) == (
        "leyla",
        q.choice("a").text,
        "no",
        reason,
    )
    assert reason in class_report.page(report)
    assert reteach.mistakes(q, report["table"][report["table"].question == q.id].entry.iloc[0]) == [
        "two accounts must contradict"
    ]


def test_the_answer_key_names_options_by_text_not_by_letter() -> None:
    """Students see the options shuffled, so the key marks the right option's text, no letter."""
    from helpers.teacher import answer_key

    q = grading.load(NB5).question("q5.5")
    page = answer_key.question_html(5, q)
    assert f"✓ {handin_escape(q.choice(q.answer).text)}" in page
    assert not any(f">{c.id}) " in page for c in q.choices)


def handin_escape(text: str) -> str:
    import html

    return html.escape(text)


def test_typed_numbers_and_dates_are_grouped_by_the_mistake() -> None:
    """A date 13 days off is the other calendar; a number ten times too big is off by ten."""
    questions = [q for nb in (NB1, NB5) for q in grading.load(nb).questions]
    date_q = next(q for q in questions if q.type == "date" and q.answer[2] + 13 <= 28)
    y, m, d = date_q.answer
    thirteen = f"{y}-{m:02d}-{d + 13:02d}"
    assert reteach.mistakes(date_q, {"attempts": [thirteen], "shown_at": None, "ticks": []}) == [
        "the other calendar (Old Style / New Style)"
    ]
    num_q = next(q for q in questions if q.type == "numeric" and q.answer >= 10)
    tenfold = {"attempts": [str(num_q.answer / 10)], "shown_at": None, "ticks": []}
    assert reteach.mistakes(num_q, tenfold) == ["off by a factor of ten"]
    other = {"attempts": [str(num_q.answer + 5)], "shown_at": None, "ticks": []}
    assert reteach.mistakes(num_q, other) == ["other wrong value"]


def test_organiser_answers_are_shown_when_a_hand_in_has_them(folder: Path) -> None:
    """A hand-in carrying the organiser students fill in (issue 24): each item in the report;
    a value that is not text is left aside."""
    bank = grading.load(NB1)
    record = handin.record(bank, "leyla", {}) | {
        "organiser": {
            "claim": "The rivals made mistakes.",
            "evidence": ["(1, p.5)", "(2, p.7)"],
            "x": 3,
        }
    }
    handin.write(folder / handin.file_name(NB1, "leyla"), record)
    report = class_report.build(folder)
    (h,) = report["folder"].handins
    assert h.organiser == {"claim": "The rivals made mistakes.", "evidence": "(1, p.5); (2, p.7)"}
    page = class_report.page(report)
    assert "Organiser answers" in page and "The rivals made mistakes." in page


def test_marks_are_returned_to_each_student_in_a_page(folder: Path, tmp_path: Path) -> None:
    """The teacher's mark and comment, with the prompt and the student's answer, in a page per
    student; a student with no mark gets none."""
    q = next(q for q in grading.load(NB1).questions if q.type == "written")
    hand_in(folder, NB1, "Лейла", {q.id: entry({"text": "They armed the workers."})})
    hand_in(folder, NB1, "ali", {q.id: entry({"text": "Not sure."})})
    marks.save(folder, NB1, "Лейла", q.id, 2, len(q.rubric), "Name the page you cite.")
    (page,) = marks.returned(class_report.build(folder), tmp_path / "returned")
    text = page.read_text(encoding="utf-8")
    assert page.name.isascii() and "Лейла" in text and f"2/{len(q.rubric)}" in text
    assert "Name the page you cite." in text and "They armed the workers." in text


def test_the_marking_form_saves_and_returns(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form: a mark and a comment for the chosen student saved; Write returned files makes
    their page beside the notebook (the marks saved since the report was built included)."""
    q = next(q for q in grading.load(NB1).questions if q.type == "written")
    hand_in(folder, NB1, "leyla", {q.id: entry({"text": "They armed the workers."})})
    form = marks.marker(class_report.build(folder), NB1)
    widgets = {getattr(x, "description", ""): x for x in walk(form)}
    widgets["Mark"].value = 3
    widgets["Comment"].value = "Cite the page."
    widgets["Save mark"].click()
    assert list(marks.load(folder).itertuples(index=False))[0][:6] == (
        NB1,
        "leyla",
        q.id,
        3,
        len(q.rubric),
        "Cite the page.",
    )
    monkeypatch.chdir(tmp_path)
    widgets["Write returned files"].click()
    (page,) = (tmp_path / "returned").iterdir()
    assert "Cite the page." in page.read_text(encoding="utf-8")


def walk(widget: object) -> list:
    """A widget and every widget inside it."""
    out = [widget]
    for child in getattr(widget, "children", ()):
        out += walk(child)
    return out
