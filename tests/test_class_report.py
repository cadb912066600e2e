"""The class report (helpers.teacher.class_report) on 30 synthetic hand-ins, and bad hand-ins."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from helpers.data.quiz_bank import TYPES
from helpers.quiz import handin
from helpers.teacher import class_report, handins, sample_class

STUDENTS = 30


@pytest.fixture(scope="module")
def banks() -> dict:
    """Every quiz bank of the collection."""
    return handins.load_banks()


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory: pytest.TempPathFactory, banks: dict) -> Path:
    """30 synthetic students' hand-ins of every notebook's quiz."""
    folder = tmp_path_factory.mktemp("handins")
    sample_class.make(folder, banks, STUDENTS)
    return folder


@pytest.fixture(scope="module")
def report(class_folder: Path) -> dict:
    """The report built from the synthetic class."""
    return class_report.build(class_folder)


def test_thirty_hand_ins_of_every_notebook_are_read(report: dict, banks: dict) -> None:
    """Every file kept, none reported, one line `hand-ins read N/N`."""
    folder = report["folder"]
    n = STUDENTS * len(banks)
    assert folder.problems == [] and folder.line() == f"hand-ins read {n}/{n}"
    assert report["notebooks"] == list(banks)
    assert report["table"].student.nunique() == STUDENTS


def test_every_question_type_is_covered_with_every_outcome(report: dict) -> None:
    """The synthetic class answers every type; marked ones right first, second, wrong and shown."""
    table = report["table"]
    assert set(table.type) == set(TYPES)
    for kind in set(TYPES) - {"written"}:
        outcomes = set(table[table.type == kind].outcome)
        assert {"first", "second", "wrong"} <= outcomes, (kind, outcomes)
    assert {"shown", "none"} <= set(table.outcome)


def test_shares_at_first_and_second_try_match_the_hand_ins(report: dict, banks: dict) -> None:
    """The figure's bars are the shares of the stored attempts, recomputed from the files."""
    nb = "03_commissariat_and_elections"
    fig = class_report.question_figure(report["table"], banks[nb])
    first = next(t for t in fig.data if t.name == "right at the first try")
    q = banks[nb].questions[0]
    right_first = 0
    for h in report["folder"].handins:
        e = h.answers.get(q.id)
        if h.notebook == nb and e and e["attempts"] and e["shown_at"] != 0:
            right_first += handin.grading.check(q, e["attempts"][0]).correct is True
    assert first.x[0] == pytest.approx(100 * right_first / STUDENTS)
    totals = [sum(t.x[k] for t in fig.data) for k in range(len(first.x))]
    assert totals == pytest.approx([100.0] * len(totals))
    fig.to_plotly()  # plotly validates every property


def test_wrong_options_name_the_misconception_of_their_feedback(report: dict, banks: dict) -> None:
    """Each wrong option listed carries the feedback the bank gives that option."""
    checked = 0
    for bank in banks.values():
        table = class_report.wrong_options(report["table"], bank)
        for _, row in table.iterrows():
            q = bank.question(row["question"])
            if q.type in ("single", "multiple", "source"):
                choice = next(c for c in q.choices if c.text == row["wrong option"])
                assert choice.id not in (q.answer if q.type == "multiple" else [q.answer])
                assert row["misconception (the option's feedback)"] == (
                    choice.feedback or "(no feedback written)"
                )
                checked += 1
            assert row["students"] >= 1
    assert checked > 20


def test_objectives_heatmap_is_students_by_objectives(report: dict) -> None:
    """One row per student, one column per objective with questions, shares in [0, 1]."""
    grid = report["grid"]
    assert grid.shape[0] == STUDENTS
    assert set(grid.columns) == set(report["table"].objective)
    assert ((grid >= 0) & (grid <= 1)).all().all()
    fig = class_report.objective_figure(grid)
    assert "% of students met it" in fig.data[0]["x"][0] and "met" in fig.describe()
    fig.to_plotly()


def test_written_answers_sit_beside_their_rubric_ticks(report: dict, banks: dict) -> None:
    """A written question's table: each student's text and a ✓ for every point they ticked."""
    nb = next(nb for nb, b in banks.items() if any(q.type == "written" for q in b.questions))
    tables = class_report.written_answers(report["table"], banks[nb])
    qid, frame = next(iter(tables.items()))
    q = banks[nb].question(qid)
    assert list(frame.columns)[:2] == ["student", "written answer"]
    assert len(frame.columns) == 2 + len(q.rubric) + 2  # and the teacher's mark, comment
    h = next(h for h in report["folder"].handins if h.notebook == nb and qid in h.answers)
    row = frame[frame.student == h.student].iloc[0]
    ticks = h.answers[qid]["ticks"]
    assert [row.iloc[2 + k] == "✓" for k in range(len(q.rubric))] == [
        k in ticks for k in range(len(q.rubric))
    ]
    assert row["written answer"] == h.answers[qid]["attempts"][-1]["text"]


def test_report_page_and_gradebook(report: dict, tmp_path: Path, banks: dict) -> None:
    """index.html offline with every figure; gradebook.csv one row per student and notebook."""
    html_path, csv_path = class_report.write(report, tmp_path / "out")
    page = html_path.read_text(encoding="utf-8")
    assert class_report.network_tags(page) == []
    assert page.count("Plotly.newPlot(") == len(banks) + 1
    assert sample_class.OFF_TOPIC in page and "Files left out" not in page
    with csv_path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == STUDENTS * len(banks)
    assert {"student", "notebook", "right_first_try", "right", "objectives_met"} <= set(rows[0])


def bad_files(folder: Path, good: Path) -> dict[str, str]:
    """Write every kind of bad hand-in beside a good one; file name -> what its line must say."""
    record = json.loads(good.read_text(encoding="utf-8"))
    text = good.read_text(encoding="utf-8")

    def put(name: str, content: str | bytes) -> None:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())

    put("notes.json", "my homework, not JSON")
    put("essay.docx", b"PK\x03\x04 a word document")
    put(".notes.json.abc.tmp", "{")  # a hand-in being written: hidden, not read, not counted
    put("other.json", json.dumps({"hello": "world"}))
    put("binary.json", b"\xff\xfe\x00garbage")
    put("empty.json", "")
    put("truncated.json", text[: len(text) // 2])
    put("version.json", json.dumps(record | {"banks": "0123456789abcdef"}))
    put("format.json", json.dumps(record | {"version": 99}))
    put("path.json", json.dumps(record | {"student": "../x"}))
    put("slash.json", json.dumps(record | {"student": "a/../../b"}))
    put("notebook.json", json.dumps(record | {"notebook": "../../etc"}))
    put("question.json", json.dumps(record | {"answers": {"q9.9": {"attempts": []}}}))
    first = next(iter(record["answers"]))
    put("shape.json", json.dumps(record | {"answers": {first: "a"}}))
    put("time.json", json.dumps(record | {"handed_in": "yesterday"}))
    twice = record | {"handed_in": "2026-11-30T08:00:00"}
    put("twice-early.json", json.dumps(twice))
    (folder / "link.json").symlink_to("/etc/passwd")
    return {
        "notes.json": "not JSON",
        "essay.docx": "not a .json file",
        "other.json": "not a hand-in",
        "binary.json": "not UTF-8",
        "empty.json": "empty",
        "truncated.json": "truncated",
        "version.json": "another version",
        "format.json": "format 99",
        "path.json": "not a plain name",
        "slash.json": "not a plain name",
        "notebook.json": "has no quiz",
        "question.json": "q9.9",
        "shape.json": "malformed",
        "time.json": "not a date",
        "twice-early.json": "twice",
        "link.json": "not a regular file",
    }


def test_bad_hand_ins_are_each_one_line_and_left_out(
    class_folder: Path, tmp_path: Path, banks: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every bad file: one line naming it and why, left out; the rest kept; nothing written there."""
    folder = tmp_path / "handins"
    folder.mkdir()
    nb = "03_commissariat_and_elections"
    goods = sorted(class_folder.glob(f"{nb}.*.json"))[:5]
    for g in goods:
        (folder / g.name).write_bytes(g.read_bytes())
    expected = bad_files(folder, goods[0])
    before = sorted(os.listdir(folder))
    n = len([name for name in before if not name.startswith(".")])
    out = tmp_path / "report"
    assert class_report.main([str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert sorted(os.listdir(folder)) == before  # nothing written into the hand-in folder
    assert sorted(os.listdir(out)) == ["gradebook.csv", "index.html"]
    problems = handins.read_folder(folder, banks).problems
    assert len(problems) == len(expected)
    for name, says in expected.items():
        lines = [p for p in problems if p.startswith(f"{name}:")]
        assert len(lines) == 1 and says in lines[0] and "left out" in lines[0], (name, lines)
        assert lines[0] in printed and "\n" not in lines[0]
    assert printed[-1].startswith(f"hand-ins read 5/{n}")
    with (out / "gradebook.csv").open(encoding="utf-8") as f:
        students = [r["student"] for r in csv.DictReader(f)]
    assert sorted(students) == sorted(json.loads(g.read_text())["student"] for g in goods)


def test_a_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """make class-report on a folder that is not there: a message and exit 1, no traceback."""
    assert class_report.main([str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_a_hub_hand_in_written_by_another_user_is_left_out(
    class_folder: Path, tmp_path: Path, banks: dict
) -> None:
    """On a hub the file's owner must be the student it names (root reads as the teacher)."""
    if os.geteuid() != 0:
        pytest.fail("this check needs root to give the file another owner (CI runs as root)")
    good = sorted(class_folder.glob("03_*.json"))[0]
    record = json.loads(good.read_text()) | {"hub_user": True, "student": "alice"}
    folder = tmp_path / "hub"
    folder.mkdir()
    path = folder / "03_commissariat_and_elections.alice.json"
    path.write_text(json.dumps(record))
    os.chown(path, 65534, 65534)  # nobody
    (problem,) = handins.read_folder(folder, banks).problems
    assert "written by the hub user 'nobody'" in problem


def test_teacher_notebook_reads_the_hub_exchange(class_folder: Path, tmp_path: Path) -> None:
    """teacher/class_results.ipynb on the hub reads $CAUCASUS_HANDIN: its hand-ins, a bad file
    named in one line, every cell run without an error."""
    from helpers import data
    from helpers.authoring import notebook

    folder = tmp_path / "exchange"
    folder.mkdir()
    goods = sorted(class_folder.glob("05_*.json"))[:3]
    for g in goods:
        (folder / g.name).write_bytes(g.read_bytes())
    (folder / "05_baku_and_the_march_days.x.json").write_text('{"format": "caucasus1917-handin"')
    nb = notebook.read(data.REPO / class_report.TEACHER)
    setup = nb.cells[1]
    hub_line = 'os.environ.get("CAUCASUS_HANDIN")'  # what a hub teacher's kernel finds set
    assert hub_line in setup.source
    setup.source = setup.source.replace(hub_line, repr(str(folder)))
    nb = notebook.execute(nb)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "hand-ins read 3/4 of notebooks 05_baku_and_the_march_days" in text
    assert "05_baku_and_the_march_days.x.json: truncated" in text
    plotly = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(plotly) == 2


def test_the_sample_class_writes_and_hands_in_like_a_class(report: dict, banks: dict) -> None:
    """Written answers differ by question and student (the model answer, the partly example, an
    off-topic line), never one sentence for every question; hand-in times differ."""
    table = report["table"]
    written = table[(table.type == "written") & (table.text != "")]
    assert written.groupby("question").text.nunique().min() >= 2
    assert written.text.nunique() > written.question.nunique()
    kinds = {  # the model answer, the partly example (without its note), an off-topic line
        sample_class.text_for(q, k)
        for b in banks.values()
        for q in b.questions
        if q.type == "written"
        for k in range(3)
    }
    assert all(
        t in (q.model_answer, q.partly.split(" (Partly:")[0], sample_class.OFF_TOPIC)
        for b in banks.values()
        for q in b.questions
        if q.type == "written"
        for t in [sample_class.text_for(q, k) for k in range(3)]
    )
    assert set(written.text) <= kinds and sample_class.OFF_TOPIC in set(written.text)
    times = [h.handed_in for h in report["folder"].handins]
    assert len(set(times)) > len(times) / 2
    gaps = {t[11:16] for t in times}  # times of day, not one minute per student in a row
    assert len(gaps) > STUDENTS
