"""The echo check (helpers.authoring.echo): a key on screen is an echo, and a planted echo fails."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from helpers.authoring import bank_review, echo, screen

DATA = Path(__file__).resolve().parent.parent / "data"
NOTEBOOKS = DATA.parent / "notebooks"
LAST = echo.notebook_ids(DATA)[-1]


def screen_of(nb: str) -> list[str]:
    return echo.sentences(echo.screen_text(NOTEBOOKS / f"{nb}.ipynb"))


def a_sentence(nb: str) -> str:
    """A sentence of a notebook's screen with enough content words to be a key."""
    return next(s for s in screen_of(nb) if 6 <= len(screen.content_words(s)) <= 15)


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


def test_key_positions_are_counted_once_by_place_not_by_id() -> None:
    """One count of key positions (bank_review's): a key's place among the options, in bank order."""
    q = {"id": "qx", "type": "single", "answer": "z"}
    q["choices"] = [{"id": "z", "text": "first"}, {"id": "a", "text": "second"}]
    positions, _, singles = bank_review.key_positions({"questions": [q, dict(q, id="qy")]})
    assert positions == {"a": 2} and singles == 2
    assert not hasattr(echo, "key_positions")


def test_a_core_question_is_judged_on_the_core_part_only(tmp_path: Path) -> None:
    """A key shown only in further work is not on a core question's screen, but is on a further
    question's (the quiz after the summary comes before further work)."""
    nb = "05_baku_and_the_march_days"
    core = echo.screen_text(NOTEBOOKS / f"{nb}.ipynb", core_only=True)
    whole = echo.screen_text(NOTEBOOKS / f"{nb}.ipynb")
    assert "## Further work" not in core and "## Further work" in whole
    earlier = [s for n in echo.notebook_ids(DATA)[:5] for s in screen_of(n)]  # 00-04
    docs = echo.banks(DATA)
    before = [docs[n] for n in echo.notebook_ids(DATA)[:5]]
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    bank_file = data / "quiz" / f"{nb}.yaml"
    bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    q = next(q for q in bank["questions"] if q["type"] == "single")
    core_screen = (  # as echo.verdicts builds it for a core question: earlier notebooks, the core, the quiz
        earlier
        + echo.sentences(core)
        + [
            s
            for t in echo.shown_with({**q, "part": "core"}, docs[nb], before)
            for s in echo.sentences(t)
        ]
    )

    shown = next(x for x in docs[nb]["questions"] if x["id"] == q["id"])  # as rendered for a reader

    def keyed(text: str) -> dict:
        """q, as the check reads it, with `text` as its key option."""
        return {
            **shown,
            "part": "core",
            "choices": [
                dict(c, text=text) if c["id"] == q["answer"] else c for c in shown["choices"]
            ],
        }

    further_only = next(  # a sentence of further work that the core screen does not give away
        s
        for s in echo.sentences(whole)
        if s not in core
        and 6 <= len(screen.content_words(s)) <= 15
        and not echo.judge(keyed(s), core_screen).echo
    )
    next(c for c in q["choices"] if c["id"] == q["answer"])["text"] = further_only
    for part in ("core", "further"):
        q["part"] = part
        bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
        verdict = next(v for v in echo.verdicts(data, NOTEBOOKS)[nb] if v.qid == q["id"])
        assert verdict.echo == (part == "further"), part


def a_paraphrase(sentence: str) -> str:
    """A sentence in other words: another form of each word, another name of a thing where the
    course gives one, the words in reverse order."""
    pattern, token = screen.synonyms()
    names: dict[str, list[str]] = {}
    for name, t in token.items():
        names.setdefault(t, []).append(name)

    def swap(m: re.Match[str]) -> str:
        other = [n for n in names[token[m.group(1)]] if n != m.group(1)]
        return other[0] if other else m.group(1)

    text = pattern.sub(swap, sentence.lower())
    words = [w for w in re.findall(r"[^\W_]+", text) if w not in echo.STOP]
    return " ".join(screen.stem(w) + ("ing" if len(w) > 4 else "") for w in reversed(words))


def plant(data: Path, nb: str, text: str, skill: str) -> str:
    """Key the first single-answer question of a bank with `text`, put it in the core quiz and tag
    it `skill`."""
    bank_file = data / "quiz" / f"{nb}.yaml"
    bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    q = next(q for q in bank["questions"] if q["type"] == "single")
    next(c for c in q["choices"] if c["id"] == q["answer"])["text"] = text
    q["skill"], q["part"] = skill, "core"
    bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    return q["id"]


def test_a_paraphrased_echo_is_still_an_echo_and_its_reasoning_tag_fails(tmp_path: Path) -> None:
    """A key taught in other words (other word forms, another name of the same thing, another
    word order) is found; a reasoning tag on it makes the check fail."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    sentence = a_sentence(LAST)
    said = a_paraphrase(sentence)
    assert said != sentence.lower()
    qid = plant(data, LAST, said, "sourcing")
    verdict = next(v for v in echo.verdicts(data, NOTEBOOKS)[LAST] if v.qid == qid)
    assert verdict.echo, said
    assert any(f"{qid} is tagged sourcing" in p for p in echo.problems(data, NOTEBOOKS))


def test_a_recall_key_taught_across_a_passage_is_an_echo() -> None:
    """A recall key whose words are spread over three sentences in a row (a third from each) is on
    screen; the same key asked as a reasoning question (one sentence at a time) is not."""
    shown = screen_of(LAST)
    words = [set(screen.content_words(s)) for s in shown]
    k = next(
        k
        for k in range(len(shown) - 2)
        if all(len(w) >= 2 for w in words[k : k + 3])
        and not (words[k] & words[k + 1] or words[k] & words[k + 2] or words[k + 1] & words[k + 2])
    )
    key = " ".join(w for ws in words[k : k + 3] for w in sorted(ws)[:2])
    q = {"id": "qx", "type": "single", "answer": "a", "prompt": "Which?", "skill": "recall"}
    q["choices"] = [{"id": "a", "text": key}, {"id": "b", "text": "x"}]
    assert echo.judge(q, shown[k : k + 3]).echo
    assert not echo.judge(dict(q, skill="sourcing"), shown[k : k + 3]).echo


def test_a_core_quiz_of_echoes_makes_the_check_fail(tmp_path: Path) -> None:
    """Every core key of a bank planted from its notebook's screen: the core rule names the bank."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    bank_file = data / "quiz" / f"{LAST}.yaml"
    bank = yaml.safe_load(bank_file.read_text(encoding="utf-8"))
    sentence = a_sentence(LAST)
    for q in bank["questions"]:
        if q.get("part", "core") == "core" and q["type"] != "written":
            for key in ("tolerance", "unit", "range", "tempting", "calendar", "sources"):
                q.pop(key, None)
            q.update(type="single", skill="recall", answer="a", prompt="Which?")
            q["choices"] = [{"id": "a", "text": sentence}, {"id": "b", "text": "x"}]
    bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    found = [p for p in echo.problems(data, NOTEBOOKS) if LAST in p]
    assert any("counted core questions are not echoes (at least half must)" in p for p in found)


def single(qid: str, key: str, prompt: str = "Which is right?", **more: object) -> dict:
    """A single-answer reasoning question keyed with `key` (option b a made-up distractor)."""
    choices = [{"id": "a", "text": key}, {"id": "b", "text": "Zanzibar quartz xylophones juggle"}]
    return {"id": qid, "type": "single", "skill": "sourcing", "answer": "a", "prompt": prompt,
            "choices": choices, **more}  # fmt: skip


def test_a_side_by_side_row_is_read_across() -> None:
    """A key whose words are split between a row's two cells is on screen; cut apart it is not."""
    key = "division arrested Baku station; commander disbanded garrison"
    row = "<tr><td>The division was arrested.</td><td>Its commander had disbanded it.</td></tr>"
    assert echo.judge(single("qx", key), echo.sentences(screen.html_text(row))).echo
    apart = "<p>The division was arrested.</p><p>Its commander had disbanded it.</p>"
    assert not echo.judge(single("qx", key), echo.sentences(screen.html_text(apart))).echo


def test_a_date_given_with_its_other_calendar_in_brackets_is_printed() -> None:
    assert echo.date_on((1917, 11, 28), "The Commissariat was formed 15 (28) November 1917")
    assert not echo.date_on((1917, 11, 29), "The Commissariat was formed 15 (28) November 1917")


def test_a_key_in_another_questions_feedback_or_explanation_is_an_echo() -> None:
    """Feedback and explanations are on screen once answered: in the same quiz, the notebook's
    earlier part and earlier notebooks' banks, never in a later part."""
    key = "the Commissariat met in Tiflis twenty eight days later under Gegechkori"
    teller = single("q1", "Zanzibar", explanation=key.capitalize() + ".", part="core")
    asked = single("q2", key, part="further")
    doc = {"questions": [teller, asked]}
    shown = [s for t in echo.shown_with(asked, doc) for s in echo.sentences(t)]
    assert echo.judge(asked, shown).echo
    earlier = [
        s for t in echo.shown_with(asked, {"questions": [asked]}, [doc]) for s in echo.sentences(t)
    ]
    assert echo.judge(asked, earlier).echo
    later = {"questions": [{**teller, "part": "further"}, {**asked, "part": "core"}]}
    assert not echo.shown_with(later["questions"][1], later)


def test_a_prompt_that_states_its_key_in_other_words_is_an_echo() -> None:
    prompt = "The article quotes Kacaznuni's programme and retells Agayev's points. What follows?"
    q = single("qx", "Kacaznuni's programme is quoted, Agayev's retold", prompt)
    assert echo.judge(q, []).echo and "prompt states the key" in echo.judge(q, []).why
    q["choices"][1]["text"] = "Kacaznuni's programme quoted, Agayev's retold, as the article does"
    assert not echo.judge(q, []).echo  # a distractor as close to the prompt: no giveaway


def test_order_items_that_carry_their_dates_need_no_placing() -> None:
    items = [
        "Talks open (11 May)",
        "The note is sent (26 May)",
        "Zanzibar quartz xylophones juggle",
    ]
    q = {"id": "qx", "type": "order", "skill": "calendar", "prompt": "Order them.", "answer": ["a", "b", "c"],
         "choices": [{"id": i, "text": t} for i, t in zip("abc", items, strict=True)]}  # fmt: skip
    assert not echo.judge(q, []).echo
    q["choices"][2]["text"] = "Baku is taken (September 15)"
    assert echo.judge(q, []).echo


def test_absolute_or_dismissive_words_only_in_distractors_are_a_tell() -> None:
    q = single("qx", "It may show the reasons the speaker gave")
    q["choices"][1]["text"] = "Evidence that settles it, which needs no check"
    assert echo.tells({"questions": [q]}, []) == [
        "qx: only distractors say needs no, no check, settles"
    ]
    q["choices"][0]["text"] += ", though it settles nothing and needs no check"
    assert not [t for t in echo.tells({"questions": [q]}, []) if "only distractors" in t]


def test_hedges_only_in_distractors_are_a_tell() -> None:
    """Distractors that hedge (perhaps, likely, may) beside a plain key point to the key."""
    q = single("qx", "The reasons the speaker gave for the refusal")
    q["choices"][1]["text"] = "Perhaps a count of the members, which likely settles it"
    q["choices"].append({"id": "c", "text": "Some sign of how the members were elected"})
    tells = [t for t in echo.tells({"questions": [q]}, []) if "hedge" in t]
    assert tells == ["qx: only distractors hedge (likely, perhaps, some sign); the key is plain"]
    q["choices"][0]["text"] += ", which may or may not hold"
    assert not [t for t in echo.tells({"questions": [q]}, []) if "hedge" in t]


def test_no_bank_hedges_only_its_distractors() -> None:
    """The banks as stored: no question's distractors alone hedge."""
    found = [t for nb, doc in echo.banks(DATA).items() for t in echo.tells(doc, []) if "hedge" in t]
    assert not found, found


def calendar_question() -> tuple[str, dict]:
    """A calendar question of the stored banks whose prompt prints a date, with its notebook."""
    for nb, doc in echo.banks(DATA).items():
        for q in doc["questions"]:
            calendar = q.get("skill") == "calendar" and q["type"] in ("single", "source")
            if calendar and echo.prompt_dates(q["prompt"]):
                return nb, q
    raise AssertionError("no calendar question prints a date in its prompt")


def test_a_calendar_named_beside_a_date_by_another_question_is_a_leak() -> None:
    """An earlier question's feedback that says a calendar question's date is Old or New Style gives
    its options away by elimination; the banks as stored do not."""
    docs = echo.banks(DATA)
    assert not [t for t in echo.told_leaks(docs) if "calendar told" in t]
    nb, q = calendar_question()
    y, m, d = echo.prompt_dates(q["prompt"])[0]
    first = next(iter(docs.values()))["questions"][0]
    month = echo.MONTHS[m - 1]
    first["explanation"] = f"{first.get('explanation', '')} Note: {month} {d} is Old Style."
    found = [t for t in echo.told_leaks(docs) if q["id"] in t and "calendar told" in t]
    assert found, echo.told_leaks(docs)


def test_a_key_clause_told_in_earlier_feedback_is_a_leak() -> None:
    """A clause of a key told by an earlier question's tempting feedback (q4.1 once said "with the
    Bolsheviks' 4 seats counted", q4.3's key) is a leak; the banks as stored have none."""
    docs = echo.banks(DATA)
    assert not [t for t in echo.told_leaks(docs) if "is told by" in t]
    nb, doc = next(
        (nb, d)
        for nb, d in list(docs.items())[1:]  # a later notebook than the one planted in
        if any(echo.key_clauses(q) for q in d["questions"])
    )
    q = next(q for q in doc["questions"] if echo.key_clauses(q))
    clause = echo.key_clauses(q)[0]
    earlier = next(iter(docs.values()))["questions"][0]
    earlier.setdefault("tempting", []).append({"value": 1, "feedback": f"That is {clause}."})
    assert [t for t in echo.told_leaks(docs) if q["id"] in t and "is told by" in t]
