"""The quiz banks: every bank passes check_banks, covers its objectives, and breakage is reported."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from helpers import quiz
from helpers.data import quiz_bank
from helpers.data.quiz_bank import TYPES, in_article

DATA = Path(__file__).resolve().parent.parent / "data"
SPEC = yaml.safe_load((DATA / "notebooks.yaml").read_text(encoding="utf-8"))["notebooks"]
BANK03 = "03_commissariat_and_elections.yaml"


def bank(notebook_id: str) -> dict:
    return yaml.safe_load((DATA / "quiz" / f"{notebook_id}.yaml").read_text(encoding="utf-8"))


def test_every_bank_passes_check_banks():
    assert quiz_bank.check_banks(DATA) == []


@pytest.mark.parametrize("spec", SPEC, ids=lambda s: s["id"])
def test_bank_has_5_to_8_questions_covering_every_objective(spec):
    questions = bank(spec["id"])["questions"]
    assert 5 <= len(questions) <= 8
    covered = {q["objective"] for q in questions}
    assert covered == {o["id"] for o in spec["objectives"]}


def test_every_type_is_used_and_the_review_has_a_capstone():
    used = Counter(q["type"] for s in SPEC for q in bank(s["id"])["questions"])
    assert set(used) == set(TYPES)
    review = bank("07_review")["questions"]
    assert any(q["type"] == "source" and "Capstone" in q["prompt"] for q in review)


def test_review_bank_is_cumulative():
    phases = {s["phase"] for s in SPEC if s["phase"]}
    cited = {q["citation"] for q in bank("07_review")["questions"]}
    assert len(cited) >= 5
    order = next(q for q in bank("07_review")["questions"] if q["type"] == "order")
    assert len(order["choices"]) == len(phases)


def test_wrong_choices_carry_feedback():
    for s in SPEC:
        for q in bank(s["id"])["questions"]:
            if q["type"] in ("single", "source", "multiple"):
                assert all(c.get("feedback") for c in q["choices"]), q["id"]


def test_in_article_ignores_line_breaks_and_end_of_line_hyphens():
    article = "the govern-\nment, the Bolsheviks (12, \np.143) and the Eser-\nMenshevik"
    assert in_article("the government, the Bolsheviks", article)
    assert in_article("12, p.143", article)
    assert in_article("Eser-Menshevik", article)
    assert not in_article("12, p.144", article)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in ("article.txt", "datapackage.yaml", "notebooks.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    shutil.copytree(DATA / "quiz", tmp_path / "quiz")
    return tmp_path


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of old; return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_bad_answer_is_reported_with_line_and_key(data_copy):
    path = data_copy / "quiz" / BANK03
    line = edit(path, "    answer: a\n", "    answer: e\n")
    (problem,) = quiz_bank.check_banks(data_copy)
    assert problem.file == f"data/quiz/{BANK03}"
    assert problem.row == line and problem.column == "questions[0].answer"
    assert str(problem) == (
        f"data/quiz/{BANK03}, line {line}, questions[0].answer: 'e' is not one of the choices a, b, c, d"
    )


def test_bad_citation_is_reported(data_copy):
    path = data_copy / "quiz" / BANK03
    line = edit(path, 'citation: "12, s.141"', 'citation: "12, p.141"')
    (problem,) = quiz_bank.check_banks(data_copy)
    assert problem.row == line and problem.column == "questions[0].citation"
    assert "'12, p.141' does not occur in the article" in problem.message


def test_unknown_objective_is_reported(data_copy):
    path = data_copy / "quiz" / BANK03
    line = edit(path, "objective: o3.4", "objective: o3.9")
    (problem,) = quiz_bank.check_banks(data_copy)
    assert problem.row == line and problem.column.endswith(".objective")
    assert "'o3.9' is not an objective of 03_commissariat_and_elections" in problem.message
    assert "o3.1, o3.2, o3.3, o3.4" in problem.message


def test_bad_yaml_is_one_problem_with_its_line(data_copy):
    path = data_copy / "quiz" / BANK03
    line = edit(path, "  - id: q3.2\n", "  - id: q3.2\n   bad: [unclosed\n")
    problems = quiz_bank.check_banks(data_copy)
    assert len(problems) == 1
    assert problems[0].file == f"data/quiz/{BANK03}" and "not valid YAML" in problems[0].message
    assert problems[0].row in (line, line + 1, line + 2)


def test_schema_violation_is_reported(data_copy):
    path = data_copy / "quiz" / BANK03
    edit(path, "type: single", "type: essay")
    (problem,) = quiz_bank.check_banks(data_copy)
    assert problem.column == "questions[0].type" and "essay" in problem.message


def test_duplicate_id_and_missing_bank_are_reported(data_copy):
    edit(data_copy / "quiz" / BANK03, "id: q3.2", "id: q3.1")
    (data_copy / "quiz" / "04_the_seym.yaml").unlink()
    messages = [str(p) for p in quiz_bank.check_banks(data_copy)]
    assert any("questions[1].id: 'q3.1' is used twice" in m for m in messages)
    assert any("04_the_seym.yaml: quiz bank is missing" in m for m in messages)


def test_order_listed_in_answer_order_is_reported(data_copy):
    path = data_copy / "quiz" / "02_baku_soviet.yaml"
    edit(path, "answer: [b, d, a, c]", "answer: [a, b, c, d]")
    (problem,) = quiz_bank.check_banks(data_copy)
    assert "out of order" in problem.message


def test_validate_reports_quiz_problems(data_copy):
    from helpers.data import validate

    edit(data_copy / "quiz" / BANK03, "    answer: a\n", "    answer: e\n")
    messages = [
        str(p)
        for p in validate.yaml_problems(
            yaml.safe_load((data_copy / "datapackage.yaml").read_text(encoding="utf-8")), data_copy
        )
    ]
    assert any("'e' is not one of the choices" in m for m in messages)


# ---- quiz.load in a lesson kernel: reuses data.ensure_valid(), still names a broken bank ----


def test_load_reuses_the_data_validation(monkeypatch, tmp_path):
    from helpers import data
    from helpers.data import quiz_bank

    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path))
    data.ensure_valid()

    def checked_again(*args):
        raise AssertionError("the bank was checked again")

    monkeypatch.setattr(quiz_bank, "bank_problems", checked_again)
    assert quiz.load("03_commissariat_and_elections").notebook == "03_commissariat_and_elections"


def test_load_names_a_broken_bank(data_copy, monkeypatch, tmp_path_factory):
    from helpers import data
    from helpers.data.errors import DataError

    line = edit(data_copy / "quiz" / BANK03, "    answer: a\n", "    answer: e\n")
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path_factory.mktemp("cache")))
    with pytest.raises(DataError) as info:
        quiz.load(BANK03.removesuffix(".yaml"))
    assert str(info.value) == (
        f"data/quiz/{BANK03}, line {line}, questions[0].answer: 'e' is not one of the choices a, b, c, d"
    )


def test_load_does_not_fail_for_other_broken_files(data_copy, monkeypatch, tmp_path_factory):
    """data_copy has no CSV tables, so data/ as a whole is broken; this bank is fine."""
    from helpers import data

    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path_factory.mktemp("cache")))
    assert quiz.load("04_the_seym").notebook == "04_the_seym"
