"""What a student has on screen, read from the stored notebooks, for the echo check (echo.py): the
markdown and text outputs of a notebook (its core part or the whole), a chart's printed text, the
sentences, numbers and dates in them, and words cut to crude roots with the course's other names for
one thing made one token.
"""

from __future__ import annotations

import csv
import html
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from helpers.data.files import DATA_DIR

REPO = Path(DATA_DIR).parent


ECHO_SHARE = 0.5  # of a key's content words in one sentence


PASSAGE = 3  # sentences in a row: where a recall key may be taught in other words


STEM_LENGTH = 6  # letters a stem keeps


MONTHS = re.findall(
    r"\w+", "January February March April May June July August September October November December"
)


STOP = set(
    re.findall(
        r"\w+",
        """a an and are as at be been by for from had has have he her his in into is it its of on or
        our she that the their them they this to was were which who with not but than then there
        these those also did does so such what when where why how one two three both each many more
        most other some any own same very can could would should will may might under after before
        over about between during through until upon while once""",
    )
)


def stem(word: str) -> str:
    """A word reduced to a crude lemma: its commonest English ending dropped, then its first
    STEM_LENGTH letters (boycotted, boycotts -> boycot; dissolved, dissolution -> dissol)."""
    for end, new in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(word) > len(end) + 3 and word.endswith(end):
            word = word[: -len(end)] + new
            break
    return word[:STEM_LENGTH]


@lru_cache(maxsize=4)
def synonyms(data_dir: Path = DATA_DIR) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every name the course gives a term, person or place (the glossary's, people's and places'
    article, standard and variant names), as one pattern (longest names first) and each name's
    token, one for all the names of a thing: a key in other words ("Julian calendar" for "Old
    Style") is still the same key."""
    token: dict[str, str] = {}
    for table, key, columns in (
        ("glossary", "term_id", ("term_article", "term_standard", "variants")),
        ("people", "person_id", ("name_article", "name_standard", "variants")),
        ("places", "place_id", ("name_article", "name_standard", "variants")),
    ):
        path = Path(data_dir) / f"{table}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for column in columns:
                    for name in re.split(r"[;,]", row.get(column) or ""):
                        name = re.sub(r"\s*\([^)]*\)", "", name).strip().lower()
                        surname = name.split()[-1:] if table == "people" else []
                        for form in [name, *surname]:
                            if len(form) > 3 and form not in STOP:
                                token.setdefault(form, "syn" + re.sub(r"[\W_]", "", row[key]))
    names = sorted(token, key=len, reverse=True)
    pattern = rf"(?<!\w)({'|'.join(map(re.escape, names))})(?!\w)" if names else r"(?!x)x"
    return re.compile(pattern), token


def content_words(text: str) -> list[str]:
    """The words of a text that carry its content: the names of one thing one token, lower case,
    stemmed, no stop words, no one-letter words."""
    pattern, token = synonyms()
    text = pattern.sub(lambda m: f" {token[m.group(1)]} ", text.lower())
    return [
        w if w.startswith("syn") else stem(w)
        for w in re.findall(r"[^\W_]+", text)
        if len(w) > 1 and w not in STOP
    ]


def html_text(markup: str) -> str:
    """The text of an HTML output (tags dropped; a table row one line, its cells cut by '|', so
    `sentences` reads each cell and the whole row, as a reader reads a side-by-side row)."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"\s+", " ", markup)
    markup = re.sub(r"(?i)</(td|th)>", " | ", markup)
    markup = re.sub(r"(?i)</(tr|p|li|div|h\d)>|<br\s*/?>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def figure_text(fig: dict[str, Any]) -> str:
    """What a chart prints on its face: titles, axis titles and tick labels, annotations, legend
    names and text marks (not its hover, which is neither printed nor read aloud)."""
    layout = fig.get("layout") or {}
    out: list[Any] = []

    def title(x: Any) -> Any:
        return x.get("text", "") if isinstance(x, dict) else x

    out.append(title(layout.get("title")))
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            out += [title(axis.get("title")), *(axis.get("ticktext") or [])]
    out += [a.get("text", "") for a in layout.get("annotations") or []]
    for trace in fig.get("data") or []:
        if trace.get("showlegend", True) is not False:
            out.append(trace.get("name"))
        if "text" in str(trace.get("mode", "")) or trace.get("type") in ("bar", "table"):
            text = trace.get("text")
            out += text if isinstance(text, list) else [text]
    return "\n".join(html_text(str(x)) for x in out if x not in (None, ""))


def screen_text(notebook: Path, core_only: bool = False) -> str:
    """What a notebook shows: its markdown and its stored text outputs (no chart JSON, no code);
    core_only: only the cells before its "## Further work" heading."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    parts = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", ""))
            if core_only and source.startswith("## Further work"):
                break
            parts.append(source)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append("".join(out.get("text", "")))
            bundle = out.get("data", {})
            if "application/vnd.plotly.v1+json" in bundle:
                parts.append(figure_text(bundle["application/vnd.plotly.v1+json"]))
            if "text/html" in bundle:
                parts.append(html_text("".join(bundle["text/html"])))
            elif "text/plain" in bundle and "application/vnd.plotly.v1+json" not in bundle:
                parts.append("".join(bundle["text/plain"]))
    return "\n".join(parts)


def sentences(text: str) -> list[str]:
    """A text cut into sentences (and lines, table cells and list items); a table row (a line with
    cells cut by '|') is also one unit whole: a side-by-side row is read across."""
    text = re.sub(r"(?<=\d)\.(?=\d)", "<DOT>", text)  # 4.4 is one number
    out = []
    for line in text.split("\n"):
        out += re.split(r"(?<=[.!?;:])\s+|\|", line)
        if line.count("|") >= 1 and len([c for c in line.split("|") if c.strip()]) >= 2:
            out.append(line.replace("|", " "))
    return [p.replace("<DOT>", ".").strip() for p in out if p.strip()]


@cache
def numbers(text: str) -> frozenset[float]:
    """Every number printed in a text, read in each of the course's notations (12,000; 12 000;
    12.000; 4.4; 4,4; 3.81%). Kept per text: the echo check reads each sentence of the screen once a
    numeric question (about 69,000 calls, most of them repeats, were 3 of its 5 s)."""
    out: set[float] = set()
    text = re.sub(r"\b\d+,\s*[ps]p?[.,]\s*[\d\u2013-]+", " ", text)  # a citation: work, page
    text = re.sub(r"\(\s*\d+\s*,", "(", text)  # a citation's work cut from its page by a line end
    text = re.sub(r"\b\d{4}-\d\d-\d\d\b", " ", text)  # an ISO date is a date, not numbers
    months = "|".join(MONTHS)
    text = re.sub(rf"\b\d{{1,2}}\s+({months})", r" \1", text)  # 8 July: a day, not a count
    text = re.sub(rf"({months})\s+\d{{1,2}}\b", r"\1 ", text)
    for token in re.findall(r"\d[\d\s,.\u00a0\u202f]*\d|\d", text):
        token = re.sub(r"[\s\u00a0\u202f]", "", token)
        token = token.strip(".,")
        readings = [token.replace(",", ""), token.replace(".", "").replace(",", ".")]
        if re.search(r",(?!\d{3}(\D|$))", token):  # 4,4: a decimal comma, never thousands
            readings = readings[1:]
        if re.search(r"\.(?!\d{3}(\D|$))", token) and "," not in token:  # 4.4: a decimal dot
            readings = readings[:1]
        for reading in readings:
            try:
                out.add(float(reading))
            except ValueError:
                continue
    return frozenset(out)


def date_forms(ymd: tuple[int, int, int]) -> list[str]:
    """A date in the notations the course prints (lower case)."""
    y, m, d = ymd
    month = MONTHS[m - 1].lower()
    return [
        f"{d} {month} {y}",
        f"{month} {d}, {y}",
        f"{month} {d} {y}",
        f"{y}-{m:02}-{d:02}",
        f"{d:02}.{m:02}.{y}",
        f"{d}.{m}.{y}",
    ]


def date_on(ymd: tuple[int, int, int], sentence: str) -> bool:
    """Whether a sentence prints a date (with its year, or with the year elsewhere in it)."""
    s = re.sub(r"\s+", " ", sentence.lower().replace("\u00a0", " "))
    if any(f in s for f in date_forms(ymd)):
        return True
    y, m, d = ymd
    month = MONTHS[m - 1].lower()
    day = rf"(?<!\d){d}(?!\d)"
    if re.search(rf"\(\s*{day}\s+{month}|\b{month}\s+\(\s*{day}\)", s):  # 25 October (7 November
        return True
    if re.search(rf"\d{{1,2}}\s*\(\s*{day}\s*\)\s+{month}", s):  # 15 (28) November 1917
        return str(y) in s or not re.search(r"\b1[89]\d\d\b", s)
    return str(y) in s and bool(re.search(rf"{day}\s+{month}|{month}\s+{day}", s))


@cache
def word_set(text: str) -> frozenset[str]:
    """A text's content words as a set (kept: the same sentences are compared with every key)."""
    return frozenset(content_words(text))


def words_in(text: str, units: list[str], given: str = "") -> str:
    """The first sentence (or passage) holding ECHO_SHARE of a text's content words ('' if none);
    words the prompt already gives are no clue, unless they are all the text has."""
    mine = word_set(text) - word_set(given) or word_set(text)
    if not mine:
        return ""
    need = max(ECHO_SHARE * len(mine), min(2, len(mine)))
    return next((u for u in units if len(mine & word_set(u)) >= need), "")


def passages(screen: list[str]) -> list[str]:
    """The screen's sentences PASSAGE at a time (a recall key may be taught across a few)."""
    return [" ".join(screen[k : k + PASSAGE]) for k in range(max(len(screen) - PASSAGE + 1, 1))]
