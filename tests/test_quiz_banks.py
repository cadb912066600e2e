"""The quiz banks: each covers its objectives; breakage is reported located (the validator, in every
kernel); the teaching policy is reported by `make check`'s review and never stops a lesson."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from helpers import quiz
from helpers.authoring import bank_review
from helpers.data import quiz_bank
from helpers.data.quiz_bank import TYPES, in_article

DATA = Path(__file__).resolve().parent.parent / "data"
SPEC = yaml.safe_load((DATA / "notebooks.yaml").read_text(encoding="utf-8"))["notebooks"]
BANK03 = "03_commissariat_and_elections.yaml"


def bank(notebook_id: str) -> dict:
    return yaml.safe_load((DATA / "quiz" / f"{notebook_id}.yaml").read_text(encoding="utf-8"))


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
    assert any(q["type"] == "written" and "Capstone" in q["prompt"] for q in review)


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
                wrong = [c for c in q["choices"] if c["id"] not in q["answer"]]
                assert all(c.get("feedback") for c in wrong), q["id"]


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
    line = edit(path, "    answer: b\n", "    answer: e\n")
    problems = quiz_bank.check_banks(data_copy)
    problem = next(p for p in problems if p.column == "questions[0].answer")
    assert problem.file == f"data/quiz/{BANK03}"
    assert problem.row == line and problem.column == "questions[0].answer"
    assert str(problem) == (
        f"data/quiz/{BANK03}, line {line}, questions[0].answer: 'e' is not one of the choices a, b, c, d"
    )


def test_bad_citation_is_reported(data_copy):
    path = data_copy / "quiz" / BANK03
    line = edit(path, "citation: 12, s.141", "citation: 12, p.141")
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


ORDER02 = "02_baku_soviet.yaml"  # q2.1, its first question, is an order question


def test_an_order_item_without_its_own_citation_is_reported(data_copy):
    path = data_copy / "quiz" / ORDER02
    line = edit(path, '        citation: "12, p.139"\n', "")
    (problem,) = quiz_bank.check_banks(data_copy)
    assert problem.column == "questions[0].choices[0]" and "'citation'" in problem.message
    assert problem.row is not None and problem.row <= line


def test_an_order_items_citation_and_the_questions_are_checked(data_copy):
    path = data_copy / "quiz" / ORDER02
    line = edit(path, 'citation: "12, p.139"', 'citation: "12, p.141"')
    qline = edit(path, "    citation: 12, p.139\n", "    citation: 12, s.141\n")
    problems = {p.column: p for p in quiz_bank.check_banks(data_copy)}
    item = problems["questions[0].choices[0].citation"]
    assert item.row == line and "'12, p.141' does not occur in the article" in item.message
    question = problems["questions[0].citation"]
    assert question.row == qline and "one of (12, p.141)" in question.message


def test_only_an_order_questions_items_carry_a_citation(data_copy):
    path = data_copy / "quiz" / BANK03
    edit(
        path,
        "        text: Noy Jordania\n",
        '        text: Noy Jordania\n        citation: "12, s.141"\n',
    )
    (problem,) = quiz_bank.check_banks(data_copy)
    assert problem.column == "questions[0].choices[0].citation"
    assert "only an order question's items carry a citation" in problem.message


def test_validate_reports_quiz_problems(data_copy):
    from helpers.data import validate

    edit(data_copy / "quiz" / BANK03, "    answer: b\n", "    answer: e\n")
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
    from helpers.data import bank_rules

    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path))
    data.ensure_valid()

    def checked_again(*args):
        raise AssertionError("the bank was checked again")

    monkeypatch.setattr(bank_rules, "bank_problems", checked_again)
    assert quiz.load("03_commissariat_and_elections").notebook == "03_commissariat_and_elections"


def test_load_names_a_broken_bank(data_copy, monkeypatch, tmp_path_factory):
    from helpers import data
    from helpers.data.errors import DataError

    line = edit(data_copy / "quiz" / BANK03, "    answer: b\n", "    answer: e\n")
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path_factory.mktemp("cache")))
    with pytest.raises(DataError) as info:
        quiz.load(BANK03.removesuffix(".yaml"))
    assert (
        f"data/quiz/{BANK03}, line {line}, questions[0].answer: 'e' is not one of the choices a, b, c, d"
    ) in str(info.value).splitlines()


def test_load_does_not_fail_for_other_broken_files(data_copy, monkeypatch, tmp_path_factory):
    """data_copy has no CSV tables, so data/ as a whole is broken; this bank is fine."""
    from helpers import data

    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path_factory.mktemp("cache")))
    assert quiz.load("04_the_seym").notebook == "04_the_seym"


# ---- the review (make check): keys not guessable, no question answers another, skills ----


def test_the_shipped_banks_pass_the_review():
    assert bank_review.review(DATA) == []


def test_all_keys_in_one_position_are_reported(data_copy):
    path = data_copy / "quiz" / BANK03
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in doc["questions"]:
        if q["type"] in ("single", "source"):
            key = next(c for c in q["choices"] if c["id"] == q["answer"])
            rest = [c for c in q["choices"] if c is not key]
            key["text"] = key["text"] + " (and a much longer wording, to be the longest option)"
            q["choices"] = [dict(c, id=i) for c, i in zip([key, *rest], "abcd", strict=True)]
            q["choices"][0].setdefault("feedback", "Right: the article says so.")
            q["answer"] = "a"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert quiz_bank.check_banks(data_copy) == []  # not breakage: the bank still loads
    messages = [str(p) for p in bank_review.review(data_copy)]
    singles = sum(q["type"] in ("single", "source") for q in doc["questions"])
    multiple = [q for q in doc["questions"] if q["type"] == "multiple"]
    keys = singles + sum(len(q["answer"]) for q in multiple)
    first = singles + sum(q["choices"][0]["id"] in q["answer"] for q in multiple)
    rule = f"position a holds {first} of {keys} keys (at most a third): move some keys"
    assert f"data/quiz/{BANK03}: {rule}" in messages
    assert any(f"the key is the longest option in {singles} of {singles}" in m for m in messages)


def test_keys_that_are_the_first_options_are_named_at_the_answer(data_copy):
    path = data_copy / "quiz" / BANK03
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    i, q = next((i, q) for i, q in enumerate(doc["questions"]) if q["type"] == "multiple")
    ids = [c["id"] for c in q["choices"]]
    first = ids[: len(q["answer"])]
    line = edit(path, f"answer: [{', '.join(q['answer'])}]", f"answer: [{', '.join(first)}]")
    (problem,) = [p for p in bank_review.review(data_copy) if "first" in p.message]
    assert (problem.row, problem.column) == (line, f"questions[{i}].answer")


def relabel_skills(path: Path, skill: str) -> int:
    """Give every question of a bank this skill; return how many questions it has."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in doc["questions"]:
        q["skill"] = skill
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(doc["questions"])


def test_a_reasoning_share_below_half_is_named_by_the_review(data_copy):
    n = relabel_skills(data_copy / "quiz" / BANK03, "recall")
    assert quiz_bank.check_banks(data_copy) == []
    (problem,) = bank_review.review(data_copy)
    assert problem.file == f"data/quiz/{BANK03}"
    assert problem.message.startswith(f"only 0 of {n} questions need reasoning")


def test_a_teachers_tag_edit_never_stops_a_lesson(monkeypatch, tmp_path):
    """Relabelling a bank's skills as recall: data.load and quiz.load work; `make check` fails
    naming the rule."""
    from helpers import data

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    n = relabel_skills(copy / "quiz" / BANK03, "recall")
    monkeypatch.setattr(data, "DATA_DIR", copy)
    monkeypatch.setattr(data, "_checked", set())
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CAUCASUS_SHARED_CACHE", raising=False)
    data.snapshot.cache_clear()
    try:
        assert len(data.load("events")) > 0
        assert len(quiz.load(BANK03.removesuffix(".yaml")).questions) == n
    finally:
        data.snapshot.cache_clear()
    assert bank_review.main([str(copy)]) == 1
    assert f"only 0 of {n} questions need reasoning" in str(bank_review.review(copy)[0])


def test_a_question_answered_by_another_is_reported(data_copy):
    path = data_copy / "quiz" / "02_baku_soviet.yaml"
    edit(
        path,
        "text: Repeat it, attributed",
        "text: S. Shaumyan, repeat it, attributed",
    )
    (problem,) = bank_review.review(data_copy)
    assert problem.message == "q2.3's answer or evidence ('s. shaumyan') is shown in q2.6"
    assert problem.file == "data/quiz/02_baku_soviet.yaml" and problem.column == "questions[2]"
    edit(path, "S. Shaumyan, repeat", "Repeat")
    later = data_copy / "quiz" / "03_commissariat_and_elections.yaml"
    assert "text: S. Shaumyan" in later.read_text(encoding="utf-8")  # a later notebook may show it
    assert bank_review.review(data_copy) == []


def test_a_phrase_quoted_beside_a_question_and_held_by_its_keys_alone_is_reported(data_copy):
    """q5.8 quoting "slaughter" and Baku "liberated" (two of q5.7's keys' words) answers q5.7 on the
    same screen, though no key's whole text is shown: the check looks at the words a question shown
    with it (before or after, in the same notebook) quotes."""
    path = data_copy / "quiz" / "05_baku_and_the_march_days.yaml"
    edit(
        path,
        "the article's vocabulary for the March Days and for Baku in September 1918\n      reflect?",
        'the article\'s vocabulary ("slaughter", Baku "liberated") reflect?',
    )
    (problem,) = bank_review.review(data_copy)
    assert problem.message == "q5.7's keys alone hold 'slaughter', which q5.8 quotes beside it"
    assert problem.file == "data/quiz/05_baku_and_the_march_days.yaml"
    assert problem.column == "questions[6]"
    # a quoted word a wrong option holds too points to no key
    edit(path, "text: '\"Revolutionary Committee\"'", 'text: \'"slaughter" and "liberated"\'')
    assert bank_review.review(data_copy) == []


def test_report_prints_balance_and_skills_per_notebook():
    """One line a notebook, its counts recomputed here from the bank itself."""
    text = bank_review.report(DATA)
    for s in SPEC:
        doc = bank(s["id"])
        skills = [q.get("skill", "recall") for q in doc["questions"]]
        reasoning = sum(k in bank_review.REASONING for k in skills)
        (line,) = [ln for ln in text.splitlines() if ln.strip().startswith(f"{s['id']}:")]
        assert f"reasoning {reasoning}/{len(skills)} (" in line
    assert "all banks: keys a:" in text
