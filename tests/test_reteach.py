"""What to reteach (helpers.teacher.reteach) and the teacher's marks (helpers.teacher.marks), on
small classes of hand-ins written for each check."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers import data
from helpers.data import quiz_bank
from helpers.quiz import attempts, grading, handin
from helpers.teacher import class_report, handins, marks, reteach, wrong_answers

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
    """Three students pick q1.2's first wrong option that names a misconception, one types q1.3's
    first tempting date before the right one: each named as the bank names it, counted; an untagged
    wrong option says so (the options and values are read from the bank)."""
    q12, q13 = grading.load(NB1).question("q1.2"), grading.load(NB1).question("q1.3")
    wrong = next(c for c in q12.choices if c.id != q12.answer and c.misconception)
    tempted = q13.tempting[0]
    right, typed = ("{:04d}-{:02d}-{:02d}".format(*d) for d in (q13.answer, tempted.value))
    for k in range(3):
        hand_in(folder, NB1, f"s{k}", {"q1.2": entry(wrong.id, q12.answer), "q1.3": entry(right)})
    hand_in(folder, NB1, "s3", {"q1.3": entry(typed, right)})
    report = class_report.build(folder)
    table = reteach.misconceptions(report["table"], report["banks"][NB1])
    counts = {(r.question, r.misconception): r.students for r in table.itertuples()}
    assert counts == {("q1.2", wrong.misconception): 3, ("q1.3", tempted.misconception): 1}
    untagged = next(c for c in grading.load("00_start_here").questions if c.type == "single")
    wrong = next(c for c in untagged.choices if c.id != untagged.answer and not c.misconception)
    assert wrong_answers.mistakes(untagged, entry(wrong.id)["answer"]) == [
        f"{wrong_answers.UNTAGGED}: {wrong.text}"
    ]


def test_a_wrong_order_names_the_items_out_of_place() -> None:
    q = grading.load(NB5).question("q5.3")
    swapped = list(q.answer)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    (moved,) = wrong_answers.misplaced(q, swapped)  # one of the two swapped items, not every event
    assert moved in {wrong_answers.brief(q.choice(cid).text) for cid in swapped[:2]}
    (tag,) = wrong_answers.mistakes(q, {"attempts": [swapped], "shown_at": None, "ticks": []})
    assert tag == f"out of place: {moved}"


def test_a_rotated_order_names_only_the_item_moved() -> None:
    """The first event put last: only that event is out of place (the rest keep their order),
    named briefly; a reversed order is said in a few words."""
    q = grading.load(NB5).question("q5.3")
    rotated = [*q.answer[1:], q.answer[0]]
    assert wrong_answers.misplaced(q, rotated) == [wrong_answers.brief(q.choice(q.answer[0]).text)]
    assert len(wrong_answers.brief(q.choice(q.answer[0]).text).split()) <= 7
    backwards = {"attempts": [list(reversed(q.answer))], "shown_at": None, "ticks": []}
    assert wrong_answers.mistakes(q, backwards) == ["the whole order reversed"]


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
    counted = {q.skill for q in bank.questions if q.type != "written"}
    assert len(counted) > 1 and counted <= set(reteach.skills(report["table"]).skill)
    page = class_report.page(report)
    assert "Do not project this table" in page and "absent one" in page
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
    assert q.choice("a").misconception
    assert wrong_answers.mistakes(
        q, report["table"][report["table"].question == q.id].entry.iloc[0]
    ) == [q.choice("a").misconception]


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
    questions = [
        q for nb in (s["id"] for s in data.notebook_spec()) for q in grading.load(nb).questions
    ]
    date_q = next(  # 13 days on is no tempting value (that would be named by its own misconception)
        q
        for q in questions
        if q.type == "date"
        and q.answer[2] + 13 <= 28
        and (q.answer[0], q.answer[1], q.answer[2] + 13) not in {t.value for t in q.tempting}
    )
    y, m, d = date_q.answer
    thirteen = f"{y}-{m:02d}-{d + 13:02d}"
    assert wrong_answers.mistakes(
        date_q, {"attempts": [thirteen], "shown_at": None, "ticks": []}
    ) == ["the other calendar (Old Style / New Style)"]
    num_q = next(q for q in questions if q.type == "numeric" and q.answer >= 10)
    tenfold = {"attempts": [str(num_q.answer / 10)], "shown_at": None, "ticks": []}
    assert wrong_answers.mistakes(num_q, tenfold) == ["off by a factor of ten"]
    other = {"attempts": [str(num_q.answer + 5)], "shown_at": None, "ticks": []}
    assert wrong_answers.mistakes(num_q, other) == ["other wrong value"]


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


def test_tempting_typed_answers_are_named_as_the_bank_names_them() -> None:
    """Typed answers the bank anticipates (q5.1's 83.1, q5.2's 57 and 31) are counted under the
    tempting entry's misconception, never as 'other wrong value'."""
    bank = grading.load(NB5)
    for qid in ("q5.1", "q5.2"):
        q = bank.question(qid)
        assert q.tempting and all(t.misconception for t in q.tempting)
        for t in q.tempting:
            e = {"attempts": [f"{t.value:g}"], "shown_at": None, "ticks": []}
            assert wrong_answers.mistakes(q, e) == [t.misconception]
    q52 = bank.question("q5.2")
    names = {t.value: t.misconception for t in q52.tempting}
    assert names[57] == "mixing the calendars" and names[31] == "13 days the wrong way"


def test_a_tempting_value_without_a_name_says_what_the_bank_says() -> None:
    """A tempting entry with no misconception: its feedback, marked untagged, not 'other'."""
    import dataclasses

    q = grading.load(NB5).question("q5.1")
    t = dataclasses.replace(q.tempting[0], misconception="")
    bare = dataclasses.replace(q, tempting=(t,))
    (tag,) = wrong_answers.mistakes(
        bare, {"attempts": [f"{t.value:g}"], "shown_at": None, "ticks": []}
    )
    assert tag.startswith(wrong_answers.UNTAGGED) and tag != "other wrong value"


def test_the_guides_outside_items_are_spelled_out_in_the_report(folder: Path) -> None:
    """The guide's `[[item:id]]` is rendered as the teacher guide renders it (with_items), never
    shown raw, in the weakest objectives' guide entries and on the page."""
    from helpers.teacher import teacher_guide

    raw = teacher_guide.load(NB5)["misconceptions"]
    marked = next(m for m in raw if "[[item:" in m["better"])
    entries = reteach.guide_entries(NB5)
    assert "[[item:" not in entries and teacher_guide.with_items(marked["better"]) in entries
    q = grading.load(NB5).question("q5.5")
    hand_in(folder, NB5, "a", {q.id: entry("a")})
    page = class_report.page(class_report.build(folder))
    assert "[[item:" not in page and "beyond the article" in page


def test_each_question_row_adds_to_a_hundred_with_not_answered(folder: Path) -> None:
    """A skipped question is 'not answered' in the Each question table; every row adds to 100."""
    bank = grading.load(NB5)
    q = next(q for q in bank.questions if q.type == "single")
    hand_in(folder, NB5, "a", {q.id: entry(q.answer)})
    hand_in(folder, NB5, "b", {})
    table = reteach.questions(class_report.build(folder)["table"], bank)
    row = table[table.question.str.endswith(f" {q.id}")].iloc[0]
    assert row["not answered %"] == 50 and row["right first try %"] == 50
    shares = table[[c for c in table.columns if c.endswith("%")]].sum(axis=1)
    assert shares.between(99, 101).all()


def test_the_two_shares_are_named_apart_and_thin_objectives_flagged(folder: Path) -> None:
    """The weakest table's share of answers and the heatmap's share of students have distinct
    names, each explained on the page; an objective resting on one question, or on written
    answers not marked yet, is said to."""
    bank = grading.load(NB5)
    written = next(q for q in bank.questions if q.type == "written")
    single = [q for q in bank.questions if q.type == "single"]
    hand_in(
        folder,
        NB5,
        "a",
        {written.id: entry({"text": written.model_answer}), **{q.id: entry("x") for q in single}},
    )
    report = class_report.build(folder)
    weak = reteach.weakest(report["table"], report["banks"])
    assert reteach.FIRST_TRY in weak.columns and "met (share)" not in weak.columns
    counted = report["table"][report["table"].met.notna()]  # unmarked written answers aside
    per_objective = counted.groupby("objective").question.nunique()
    alone = per_objective[per_objective == 1].index
    for _, r in weak.iterrows():
        objective = r["objective"].split(":")[0]
        assert ("one question only" in r["rests on"]) == (objective in alone)
    whole = report["table"][report["table"].objective == written.objective]
    assert "not marked yet" in reteach.rests_on(whole)
    page = class_report.page(report)
    assert reteach.FIRST_TRY in page and "students who met it" in page.lower()
    assert "not marked yet" in page
    fig = class_report.objective_figure(report["grid"])
    assert all("of students met it" in x for x in fig.data[0]["x"])


def test_the_banner_sits_above_every_table_of_names_and_writing(folder: Path) -> None:
    """On 05, each table putting names beside written answers (the written answers, the
    organiser) has the do-not-project banner right above it; on 01 there is none."""
    for nb in (NB5, NB1):
        bank = grading.load(nb)
        written = next(q for q in bank.questions if q.type == "written")
        saved = {written.id: entry({"text": written.model_answer})}
        saved[written.id]["answer"]["shown_at"] = 1  # a written answer shows the model once saved
        record = handin.record(bank, "leyla", saved) | {"organiser": {"claim": "Two sides."}}
        handin.write(folder / handin.file_name(nb, "leyla"), record)
    page = class_report.page(class_report.build(folder))
    five, one = page.split(f"<h2>{NB5}")[1], page.split(f"<h2>{NB1}")[1].split("<h2>")[0]
    heads = [
        h
        for h in five.split("<h2>")[0].split("<h3>")[1:]
        if h.startswith(("Written answers", "Organiser answers", "Source reasons"))
    ]
    assert len(heads) == 2
    for h in heads:
        assert h.split("</h3>", 1)[1].lstrip().startswith(reteach.BANNER), h[:60]
    assert reteach.BANNER not in one


def test_roster_flags_strangers_and_no_roster_says_so(folder: Path) -> None:
    """With a roster: a hand-in from a name not on it is flagged. Without: the page says who did
    not hand in is unknown."""
    q = grading.load(NB5).question("q5.5")
    hand_in(folder, NB5, "leyla", {q.id: entry(q.answer)})
    hand_in(folder, NB5, "stranger", {q.id: entry(q.answer)})
    with_roster = class_report.build(folder, ["leyla", "absent"])
    assert reteach.strangers(with_roster["table"], ["leyla", "absent"]) == ["stranger"]
    page = class_report.page(with_roster)
    assert "not on the roster" in page and "stranger" in page.split("not on the roster")[1]
    bare = class_report.page(class_report.build(folder))
    assert "No roster given: who did not hand in is unknown." in bare


def test_no_organiser_answers_is_said(folder: Path) -> None:
    """A notebook whose hand-ins carry no organiser answers says so."""
    q = grading.load(NB5).question("q5.5")
    hand_in(folder, NB5, "leyla", {q.id: entry(q.answer)})
    assert "No organiser answers handed in." in class_report.page(class_report.build(folder))


def test_gradebook_columns_say_what_they_are_and_the_link_warns(
    folder: Path, tmp_path: Path
) -> None:
    """The rubric columns say possible and self-ticked; the report's link to the CSV says the
    counts are formative; the README says so where it describes the CSV."""
    q = next(q for q in grading.load(NB1).questions if q.type == "written")
    hand_in(folder, NB1, "leyla", {q.id: entry({"text": q.model_answer})})
    report = class_report.build(folder)
    html_path, csv_path = class_report.write(report, tmp_path / "out")
    with csv_path.open(encoding="utf-8") as f:
        (line,) = list(csv.DictReader(f))
    assert "rubric_points" not in line and "rubric_ticked" not in line
    assert line["rubric_points_possible"] == str(len(q.rubric))
    assert line["rubric_self_ticked"] == "0"
    page = html_path.read_text(encoding="utf-8")
    link = page.split("href='gradebook.csv'")[1].split("</p>")[0]
    assert "formative" in link and "rubric_self_ticked" in link
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "rubric_self_ticked" in readme and "rubric_points_possible" in readme
