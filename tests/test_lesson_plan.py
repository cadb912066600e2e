"""Lessons a teacher can teach in one period (issue 16): a central question answered in the summary,
the article's own words verbatim, minutes that fit 50, a teacher guide with an answer to every prompt,
no pandas in lesson cells, a collapsed set-up cell."""

from __future__ import annotations

import html
import math
import re

import nbformat
import pytest

from helpers import data, lesson, quiz
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
    """In the article's order within the core path, and again within further work."""
    text = " ".join(data.article_text().split())
    assert len(passages(nb_id)) >= 3 or nb_id == "07_review"
    for part in parts_html(nb_id):
        starts = [text.index(" ".join(html.unescape(w).split())) for w, _ in PASSAGE.findall(part)]
        assert starts == sorted(starts), f"{nb_id}: passages out of the article's order"


def parts_html(nb_id: str) -> list[str]:
    """The HTML outputs of the core path and of further work, each joined."""
    parts = ["", ""]
    k = 0
    for cell in read(nb_id).cells:
        k = 1 if cell.source.startswith("## Further work") else k
        for out in cell.get("outputs", []):
            value = out.get("data", {}).get("text/html", "")
            parts[k] += "".join(value) if isinstance(value, list) else value
    return parts


def test_a_passage_is_cut_at_sentences_and_a_missing_anchor_is_named() -> None:
    words, groups, number = lesson.passage("In the country (15, p.20)", "renounced the throne")
    assert words.startswith("In the country (15, p.20)") and words.endswith("16 March 1917.")
    assert groups[0] == "15, p.20" and number == 1
    with pytest.raises(KeyError, match="no passage"):
        lesson.passage("words the article never prints")


def regex_span(text: str, anchor: str, after: int = 0) -> tuple[int, int] | None:
    """The anchor's words with any whitespace between, found by a regular expression."""
    found = re.compile(r"\s+".join(re.escape(w) for w in anchor.split())).search(text, after)
    return found.span() if found else None


def test_an_anchor_is_found_as_its_words_with_any_whitespace_between() -> None:
    """The passage finder's hand-made search finds what the regular expression `w1\\s+w2…` finds:
    anchors of three article words across its line breaks, searched from 0 and from later on, an
    earlier near miss ("the\\nthe  Bolsheviks"), and none where the expression finds none."""
    from helpers.lesson.reading import find

    text = data.article_text()
    words = text.split()
    anchors = [" ".join(words[i : i + 3]) for i in range(0, len(words) - 3, 7)]
    anchors += ["a the Bolsheviks", "the Bolsheviks", "Bolsheviks,", "the  Bolsheviks took"]
    samples = [(text, a) for a in anchors]
    samples += [("a the\nthe  Bolsheviks,\n\nand the Bolsheviks took", a) for a in anchors[-4:]]
    for sample, anchor in samples:
        for after in (0, len(sample) // 3):
            expected = regex_span(sample, anchor, after)
            if expected is None:
                with pytest.raises(KeyError, match="no passage"):
                    find(sample, anchor, after)
            else:
                assert find(sample, anchor, after) == expected, anchor


def test_paragraph_starts_are_found_again_for_a_changed_article() -> None:
    """The paragraphs' offsets are kept for the article's text and found again for a new text."""
    from helpers.lesson.reading import paragraph_starts

    assert paragraph_starts("ab\n\ncd", ("ab", "cd")) == (0, 4)
    assert paragraph_starts("xx ab\n\ncd", ("ab", "cd")) == (3, 7)
    text, paragraphs = data.article_text(), data.article_paragraphs()
    assert paragraph_starts(text, paragraphs) == tuple(text.index(p) for p in paragraphs)


def test_close_reading_prompts_point_at_the_passage() -> None:
    sources = [c.source for c in read("02_baku_soviet").cells]
    assert any("**Look closely.**" in s and "article's own words" in s for s in sources)


# ---- 4. one period each ----


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_the_computed_core_path_fits_one_period_and_the_header_shows_it(spec) -> None:
    """The core path, computed from the content at the classroom rates, fits the period; the
    notebook's header prints the same figures (one computation)."""
    found = timing.lesson_minutes(spec["id"])
    period = data.classroom_time()["period_minutes"]
    assert timing.core(found) <= period, f"{spec['id']}: core path {found} over {period} minutes"
    header = read(spec["id"]).cells[0].source
    assert notebook.time_text(read(spec["id"]), spec["id"]) in header


def test_a_planted_long_section_breaks_the_period() -> None:
    """Planting 700 more words of narrative and a pair source task in one section pushes a lesson
    over the period: the test above can fail."""
    nb = read("05_baku_and_the_march_days")
    at = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## 5."))
    long = nbformat.v4.new_markdown_cell("word " * 700)
    long.metadata["task"] = ["pair-source", "report-back"]
    nb.cells.insert(at + 1, long)
    found = timing.minutes(nb, "05_baku_and_the_march_days")
    assert timing.core(found) > data.classroom_time()["period_minutes"]
    nb.cells.insert(len(nb.cells) - 3, nbformat.v4.new_markdown_cell("## Further work"))
    assert timing.minutes(nb, "05_baku_and_the_march_days")["5"] == found["5"]


def test_classroom_time_counts_rates_tasks_and_further_work() -> None:
    rates = data.classroom_time()
    md = nbformat.v4.new_markdown_cell
    task = md("**Try it.**")  # 2 words
    task.metadata["task"] = "by-hand"
    doc = md("d " * rates["passage_wpm"])
    doc.metadata["read"] = "document"
    cells = [md("## 1. A\n\n" + "w " * (rates["narrative_wpm"] - 4)), task, doc]  # 130 words
    cells += [md("## Summary\n\nx"), md("## Further work\n\n## 2. B"), md("w " * 500)]
    found = timing.minutes(nbformat.v4.new_notebook(cells=cells), "05_baku_and_the_march_days")
    assert found["1"] == 1 + 1 + rates["tasks"]["by-hand"]
    assert found["open"] == rates["open_minutes"] and found["further"] >= 4
    assert found["quiz"] == timing.quiz_minutes("05_baku_and_the_march_days")
    nb_id = "05_baku_and_the_march_days"
    asked = {p: [q for q in quiz.load(nb_id).questions if q.part == p] for p in ("core", "further")}
    for part, questions in asked.items():  # each quiz part: its cell run, then its questions
        assert timing.quiz_minutes(nb_id, part) == rates["run_minutes"] + math.ceil(
            sum(timing.question_minutes(q, rates) for q in questions)
        )
    worked = [
        q for q in quiz.load("03_commissariat_and_elections").questions if q.type != "written"
    ]
    for q in worked:  # a calendar sum or a recomputation is worked on the board
        kind = "worked" if q.skill in rates["quiz"]["worked_skills"] else "closed"
        assert timing.question_minutes(q, rates) == rates["quiz"][kind]
    assert any(q.skill in rates["quiz"]["worked_skills"] for q in worked)
    plain = found["further"]
    chart = nbformat.v4.new_code_cell("lesson.show(fig)")
    chart.outputs = [nbformat.v4.new_output("display_data", {"application/vnd.plotly.v1+json": {}})]
    found = timing.minutes(nbformat.v4.new_notebook(cells=[*cells, chart]), nb_id)
    assert found["further"] == plain + rates["run_minutes"]  # a chart to run and read
    bad = md("x")
    bad.metadata["task"] = "juggling"
    with pytest.raises(data.DataError, match="juggling"):
        timing.parts_of(nbformat.v4.new_notebook(cells=[bad]))


def test_a_written_or_look_closely_task_adds_its_report_back_and_the_organiser_its_boxes() -> None:
    """Every task of a kind in classroom_time.report_back is followed by its report-back; the
    organiser takes its minutes a box, the boxes counted from its definition (and the widget)."""
    rates = data.classroom_time()
    md = nbformat.v4.new_markdown_cell
    nb_id = "05_baku_and_the_march_days"

    def section(*kinds: str) -> int:
        cells = [md("## 1. A")]
        for kind in kinds:
            cells.append(md("**Task.**"))
            cells[-1].metadata["task"] = kind
        return timing.minutes(nbformat.v4.new_notebook(cells=cells), nb_id)["1"]

    plain = section()
    assert rates["report_back"], "no task kind has a report-back"
    for kind, back in rates["report_back"].items():
        assert section(kind) - plain == rates["tasks"][kind] + back
    from helpers.widgets.organiser import Organiser, grid_kinds

    organiser = rates["organiser"]
    for spec in (s["organiser"] for s in SPECS):
        kinds = grid_kinds(spec)
        widget = Organiser(spec)
        drop_downs = sum(1 for b in widget.boxes.values() if hasattr(b, "options"))
        assert kinds == {"choice": drop_downs, "written": len(widget.boxes) - drop_downs}
    spec = next(s for s in SPECS if s["id"] == nb_id)["organiser"]
    grid = sum(organiser[f"{k}_box"] * n for k, n in grid_kinds(spec).items())
    assert section("organiser") - plain == math.ceil(grid + organiser["claim_and_evidence"])
    chosen = next(s for s in SPECS if s["id"] == "03_commissariat_and_elections")["organiser"]
    assert grid_kinds(chosen)["choice"], "03's rows are drop-downs"
    with pytest.raises(data.DataError, match="no organiser"):
        timing.parts_of(nbformat.v4.new_notebook(cells=[organiser_cell()]))


def test_a_check_takes_its_minutes_for_every_item_it_asks_students_to_note() -> None:
    """A task of a kind in classroom_time.per_item adds its rate for each entry of its list (one
    for a cell with no list), read from the cell, before the part's rounding."""
    rates = data.classroom_time()
    md = nbformat.v4.new_markdown_cell
    assert rates["per_item"], "no task kind is timed by its items"
    kind, each = next(iter(rates["per_item"].items()))

    def section(task_text: str) -> int:
        task = md(task_text)
        task.metadata["task"] = kind
        nb = nbformat.v4.new_notebook(cells=[md("## 1. A"), task])
        return timing.parts_of(nb).get("1").items[kind]

    assert section("**Note.** One thing.") == 1
    assert section("**Note.**\n\n1. who;\n2. where;\n3. how many.") == 3
    assert section("**Note.**\n\n- who\n- where\n\nChecked 2. together.") == 2
    listed = md("**Note.**\n\n" + "".join(f"{n}. item\n" for n in range(1, 9)))
    listed.metadata["task"] = kind
    nb = nbformat.v4.new_notebook(cells=[md("## 1. A"), listed])
    found = timing.minutes(nb, "05_baku_and_the_march_days")["1"]
    words = timing.words(listed.source) + 2
    reading = words / rates["narrative_wpm"]
    assert found == math.ceil(reading + 8 * each - 1e-9) + rates["tasks"][kind]


def organiser_cell():
    cell = nbformat.v4.new_code_cell('lesson.organiser("x")')
    cell.metadata["task"] = "organiser"
    return cell


def test_reading_time_counts_the_words_students_read() -> None:
    assert timing.words("<p>The <b>Baku</b> Soviet</p> met") == 4
    parts = '<details class="jigsaw-part">a b c</details><details class="jigsaw-part">d e</details>'
    assert timing.read_words("intro words " + parts) == (2 + 3, 0)  # each reads one part
    passage = lesson.article("It was announced on 30 March that the Baku").data
    narrative, verbatim = timing.read_words(passage)
    assert verbatim > 50 and narrative < 30


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


@pytest.mark.parametrize("nb_id", IDS)
def test_the_guide_plans_every_core_part_at_its_computed_minutes(nb_id: str) -> None:
    """The plan names every part of the core path (its minutes are the computed ones) and the
    40-minute variant comes to 40 computed minutes or fewer."""
    guide = teacher_guide.load(nb_id)
    found = timing.lesson_minutes(nb_id)
    core_parts = [k for k in found if k != "further"]
    assert [step["part"] for step in guide["plan"]] == core_parts
    assert teacher_guide.variant_minutes(found, guide["variant_40"]) <= 40
    page = teacher_guide.guide_html(next(s for s in SPECS if s["id"] == nb_id), guide)
    assert (
        f"core path {timing.core(found)} minutes ({html.escape(timing.time_line(found))})" in page
    )
    # the quiz's questions come from the bank's `part` fields, never typed in the plan
    typed = [s["activity"] for s in guide["plan"] if re.search(r"\bq\d+\.\d+", s["activity"])]
    assert not typed, f"{nb_id}: question ids typed in the plan: {typed}"
    core_ids = [q.id for q in quiz.load(nb_id).questions if q.part == "core"]
    assert f"Core quiz: {', '.join(core_ids)}." in page


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


# ---- 7. decide first, then see; the organiser ----

DECIDE = re.compile(r'<details class="decide-first">.*?</details>', re.S)


@pytest.mark.parametrize("nb_id", IDS)
def test_the_summary_answer_and_every_answering_box_are_collapsed(nb_id: str) -> None:
    """The summary's answer to the central question, and every box marked as answering the prompt
    above it ("reveal"), open only when a student asks: decide first, then see."""
    nb = read(nb_id)
    summary = next(c.source for c in nb.cells if c.source.startswith("## Summary"))
    inside = "".join(DECIDE.findall(summary))
    assert "**Back to the central question" in inside, f"{nb_id}: the summary's answer is open"
    for cell in nb.cells:
        if cell.metadata.get("reveal"):
            shown = "".join(
                "".join(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", [])
            )
            assert shown.startswith('<details class="decide-first">'), f"{nb_id}: {cell.id} open"


def test_an_open_box_is_caught() -> None:
    """A summary whose answer stands open fails the check above."""
    open_summary = "## Summary\n\n**Back to the central question: x?** Yes (12, p.139)."
    assert "**Back to the central question" not in "".join(DECIDE.findall(open_summary))
    box = lesson.decide_first(lesson.beyond("conference_date")).data
    assert DECIDE.fullmatch(box)


@pytest.mark.parametrize("spec", [s for s in SPECS if s["id"] != "00_start_here"], ids=IDS[1:])
def test_every_lesson_has_its_organiser_in_the_core_path(spec) -> None:
    """Each lesson shows its organiser (data/notebooks.yaml) before the summary, timed as a task."""
    cells = read(spec["id"]).cells
    at = next(i for i, c in enumerate(cells) if c.source == f'lesson.organiser("{spec["id"]}")')
    summary = next(i for i, c in enumerate(cells) if c.source.startswith("## Summary"))
    assert at < summary and cells[at].metadata.get("task") and spec["organiser"]["rows"]


@pytest.mark.parametrize("nb_id", IDS)
def test_every_task_cell_has_its_guide_entry(nb_id: str) -> None:
    """Every cell that names a task kind yields a prompt of the guide's finder, with an answer."""
    nb = read(nb_id)
    tasks = [c for c in nb.cells if c.metadata.get("task")]
    assert tasks, f"{nb_id} has no task cells"
    found = teacher_guide.prompts_in(nb_id)
    entries = {(p["section"], p["prompt"]) for p in teacher_guide.load(nb_id)["prompts"]}
    assert len(found) >= len(tasks) and set(found) <= entries


def test_a_task_without_a_guide_entry_is_caught(tmp_path, monkeypatch) -> None:
    """A new task cell planted in a copy of a notebook is found and has no entry."""
    nb = read("03_commissariat_and_elections")
    cell = nbformat.v4.new_markdown_cell("**Count the ballots.** How many?")
    cell.metadata["task"] = "written"
    nb.cells.insert(5, cell)
    nbformat.write(nb, tmp_path / "03_commissariat_and_elections.ipynb")
    monkeypatch.setattr(teacher_guide, "NOTEBOOKS", tmp_path)
    found = teacher_guide.prompts_in("03_commissariat_and_elections")
    entries = {
        (p["section"], p["prompt"])
        for p in teacher_guide.load("03_commissariat_and_elections")["prompts"]
    }
    assert [label for _, label in set(found) - entries] == ["Count the ballots"]


@pytest.mark.parametrize("nb_id", IDS)
def test_documents_have_headnotes_glossed_words_and_say_they_paraphrase(nb_id: str) -> None:
    """An outside document names who, when, why, the work and its confidence, is labelled a
    paraphrase (the fact sheet prints no quotation), and its lesson glosses words from the glossary."""
    cells = read(nb_id).cells
    documents = [c.source for c in cells if c.metadata.get("read") == "document"]
    for doc in documents:
        assert "*Headnote.*" in doc and "**Who:**" in doc and "**Confidence:**" in doc, doc[:80]
        assert "(a paraphrase)" in doc and "Paraphrase, not" in doc
    if documents:
        assert any(c.source.startswith("lesson.terms(") for c in cells)
