"""The echo check (helpers.authoring.echo): a key on screen is an echo, and a planted echo fails."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from helpers.authoring import echo

DATA = Path(__file__).resolve().parent.parent / "data"
NOTEBOOKS = DATA.parent / "notebooks"
LAST = echo.notebook_ids(DATA)[-1]


def screen_of(nb: str) -> list[str]:
    return echo.sentences(echo.screen_text(NOTEBOOKS / f"{nb}.ipynb"))


def a_sentence(nb: str) -> str:
    """A sentence of a notebook's screen with enough content words to be a key."""
    return next(s for s in screen_of(nb) if 6 <= len(echo.content_words(s)) <= 15)


def test_numbers_are_read_in_every_notation_and_citations_are_not_numbers() -> None:
    for text in ("12,000 men", "12 000 men", "12.000 men"):
        assert 12000.0 in echo.numbers(text)
    assert 4.4 in echo.numbers("4,4%") and 4.4 in echo.numbers("4.4%")
    assert 139.0 not in echo.numbers("as the article says (12, p.139)")


def test_a_key_printed_on_screen_is_an_echo_and_a_new_one_is_not() -> None:
    sentence = a_sentence(LAST)
    q = {"id": "qx", "type": "single", "answer": "a", "skill": "sourcing"}
    q["choices"] = [{"id": "a", "text": sentence}, {"id": "b", "text": "x"}]
    assert echo.judge(q, screen_of(LAST)).echo
    q["choices"][0]["text"] = "Zanzibar quartz xylophones juggle vermilion"
    assert not echo.judge(q, screen_of(LAST)).echo


def test_a_planted_echo_question_makes_the_check_fail(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    assert not [p for p in echo.problems(data, NOTEBOOKS) if LAST in p and "echo" in p]
    bank_file = data / "quiz" / f"{LAST}.yaml"
    bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    sentence = a_sentence(LAST)
    planted = 0
    for q in bank["questions"]:
        if q["type"] == "single" and q.get("skill") in echo.REASONING:
            key = next(c for c in q["choices"] if c["id"] == q["answer"])
            key["text"] = sentence
            planted += 1
    assert planted
    bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    found = [p for p in echo.problems(data, NOTEBOOKS) if LAST in p]
    assert any("is tagged" in p and "is in a sentence on screen" in p for p in found)
    assert any("(at least half must)" in p for p in found)
    assert f"echoes {planted}" in echo.report(data, NOTEBOOKS)


def test_distractor_tells_and_key_positions_are_reported() -> None:
    q = {"id": "qx", "type": "single", "answer": "a"}
    q["choices"] = [
        {"id": "a", "text": "The article qualifies its claim"},
        {"id": "b", "text": "Every account agrees on the date"},
    ]
    found = echo.tells({"questions": [q]}, [])
    assert found == ["qx: only distractors say every"]
    q["choices"][0]["text"] = "Every account qualifies the claim"
    assert echo.tells({"questions": [q]}, []) == []
    banks = {"x": {"questions": [dict(q, id=f"q{k}") for k in range(4)]}}
    assert "option a in 4 of 4" in echo.key_positions(banks)[0]


def test_a_core_question_is_judged_on_the_core_part_only(tmp_path: Path) -> None:
    """A key shown only in further work is not on a core question's screen, but is on a further
    question's (the quiz after the summary comes before further work)."""
    nb = "05_baku_and_the_march_days"
    core = echo.screen_text(NOTEBOOKS / f"{nb}.ipynb", core_only=True)
    whole = echo.screen_text(NOTEBOOKS / f"{nb}.ipynb")
    assert "## Further work" not in core and "## Further work" in whole
    earlier = [s for n in echo.notebook_ids(DATA)[:5] for s in screen_of(n)]  # 00-04
    further_only = next(
        s
        for s in echo.sentences(whole)
        if s not in core and s not in earlier and 6 <= len(echo.content_words(s)) <= 15
    )
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    bank_file = data / "quiz" / f"{nb}.yaml"
    bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    q = next(q for q in bank["questions"] if q["type"] == "single")
    next(c for c in q["choices"] if c["id"] == q["answer"])["text"] = further_only
    for part in ("core", "further"):
        q["part"] = part
        bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
        verdict = next(v for v in echo.verdicts(data, NOTEBOOKS)[nb] if v.qid == q["id"])
        assert verdict.echo == (part == "further"), part
