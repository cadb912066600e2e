"""The lessons: each has the house skeleton, and every date and number it shows comes from data/."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tokenize
from functools import cache
from types import SimpleNamespace

import nbformat
import pytest

from helpers import data, kernel_settings, lesson, quiz
from helpers.authoring import notebook
from helpers.history import calendars
from helpers.text import after_text, escaped, shown_citation

SPECS = data.notebook_spec()
IDS = [spec["id"] for spec in SPECS]
MONTHS = calendars.MONTH_NAMES
MONTH = "|".join(MONTHS)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\b")
MONTH_DAY = re.compile(rf"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:{MONTH}))")
NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[,.]\d{3})+(?![\d])|(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def cells(nb_id: str, kind: str) -> list[str]:
    nb = nbformat.read(notebook.NOTEBOOKS / f"{nb_id}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == kind and not c.metadata.get("boilerplate")]


@cache
def known_days() -> set[tuple[int, str]]:
    """Every (day, month) the data can justify: as printed, in N.S., and in O.S."""
    events = data.load("events")
    days: set[tuple[int, str]] = set()
    for text in events["date_printed"].dropna():
        days |= {(int(d), m) for d, m in DAY_MONTH.findall(text)}
        days |= {(int(d), m) for m, d in MONTH_DAY.findall(text)}
    for column in ("date_start", "date_end", "outside_date_start", "outside_date_end"):
        for stamp in events[column].dropna():
            day = stamp.date()
            days.add((day.day, MONTHS[day.month - 1]))
            _, month, d = calendars.gregorian_to_julian(day)
            days.add((d, MONTHS[month - 1]))
    return days


@cache
def known_numbers() -> set[str]:
    """Every number written in a data file (CSV cells, quiz banks, the article), without separators."""
    texts = [path.read_text(encoding="utf-8") for path in data.data_files()]
    return {normal(n) for text in texts for n in NUMBER.findall(text)}


def normal(number: str) -> str:
    """'2,455,274' -> '2455274'; '4,4' and '4.4' -> '4.4'; '20.000' -> '20000'."""
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", number):
        return re.sub(r"[,.]", "", number)
    return number.replace(",", ".").lstrip("0") or "0"


@pytest.mark.parametrize("nb_id", IDS)
def test_skeleton(nb_id: str) -> None:
    """Objectives (generated), a summary, the quiz and navigation at both ends."""
    nb = nbformat.read(notebook.NOTEBOOKS / f"{nb_id}.ipynb", as_version=4)
    kinds = [c.metadata.get("boilerplate") for c in nb.cells]
    assert kinds[:2] == ["header", "setup"] and kinds[-1] == "footer"
    # the quiz right after the summary, before further work (design.md); a further quiz at its end
    at = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Summary"))
    assert kinds[at + 1 : at + 3] == ["quiz-heading", "quiz"]
    further = any(q.part == "further" for q in quiz.load(nb_id).questions)
    assert (kinds[-3:-1] == ["quiz-further-heading", "quiz-further"]) == further
    assert "### Learning objectives" in nb.cells[0].source
    teaching = [c for c in nb.cells if not c.metadata.get("boilerplate")]
    assert teaching, "a lesson needs teaching cells"
    summary = next(i for i, c in enumerate(teaching) if c.source.startswith("## Summary"))
    after = teaching[summary + 1 :]  # nothing after the summary but the marked further work
    assert not after or after[0].source.startswith("## Further work / homework")
    assert "Start page" in nb.cells[0].source and "Start page" in nb.cells[-1].source


@pytest.mark.parametrize("nb_id", IDS)
def test_every_objective_is_checked_by_the_quiz(nb_id: str) -> None:
    spec = next(s for s in SPECS if s["id"] == nb_id)
    checked = {q.objective for q in quiz.load(nb_id).questions}
    assert {o["id"] for o in spec["objectives"]} <= checked


@pytest.mark.parametrize("nb_id", IDS)
def test_dates_in_the_narrative_come_from_data(nb_id: str) -> None:
    found = []
    for text in cells(nb_id, "markdown"):
        pairs = [(int(d), m) for d, m in DAY_MONTH.findall(text)]
        pairs += [(int(d), m) for m, d in MONTH_DAY.findall(text)]
        found += [f"{d} {m}" for d, m in pairs if (d, m) not in known_days()]
    assert not found, f"dates not in data/events.csv: {found}"


@pytest.mark.parametrize("nb_id", IDS)
def test_numbers_in_the_narrative_come_from_data(nb_id: str) -> None:
    found = []
    for text in cells(nb_id, "markdown"):
        text = re.sub(r"\(\S+\.ipynb\)|`[^`]*`|^#+ \d+\.", "", text, flags=re.M)
        for n in NUMBER.findall(text):
            if len(n.replace(",", "").replace(".", "")) >= 2 and normal(n) not in known_numbers():
                found.append(n)
    assert not found, f"numbers that are in no data file: {found}"


@pytest.mark.parametrize("nb_id", IDS)
def test_no_facts_typed_into_code(nb_id: str) -> None:
    """Code cells hold no dates and no numbers beyond small counts (phase numbers, sizes). The
    anchors of lesson.article are the article's own words, found in data/article.txt or an error."""
    found = []
    for source in cells(nb_id, "code"):
        if source.startswith("lesson.article("):
            continue
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NUMBER and float(tok.string.replace("_", "")) >= 10:
                found.append(tok.string)
            if tok.type == tokenize.STRING and re.search(rf"\d{{4}}-\d\d-\d\d|{MONTH}", tok.string):
                found.append(tok.string)
    assert not found, f"facts typed into code cells (load them from data/): {found}"


@pytest.mark.parametrize("nb_id", IDS)
def test_quiz_answers_are_not_in_the_notebook(nb_id: str) -> None:
    """No explanation or model answer of the quiz bank appears in the notebook's source or outputs."""
    raw = (notebook.NOTEBOOKS / f"{nb_id}.ipynb").read_text(encoding="utf-8")
    article = " ".join(lesson.reading_copy(data.article_text()).split())
    for question in quiz.load(nb_id).questions:
        for secret in (question.explanation, question.model_answer):
            # an explanation that opens with the article's own sentence quotes what the lesson
            # shows on purpose (the passage and its reading copy): not an answer leaked
            if secret and " ".join(secret.strip()[:80].split()) not in article:
                assert secret.strip()[:80] not in raw, f"{question.id}: answer text in notebook"


def test_ledger_is_every_box_in_one_output() -> None:
    ids = list(data.load("claims").index[:3])
    html = lesson.ledger(ids).data
    assert html.count('role="note"') == 3
    for claim_id in ids:
        assert lesson.beyond(claim_id).data in html


def test_start_settles_the_libraries_once() -> None:
    """lesson.start freezes what the libraries loaded, and only the first time in a kernel."""
    code = (
        "import gc, sys\nfrom helpers import lesson\nlesson.start()\n"
        "assert {'pandas', 'plotly', 'ipywidgets'} <= set(sys.modules)\n"
        "first = gc.get_freeze_count()\njunk = [[i] for i in range(1000)]\nlesson.start()\n"
        "print(first > 10000, gc.get_freeze_count() == first)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "True"], done.stderr


def test_start_drops_the_kernels_pause_after_each_cell() -> None:
    """The set-up cell sets ipykernel's pause before each reply (a trait it still has) to none; a
    shell without a kernel (a terminal, a test) is left alone."""
    from ipykernel.kernelbase import Kernel

    assert Kernel.class_traits()["_execute_sleep"].default_value > 0
    kernel = SimpleNamespace(_execute_sleep=Kernel.class_traits()["_execute_sleep"].default_value)
    kernel_settings.quick_replies(SimpleNamespace(kernel=kernel))
    assert kernel._execute_sleep == 0
    kernel_settings.quick_replies(SimpleNamespace())


def test_start_writes_the_input_history_in_batches() -> None:
    """IPython's history file is written every HISTORY_BATCH cells (a larger batch is kept); a shell
    without a history (a test) is left alone."""
    from IPython.core.history import HistoryManager

    assert (
        HistoryManager.class_traits()["db_cache_size"].default_value < kernel_settings.HISTORY_BATCH
    )
    for before, after in ((0, kernel_settings.HISTORY_BATCH), (100, 100)):
        history = SimpleNamespace(db_cache_size=before)
        kernel_settings.history_in_batches(SimpleNamespace(history_manager=history))
        assert history.db_cache_size == after
    kernel_settings.history_in_batches(SimpleNamespace())


def test_start_keeps_the_flushes_and_the_order_of_outputs() -> None:
    """After the set-up cell even a cell that prints nothing flushes stdout and stderr (ipykernel's
    own round trips, kept: helpers/lesson/kernel.py says why), and printed text comes before the
    outputs that follow it; the kernel replies without a pause, writes its input history in batches
    and looks at the data once a cell."""
    from helpers.authoring.kernels import notebook_client

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(source)
        for source in (
            "from helpers import lesson\nlesson.start()",
            "import sys\nfrom ipykernel.iostream import OutStream\nreal, flush = [], OutStream.flush\n"
            "OutStream.flush = lambda s: (real.append(s.name), flush(s))[1]",
            "pass",
            "none = len(real)",
            "print('a')\nfrom IPython.display import HTML, display\ndisplay(HTML('<b>b</b>'))\n"
            "print('c', file=sys.stderr)\nHTML('<i>d</i>')",
            "ip = get_ipython()\nfrom helpers.data import freshness\n"
            "watched = freshness.cell_started in ip.events.callbacks['pre_run_cell']\n"
            "print(none, ip.kernel._execute_sleep, ip.history_manager.db_cache_size, watched,"
            " sorted(set(real)))",
        )
    ]
    notebook_client(nb, timeout=120, kernel_name="python3", shutdown_kernel="immediate").execute()
    shown = [
        (o.output_type, o.get("text") or o.get("data", {}).get("text/html"))
        for o in nb.cells[4].outputs
    ]
    assert shown == [
        ("stream", "a\n"),
        ("display_data", "<b>b</b>"),
        ("stream", "c\n"),
        ("execute_result", "<i>d</i>"),
    ]
    said = nb.cells[5].outputs[0].text.split(maxsplit=4)
    assert int(said[0]) > 0, said  # the empty cell flushed
    assert said[1:] == ["0.0", str(kernel_settings.HISTORY_BATCH), "True", "['stderr', 'stdout']\n"]


def test_glossary_terms_from_the_article_show_its_words_and_citation() -> None:
    """A glossary row taken from the article shows as "The article says …" with its shown citation,
    never under "Beyond the article" nor with a confidence label; fact-sheet rows stay beyond it."""
    glossary = data.load("glossary")
    from_article = [t for t, s in glossary["source"].items() if s == "article"]
    from_sheet = [t for t, s in glossary["source"].items() if s == "fact_sheet"]
    assert from_article and from_sheet
    for term_id in from_article:
        html = lesson.terms([term_id], "t").data
        row = glossary.loc[term_id]
        citation = escaped(after_text(shown_citation(row)))
        assert "The article says" in html and citation and citation in html, term_id
        assert "Beyond the article" not in html and "Confidence" not in html, term_id
    for term_id in from_sheet:
        html = lesson.terms([term_id], "t").data
        assert "Beyond the article" in html and "Confidence" in html, term_id
        assert "The article says" not in html, term_id


def test_a_claim_whose_sentence_prints_no_citation_reads_as_a_bracketed_note() -> None:
    """'The article (no citation of its own; the next printed is (…)): …', never 'The article no
    citation of its own', in every box and two-column table that shows a claim."""
    claims = data.load("claims")
    unprinted = [cid for cid in claims.index if shown_citation(claims.loc[cid]).startswith("no ")]
    assert unprinted, "the data holds a claim whose sentence prints no citation"
    for claim_id in unprinted:
        for shown in (lesson.beyond(claim_id).data, lesson.side_by_side(claim_id).data):
            assert "(no citation of its own" in shown
            assert not re.search(r"[Aa]rticle(</em>)? no citation", shown)


@pytest.mark.parametrize("nb_id", IDS)
def test_no_stored_output_shows_a_missing_value_marker(nb_id: str) -> None:
    """A table a student reads shows an empty cell or a name, never pandas' "<NA>" or "NaN"."""
    nb = nbformat.read(notebook.NOTEBOOKS / f"{nb_id}.ipynb", as_version=4)
    shown = [
        str(value)
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        for key, value in {**output.get("data", {}), "text": output.get("text", "")}.items()
        if key in ("text/plain", "text/html", "text/markdown", "text")
    ]
    assert not [s for s in shown if "<NA>" in s or "&lt;NA&gt;" in s], nb_id


def test_the_quota_table_names_every_list() -> None:
    """A list the article's Seym list leaves out is named as the election names it."""
    from helpers.lesson import seats

    table = seats.seats_by_quota(data.load("seym_seats"), 20000)
    assert all(str(name).strip() and str(name) != "<NA>" for name in table.index)


def test_the_outside_voices_list_a_sites_pages_once() -> None:
    """The Wikipedia pages the fact sheet names are one row of the works list ('Wikipedia (n pages,
    each named where it is cited)'); a work that is not a web page keeps its row, whoever wrote it."""
    from helpers.lesson.context import one_row_a_site

    sources = data.load("sources")
    pages = sources[sources["label"].str.startswith("Wikipedia")]
    listed = [(str(r.label), str(r.work_type), r.kind == "web") for r in sources.itertuples()]
    shown = [label for label, _ in one_row_a_site(listed)]
    assert len(pages) > 1
    assert [s for s in shown if s.startswith("Wikipedia")] == [
        f"Wikipedia ({len(pages)} pages, each named where it is cited)"
    ]
    books = [("A. B., One (1990)", "book", False), ("A. B., Two (1991)", "book", False)]
    assert one_row_a_site(books) == [(label, kind) for label, kind, _ in books]
