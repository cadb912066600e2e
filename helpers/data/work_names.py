"""A rule of the validator: an outside work is named through markup, never typed by hand.

The works are the rows of data/sources.csv that are not the article's references (less the vetting
file and the "standard chronology" stand-in, which name no work). The names a text may type for one
are read from its label: the author's surname and the title ('R. G. Suny, The Baku Commune 1917-1918
(1972)' -> 'Suny', 'The Baku Commune'), a name standing alone ('Spirin (1987)' -> 'Spirin'), a web
site's name before its domain ('eres.preslib.az' -> 'preslib.'). A name the article itself prints
('Gökay') is the article's word, not outside context, and is left alone.

A typed name is allowed where the fact sheet's own words stand (data/outside.csv's `text`, checked
against the fact sheet) and in a sentence whose markup (`[[works:id]]`, `[[item:id]]`) renders that
same work; anywhere else in hand-written text (quiz banks, teacher guides, data/notebooks.yaml, the
tables' prose columns, notebook markdown) it is an error naming the file, row or line, column or key,
and the items to render it from. The names are read once per sources.csv; a text is first tested for
them as plain substrings (a pattern of many word-bounded alternatives is slow in Python's re), and only
a text that holds one is split into sentences and matched with the pattern.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from helpers.data.errors import Problem
from helpers.data.files import rel
from helpers.data.markup import MARKUP, VETTING_FILE
from helpers.data.provenance import hand_written, prose_cells, rows, split
from helpers.data.text_search import Corpus

# a row of sources.csv that stands for the fact sheet's label 'standard', not for a work
STANDARD_CHRONOLOGY = "standard_chronology"
HOST = re.compile(r"\b(?:[a-z0-9-]+\.)*([a-z0-9-]+)\.[a-z]{2,3}(?:\.[a-z]{2})?\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def names_of(label: str) -> list[str]:
    """The names a text may type for a work, read from its label in data/sources.csv."""
    found = [f"{host}." for host in HOST.findall(label)]
    plain = re.sub(r"\([^)]*\)|'[^']*'", "", label).strip(" ,")
    parts = [p.strip() for p in plain.split(",") if p.strip()]
    if (
        '"' in label
    ):  # a web page: 'Wikipedia, "March Days"' is named by its site (a title is a topic)
        parts = parts[:1]
    if parts and not HOST.search(parts[0]):
        author = re.fullmatch(r"(?:[A-Z]\.\s*)+(.+)", parts[0])
        found.append(author.group(1) if author else parts[0])
        if len(parts) > 1:
            found.append(re.split(r"\s*\d", parts[1])[0])
    return list(dict.fromkeys(n for n in found if n))


@functools.lru_cache(maxsize=8)
def name_pattern(data_dir: Path, sources: str, article: str) -> tuple[re.Pattern[str], dict]:
    """(one pattern of every work's names, name -> work ids) for the sources and article as they are."""
    owners: dict[str, list[str]] = {}
    for raw in rows(data_dir / "sources.csv"):
        row = {
            (k or "").strip(): (v or "").strip() for k, v in raw.items()
        }  # as the loader reads it
        if row["kind"] == "article_ref" or row["source_id"] in (VETTING_FILE, STANDARD_CHRONOLOGY):
            continue
        for name in names_of(row["label"]):  # the pattern only where the name stands at all
            if name not in article or not re.search(rf"\b{re.escape(name)}", article):
                owners.setdefault(name, []).append(row["source_id"])
    alternatives = [
        re.escape(n) + r"(?=[a-z])" if n.endswith(".") else rf"\b{re.escape(n)}\b"
        for n in sorted(owners, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives) or r"(?!)"), owners


def work_readers(data_dir: Path) -> tuple[re.Pattern[str], dict, dict, dict]:
    """(the names' pattern, name -> works, item -> its works, work -> the items naming it)."""
    read = (data_dir / "sources.csv").read_text(encoding="utf-8")
    article = data_dir / "article.txt"
    pattern, owners = name_pattern(
        data_dir, read, article.read_text(encoding="utf-8") if article.exists() else ""
    )
    item_works = {r["outside_id"]: split(r["works"]) for r in rows(data_dir / "outside.csv")}
    naming: dict[str, list[str]] = {}
    for item, works in item_works.items():
        for work in works:
            naming.setdefault(work, []).append(item)
    return pattern, owners, item_works, naming


def typed_names(value: str, readers: tuple[re.Pattern[str], dict, dict, dict]) -> list[str]:
    """A message for each work a text names by hand, outside a sentence whose markup renders it."""
    pattern, owners, item_works, naming = readers
    if not any(name in value for name in owners):  # most texts name no work: plain substring
        return []  # tests (fast in C) rule them out before any regular expression runs
    found = []
    for sentence in SENTENCE_END.split(value):
        rendered = {
            w
            for kind, ids in MARKUP.findall(sentence)
            if kind in ("works", "item")
            for i in split(ids)
            for w in item_works.get(i, [])
        }
        for m in pattern.finditer(MARKUP.sub(" ", sentence)):
            works = owners[m.group(0)]
            if rendered & set(works):
                continue
            items = sorted(
                {i for w in works for i in naming.get(w, [])}, key=lambda i: (len(item_works[i]), i)
            )
            hint = (
                f"[[works:{items[0]}]] or [[item:{items[0]}]]"
                + (f" (items naming it: {', '.join(items[:4])})" if len(items) > 1 else "")
                if items
                else "no item of data/outside.csv names it: add the fact sheet's item, or leave it out"
            )
            message = (
                f"names the work {'/'.join(works)} by hand ({m.group(0).rstrip('.')!r}): render it "
                f"from data/outside.csv, {hint}"
            )
            if message not in found:
                found.append(message)
    return found


def problems(data_dir: Path) -> list[Problem]:
    """Every work named by hand in the banks, guides, notebook spec and the tables' prose columns."""
    if not (data_dir / "sources.csv").exists():
        return []
    readers = work_readers(data_dir)
    texts = hand_written(data_dir)
    # the texts that hold a name at all, found by one search a name over all of them (text_search.Corpus)
    naming = Corpus([value for *_, value in texts]).holding(list(readers[1]))
    found = [
        Problem(rel(path), message, line, key)
        for path, key, line, value in (texts[i] for i in sorted(naming))
        for message in typed_names(value, readers)
    ]
    cells = prose_cells(data_dir)
    naming = Corpus([value for *_, value in cells]).holding(list(readers[1]))
    return found + [
        Problem(rel(path), message, n, column)
        for path, n, column, value in (cells[i] for i in sorted(naming))
        for message in typed_names(value, readers)
    ]
