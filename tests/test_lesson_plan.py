"""Lessons a teacher can teach in one period (issue 16): a central question answered in the summary,
the article's own words verbatim, minutes that fit 50, a teacher guide with an answer to every prompt,
no pandas in lesson cells, a collapsed set-up cell."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from helpers import data, lesson
from helpers.authoring import notebook
from helpers.teacher import teacher_guide, timing

SPECS = data.notebook_spec()
IDS = [spec["id"] for spec in SPECS]
PASSAGE = re.compile(
    r'<details class="article-passage".*?<blockquote[^>]*>(.*?)</blockquote>\s*<small>(.*?)</small>',
    re.S,
)
CITATION = re.compile(r"\((?:\d+\s*[,:]|Gökay)[^()]*\)")


def read(nb_id: str):
    return nbformat.read(notebook.NOTEBOOKS / f"{nb_id}.ipynb", as_version=4)


def html_outputs(nb_id: str) -> list[str]:
    found = []
    for cell in read(nb_id).cells:
        for out in cell.get("outputs", []):
            value = out.get("data", {}).get("text/html", "")
            found.append("".join(value) if isinstance(value, list) else value)
    return found


def passages(nb_id: str) -> list[tuple[str, str]]:
    return [
        (html.unescape(w), html.unescape(n))
        for o in html_outputs(nb_id)
        for w, n in PASSAGE.findall(o)
    ]


# ---- 1. the central question ----


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_the_central_question_is_under_the_title_and_answered_in_the_summary(spec) -> None:
    nb = read(spec["id"])
    question = spec["question"]
    assert question.endswith("?")
    title, rest = nb.cells[0].source.split("\n", 1)
    assert f"**Central question:** {question}" in rest.split("## Overview")[0]
    summary = next(c.source for c in nb.cells if c.source.startswith("## Summary"))
    back = summary.split("**Back to the central question", 1)
    assert len(back) == 2, f"{spec['id']}: the summary does not return to the central question"
    answer = back[1].split("\n\n")[0]
    # evidence: a citation as printed, or an outside work named with it
    works = ("Suny", "Swietochowski", "Hovannisian", "Spirin", "Wikipedia")
    assert CITATION.search(answer) or any(w in answer for w in works), answer


# ---- 2. the article's own words ----


@pytest.mark.parametrize("nb_id", IDS)
def test_every_shown_passage_is_verbatim_in_the_article(nb_id: str) -> None:
    text = data.article_text()
    shown = passages(nb_id)
    assert shown, f"{nb_id} shows none of the article's own words"
    for words, note in shown:
        assert words in text, f"{nb_id}: a passage is not verbatim:\n{words[:200]}"
        printed = CITATION.findall(words)
        if printed:
            assert "Citations the article prints here" in note
            for group in printed:
                assert " ".join(group.split()) in note
        else:
            assert "prints no citation" in note


@pytest.mark.parametrize("nb_id", [i for s, i in zip(SPECS, IDS, strict=True) if s["phase"]])
def test_every_phase_lesson_shows_its_passages_in_article_order(nb_id: str) -> None:
    text = " ".join(data.article_text().split())
    starts = [text.index(" ".join(w.split())) for w, _ in passages(nb_id)]
    assert len(starts) >= 3 or nb_id == "07_review"
    assert starts == sorted(starts), f"{nb_id}: passages out of the article's order"


def test_a_passage_is_cut_at_sentences_and_a_missing_anchor_is_named() -> None:
    words, groups, number = lesson.passage("In the country (15, p.20)", "renounced the throne")
    assert words.startswith("In the country (15, p.20)") and words.endswith("16 March 1917.")
    assert groups[0] == "15, p.20" and number == 1
    with pytest.raises(KeyError, match="no passage"):
        lesson.passage("words the article never prints")


def test_close_reading_prompts_point_at_the_passage() -> None:
    sources = [c.source for c in read("02_baku_soviet").cells]
    assert any("**Look closely.**" in s and "article's own words" in s for s in sources)


# ---- 4. one period each ----


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_declared_minutes_cover_the_reading_and_fit_one_period(spec) -> None:
    counted = timing.section_words(spec["id"])
    declared = spec["minutes"]
    assert set(counted) == set(declared) - {"quiz"}, "declare minutes for exactly the sections"
    short = {
        k: (timing.reading_minutes(n), declared[k])
        for k, n in counted.items()
        if timing.reading_minutes(n) > declared[k]
    }
    assert not short, (
        f"{spec['id']}: sections whose reading (minutes read, declared) exceeds them: {short}"
    )
    assert sum(declared.values()) <= timing.PERIOD, (
        f"{spec['id']} does not fit {timing.PERIOD} minutes"
    )


def test_reading_time_counts_the_words_students_read() -> None:
    assert timing.words("<p>The <b>Baku</b> Soviet</p> met") == 4
    assert timing.reading_minutes(1_500, 150) == 10 and timing.reading_minutes(1_501, 150) == 11
    review = timing.section_words("07_review")["3"]
    assert review > 400  # the ledger's boxes are counted, not only the markdown
    parts = '<details class="jigsaw-part">a b c</details><details class="jigsaw-part">d e</details>'
    assert timing.read_words("intro words " + parts) == 2 + 3  # each student reads one part


def test_the_ledger_jigsaw_holds_every_claim_once() -> None:
    claims = data.load("claims")
    page = lesson.ledger_jigsaw(claims).data
    assert page.count('class="jigsaw-part"') == 3
    assert page.count('role="note"') == len(claims)


def test_phases_stay_in_order() -> None:
    phases = [s["phase"] for s in SPECS if s["phase"] is not None]
    assert phases == sorted(phases)


# ---- 5. the teacher guide ----


@pytest.mark.parametrize("nb_id", IDS)
def test_every_prompt_has_its_expected_answer_in_the_teacher_guide(nb_id: str) -> None:
    prompts = teacher_guide.prompts_in(nb_id)
    guide = teacher_guide.load(nb_id)
    entries = [(p["section"], p["prompt"]) for p in guide["prompts"]]
    assert sorted(prompts) == sorted(entries), (
        f"{nb_id}: prompts without an entry {sorted(set(prompts) - set(entries))}; "
        f"entries without a prompt {sorted(set(entries) - set(prompts))}"
    )
    assert sum(step["minutes"] for step in guide["plan"]) == teacher_guide.PERIOD


def test_prompts_are_found_in_bold_and_in_headings() -> None:
    found = teacher_guide.prompts_in("05_baku_and_the_march_days")
    assert ("2", "Look closely: one man, four names") in found
    assert ("5", "Source work: whose figure is whose?") in found


def test_make_teacher_guide_writes_printable_offline_pages(tmp_path) -> None:
    written = teacher_guide.write_guides(tmp_path)
    assert len(written) == len(SPECS) + 1
    for spec in SPECS:
        page = (tmp_path / f"{spec['id']}.html").read_text(encoding="utf-8")
        assert html.escape(spec["question"]) in page
        assert "Quiz answer key" in page and "NO ENTRY" not in page
        assert "http://" not in page and "https://" not in page
        if teacher_guide.load(spec["id"]).get("difficult_history"):
            assert "March Days" in page and "September Days" in page
            assert "Armenian and Azerbaijani students" in page
    assert teacher_guide.load("06_independence_and_baku").get("difficult_history")


def test_the_guide_is_never_inside_a_student_notebook() -> None:
    for nb_id in IDS:
        raw = (notebook.NOTEBOOKS / f"{nb_id}.ipynb").read_text(encoding="utf-8")
        for entry in teacher_guide.load(nb_id)["prompts"]:
            assert entry["answer"][:60] not in raw


# ---- 6. students read history, not pandas ----

PANDAS = re.compile(r"[\w\)\]]\[|\.(?:loc|iloc|groupby|merge|set_index|unstack|nlargest)\b")


@pytest.mark.parametrize("nb_id", IDS)
def test_no_pandas_indexing_in_lesson_cells(nb_id: str) -> None:
    code = [
        c.source
        for c in read(nb_id).cells
        if c.cell_type == "code" and not c.metadata.get("boilerplate")
    ]
    found = [line for src in code for line in src.splitlines() if PANDAS.search(line.split("#")[0])]
    assert not found, f"{nb_id}: pandas in a lesson cell (use a named helper): {found}"


@pytest.mark.parametrize("nb_id", IDS)
def test_the_setup_cell_is_collapsed(nb_id: str) -> None:
    setup = next(c for c in read(nb_id).cells if c.metadata.get("boilerplate") == "setup")
    assert setup.metadata["jupyter"]["source_hidden"] is True


def test_seats_are_shared_by_hand_before_the_calculator() -> None:
    cells = read("03_commissariat_and_elections").cells
    order = [c.source for c in cells if c.cell_type == "code"]
    first_by_hand = next(i for i, s in enumerate(order) if "seat_exercise()" in s)
    first_real = next(i for i, s in enumerate(order) if "seats_compared" in s or "calculator" in s)
    assert first_by_hand < first_real
    task = data.exercise("dhondt_by_hand")
    assert "nvented" in task["note"] and all(k.endswith("(invented)") for k in task["votes"])
    table = lesson.seat_exercise(answer=True)
    assert int(table["seats won (computed)"].sum()) == task["seats"]
