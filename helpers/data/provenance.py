"""Provenance rules of the validator: article citations by anchor, outside notes by fact-sheet item.

- A row that cites the article names an `anchor` (a phrase of one sentence of data/article.txt); its
  `citation_printed` must be a group printed in that sentence. When the sentence prints none, the cell
  stays empty or holds the next printed group; either way a reader is shown what `citation_shown` computes:
  "no citation of its own; the next printed is (…)".
- An outside note names items of data/outside.csv (`outside_items`, a quiz bank's `outside: item:`); an
  unknown id is an error, and the label and works shown are read from the item, so they are never typed.
- An item the fact sheet labels "unconfirmed" is shown only after an attribution ("the article says").
Every problem names the file, the spreadsheet row (or YAML line) and the column.
About 500 lines: the citation, item and typed-text rules share one reading of the files (cached
per change), so they stay together; the voice rule over hand-written text is in voice.py.
"""

from __future__ import annotations

import csv
import functools
import re
import time
from pathlib import Path
from typing import Any

from helpers.data import article_citations as ac
from helpers.data import files
from helpers.data.errors import Problem
from helpers.data.files import composed, document, read_csv, rel, yaml_module
from helpers.data.markup import MARKUP
from helpers.data.text_search import folded

ANCHORED = ("events", "claims", "figures", "glossary", "seym_seats")
ITEM_COLUMNS = {
    t: ("outside_items",)
    for t in ("claims", "figures", "glossary", "places", "people", "parties", "seym_seats")
} | {
    "events": ("outside_items", "place_items"),
    "elections_1917": ("outside_items", "votes_alt_items"),
}
# the column that tells a row's content in our voice (claims and figures set the article's words apart
# in columns of their own: article_says, wording)
TOLD = {"events": "summary", "glossary": "definition"}
ATTRIBUTION = re.compile(
    r"\b(the article (says|gives|claims|writes|puts|reports|prints|dates|counts|calls|names|has)"
    r"|according to the article|as the article (says|puts it|has it|gives it)|the article's (claim|figure|count|words|date|dates))\b",
    re.I,
)


def rows(path: Path) -> list[dict[str, str]]:
    """A CSV's rows as text cells (empty list when the file is missing); read once per change, by
    the rule of files.text_now: kept under the file's stat_key, and read at every call while the
    file is not `settled`."""
    if not path.exists():
        return []
    key = files.stat_key(path.stat())
    if not files.settled(key, time.time_ns()):
        return list(read_rows.__wrapped__(path, key))
    return list(read_rows(path, key))


@functools.lru_cache(maxsize=64)
def read_rows(path: Path, stat_key: tuple[int, ...]) -> tuple[dict[str, str], ...]:
    """A CSV's rows as csv.DictReader gives them, kept while the file is unchanged (the rules read
    outside.csv many times); built from files.read_csv's cells (the validator's reading of the same
    bytes) when it read the file whole, else read again by DictReader (which raises what it meets)."""
    text = read_csv(path)
    if text.problems or text.unreadable:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return tuple(csv.DictReader(f))
    names, out = text.written, []
    for record in text.records:
        if not record:  # DictReader skips a blank line
            continue
        row = dict(zip(names, record, strict=False))
        if len(names) < len(record):
            row[None] = record[len(names) :]  # type: ignore[index]  # DictReader's restkey
        for name in names[len(record) :]:
            row[name] = None  # type: ignore[assignment]  # DictReader's restval
        out.append(row)
    return tuple(out)


def citation_problems(data_dir: Path, cut: tuple[ac.Sentence, ...] | None = None) -> list[Problem]:
    """Every citation must be its anchor's group; an anchor must point at one sentence."""
    cut = cut or ac.cut_of((data_dir / "article.txt").read_text(encoding="utf-8"))
    found: list[Problem] = []
    for table in ANCHORED:
        path = data_dir / f"{table}.csv"
        for n, row in enumerate(rows(path), start=2):
            found += row_citation(rel(path), n, row, cut)
    return found


def row_citation(
    where: str, n: int, row: dict[str, str], cut: tuple[ac.Sentence, ...], borrowed: bool = True
) -> list[Problem]:
    """The citation rule for one row (`borrowed`: a sentence that prints none may hold the next
    printed group, as a table's cell may; a quiz bank's may not)."""
    anchor, cited = (row.get("anchor") or "").strip(), (row.get("citation_printed") or "").strip()
    if not anchor:
        if cited:
            return [
                Problem(
                    where,
                    "a citation needs an anchor: a phrase of its sentence in data/article.txt",
                    n,
                    "anchor",
                )
            ]
        return []
    why = not_one_sentence(anchor, cut)
    if why:
        return [Problem(where, f"anchor {anchor!r} {why}", n, "anchor")]
    own = ac.own_groups(anchor, cut)
    if own:
        if cited in ac.acceptable(anchor, cut):
            return []
        printed = " or ".join(repr(g.printed) for g in own)
        return [
            Problem(
                where,
                f"{cited or 'an empty cell'!r} is not the group its sentence prints; expected {printed}",
                n,
                "citation_printed",
            )
        ]
    later = ac.next_group(anchor, cut)
    if cited and not borrowed:
        shown = ac.citation_shown(anchor, cut)
        return [
            Problem(
                where,
                f"its sentence prints no citation, so {cited!r} is not its own: leave it empty "
                f"(a reader is shown {shown!r}, computed)",
                n,
                "citation_printed",
            )
        ]
    if not cited or (later and cited == later.printed):
        return []
    expected = f"empty or {later.printed!r}" if later else "empty"
    shown = ac.citation_shown(anchor, cut)
    return [
        Problem(
            where,
            f"its sentence prints no citation and {cited!r} is not the next printed group; expected {expected} (shown: {shown!r})",
            n,
            "citation_printed",
        )
    ]


def item_problems(data_dir: Path) -> list[Problem]:
    """Every outside item id named in a table or a quiz bank must be a row of data/outside.csv."""
    known = {r["outside_id"] for r in rows(data_dir / "outside.csv")}
    found: list[Problem] = []
    for table, columns in ITEM_COLUMNS.items():
        path = data_dir / f"{table}.csv"
        for n, row in enumerate(rows(path), start=2):
            for column, item in ((c, i) for c in columns for i in split(row.get(c))):
                if item not in known:
                    found.append(
                        Problem(
                            rel(path),
                            f"unknown outside item {item!r}: use an outside_id of data/outside.csv",
                            n,
                            column,
                        )
                    )
    for path, line, item in bank_items(data_dir):
        if item not in known:
            found.append(
                Problem(
                    rel(path),
                    f"unknown outside item {item!r}: use an outside_id of data/outside.csv",
                    line,
                    "outside.items" if path.parent.name == "quiz" else "[[item:…]]",
                )
            )
    return found


def voice_problems(data_dir: Path) -> list[Problem]:
    """A row told from an item labelled unconfirmed must attribute it to the article where it says it."""
    unconfirmed = {
        r["outside_id"]
        for r in rows(data_dir / "outside.csv")
        if r["label"].startswith("unconfirmed")
    }
    found: list[Problem] = []
    for table, told in TOLD.items():
        path = data_dir / f"{table}.csv"
        for n, row in enumerate(rows(path), start=2):
            if set(split(row.get("outside_items"))) & unconfirmed and not ATTRIBUTION.search(
                row.get(told) or ""
            ):
                found.append(
                    Problem(
                        rel(path),
                        "tells an unconfirmed item as fact: start with 'the article says'",
                        n,
                        told,
                    )
                )
    return found


def split(value: Any) -> list[str]:
    """The ids of a `;`-separated cell."""
    return [p.strip() for p in str(value or "").split(";") if p.strip()]


def bank_items(data_dir: Path) -> list[tuple[Path, int, str]]:
    """(bank, line, item id) for every id in an `items: [...]` under an `outside:` of every quiz bank."""
    out = []
    for path in sorted((data_dir / "quiz").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines, start=1):
            # the pattern only on a line that holds its word (a bank has ~250 lines, a few items)
            m = re.match(r"\s*items:\s*\[(.*)\]", line) if "items:" in line else None
            if m and any(p.strip() == "outside:" for p in lines[max(0, i - 8) : i]):
                out += [
                    (path, i, item.strip(" '\"")) for item in m.group(1).split(",") if item.strip()
                ]
    return out


def problems(data_dir: Path) -> list[Problem]:
    """Every provenance problem of the data folder (the voice rule over hand-written text is in
    voice.py, which reads this module's readers; the validator runs both)."""
    if not (data_dir / "article.txt").exists():
        return []
    cut = ac.cut_of((data_dir / "article.txt").read_text(encoding="utf-8"))
    return (
        citation_problems(data_dir, cut)
        + bank_citation_problems(data_dir, cut)
        + item_problems(data_dir)
        + voice_problems(data_dir)
        + typed_problems(data_dir)
        + markup_problems(data_dir, cut)
    )


def bank_citation_problems(data_dir: Path, cut: tuple[ac.Sentence, ...]) -> list[Problem]:
    """A quiz citation must be the group its anchor's sentence prints (the question's `evidence`, else
    its `anchor`; an order item's `evidence`), or empty where that sentence prints none: what a student
    sees is computed from the sentence, so a typed next group would only disagree with it."""
    found: list[Problem] = []
    for path in sorted((data_dir / "quiz").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        doc = parsed(text) or {}  # the lines (a walk of the node tree) only for a problem found
        for i, q in enumerate(doc.get("questions") or []):
            anchor = q.get("evidence") or q.get("anchor") or ""
            row = {"anchor": anchor, "citation_printed": str(q.get("citation") or "")}
            for p in row_citation(rel(path), 0, row, cut, borrowed=False):
                key = f"questions[{i}].{bank_key(p, q)}"
                found.append(
                    Problem(p.file, p.message, line_of(text, key, f"questions[{i}].id"), key)
                )
            for j, c in enumerate(q.get("choices") or []):
                if c.get("evidence"):
                    row = {
                        "anchor": c["evidence"],
                        "citation_printed": str(c.get("citation") or ""),
                    }
                    for p in row_citation(rel(path), 0, row, cut, borrowed=False):
                        key = f"questions[{i}].choices[{j}].{'citation' if p.column != 'anchor' else 'evidence'}"
                        found.append(Problem(p.file, p.message, line_of(text, key), key))
    return found


@functools.lru_cache(maxsize=64)
def key_lines(content: str) -> dict[str, int]:
    """The line of every string of a YAML text, by its key path ('questions[0].choices[1].citation')."""
    return {key: line for key, line, _ in scalars(composed(content))}


def line_of(text: str, key: str, fallback: str | None = None) -> int | None:
    """The line of a key path in a YAML text (or of `fallback`'s when the key has none), or None."""
    lines = key_lines(text)
    return lines.get(key, None if fallback is None else lines.get(fallback))


def bank_key(p: Problem, q: dict[str, Any]) -> str:
    """The bank key a table rule's problem is about."""
    if p.column != "anchor":
        return "citation"
    return "evidence" if q.get("evidence") else "anchor"


# ---- hand-written text (quiz banks, teacher guides): labels and citations only through markup ----

# `[[cite:phrase]]` `[[group:phrase]]` (the article) and `[[item:id]]` `[[label:id]]` `[[works:id]]`
# (data/outside.csv): what they show is computed (helpers.data.markup renders them)
# a citation group typed by hand: '12, p.139', '12, s.141', '12, p,139', '4, p. 222', 'Gökay, ibid'
TYPED_CITATION = re.compile(r"\b\d{1,2}\s*,\s*[ps]\s*[.,]\s*\d|\bGökay, ibid,\s*[ps]\s*[.,]")
LABEL_WORD = r"(?:thinly\s+)?(?:sourced(?:,\s*thinly|\s*\(partly\))?|unconfirmed|standard chronology|(?:confidence\s+)?not stated)"
# a label attached to a statement: '(sourced)', 'confidence: sourced', 'is unconfirmed', ', sourced,'
TYPED_LABEL = re.compile(
    rf"(?:\(\s*|\bconfidence:\s*|\b(?:is|are)\s+|[;,]\s+)\b({LABEL_WORD})\b|\b(standard)\s*\)", re.I
)
# what a text holds wherever TYPED_CITATION or TYPED_LABEL (with LABEL_NAMED, which only takes label
# words away) may find something: checked first, since most texts hold none (TYPED_CITATION without its
# \b finds a superset; every label pattern holds one of the label words, found case-blind in a folded text)
CITATION_SIGN = re.compile(r"\d\s*,\s*[ps]\s*[.,]\s*\d|Gökay, ibid,\s*[ps]\s*[.,]")
LABEL_SIGNS = ("sourced", "unconfirmed", "standard", "not stated")
# the labels named as words (a list of them, or one in quotes) are the vocabulary, not a label given
LABEL_NAMED = re.compile(
    rf"'{LABEL_WORD}'|'standard'|\b(?:{LABEL_WORD}|standard)(?:\s*,\s*(?:{LABEL_WORD}|standard))+\b",
    re.I,
)
# a label in brackets in any table cell (helpers.data.row_rules names it, whatever the column)
BRACKETED_LABEL = re.compile(
    r"\([^()]*\b(sourced|standard chronology|standard|unconfirmed|our own arithmetic)\b[^()]*\)",
    re.I,
)
UNTYPED_KEYS = {
    "id",
    "citation",
    "evidence",
    "anchor",
    "items",
    "type",
    "objective",
    "notebook",
    "skill",
    "part",
    "misconception",
}


def scalars(node: Any, path: str = "") -> list[tuple[str, int, str]]:
    """(key path, line, text) of every string in a composed YAML document, in document order (one
    list filled by one walk, not a list joined at every level)."""
    out: list[tuple[str, int, str]] = []
    yaml = yaml_module()

    def walk(node: Any, path: str) -> None:
        kind = type(node)
        if kind is yaml.MappingNode:
            for key, value in node.value:
                walk(value, f"{path}.{key.value}" if path else str(key.value))
        elif kind is yaml.SequenceNode:
            for i, value in enumerate(node.value):
                walk(value, f"{path}[{i}]")
        elif kind is yaml.ScalarNode and isinstance(node.value, str):
            out.append((path, node.start_mark.line + 1, node.value))

    walk(node, path)
    return out


def hand_written(data_dir: Path) -> list[tuple[Path, str, int, str]]:
    """(file, key path, line, text) of the hand-written text of data/notebooks.yaml, every quiz bank and
    every teacher guide."""
    out = []
    paths = [data_dir / "notebooks.yaml"] + sorted((data_dir / "quiz").glob("*.yaml"))
    for path in paths + sorted((data_dir / "teacher_guide").glob("*.yaml")):
        if path.exists():
            out += file_scalars(path, path.read_text(encoding="utf-8"))
    return out


@functools.lru_cache(maxsize=64)
def file_scalars(path: Path, content: str) -> tuple[tuple[Path, str, int, str], ...]:
    """The hand-written strings of one YAML file (parsed once per content: three rules read them)."""
    return tuple(
        (path, key, line, value)
        for key, line, value in scalars(composed(content))
        if key.rsplit(".", 1)[-1].split("[")[0] not in UNTYPED_KEYS
    )


def parsed(content: str) -> Any:
    """A YAML text parsed (once per content, shared with files.read_yaml: not to be changed)."""
    return document(content)


def typed_problems(data_dir: Path) -> list[Problem]:
    """A citation or a label typed in a bank's or a guide's text, or in a table's prose column, not
    drawn through markup."""
    found = [
        Problem(rel(path), message, line, key)
        for path, key, line, value in hand_written(data_dir)
        for message in typed_in(value)
    ]
    return found + [
        Problem(rel(path), message, n, column)
        for path, n, column, value in prose_cells(data_dir)
        # a bracketed label is named by row_rules' rule over every cell, not twice
        for message in typed_in(value, labels=not BRACKETED_LABEL.search(value))
    ]


def typed_in(value: str, labels: bool = True) -> list[str]:
    """What is typed by hand in one text: a citation group, a confidence label (when `labels`)."""
    plain = MARKUP.sub(" ", value) if "[[" in value else value
    found = []
    cited = TYPED_CITATION.search(plain) if CITATION_SIGN.search(plain) else None
    if cited:
        found.append(
            f"a citation typed by hand ({cited.group(0)!r}…): write [[cite:<a phrase of its "
            "sentence in data/article.txt>]] (or [[group:…]]), so it is computed"
        )
    low = folded(plain) if labels else ""
    label = (
        TYPED_LABEL.search(LABEL_NAMED.sub(" ", plain))
        if labels and any(sign in low for sign in LABEL_SIGNS)
        else None
    )
    if label:
        found.append(
            f"a confidence label typed by hand ({label.group(0).strip()!r}): write "
            "[[label:<outside_id>]] or [[item:<outside_id>]], so it is read from data/outside.csv"
        )
    return found


def prose_cells(data_dir: Path) -> list[tuple[Path, int, str, str]]:
    """(file, spreadsheet row, column, text) of every non-empty cell of the tables' prose columns
    (`x-markup: true` in data/datapackage.yaml: their markup is rendered when the tables load)."""
    descriptor = parsed((data_dir / "datapackage.yaml").read_text(encoding="utf-8")) or {}
    out = []
    for res in descriptor.get("resources") or []:
        columns = [f["name"] for f in res["schema"]["fields"] if f.get("x-markup")]
        path = data_dir / res["path"]
        for n, row in enumerate(rows(path) if columns else [], start=2):
            out += [(path, n, c, row[c]) for c in columns if (row.get(c) or "").strip()]
    return out


def markup_problems(data_dir: Path, cut: tuple[ac.Sentence, ...]) -> list[Problem]:
    """Every markup in a bank's or guide's text, or in a table's prose column, points at one sentence
    of the article or at known items."""
    known = {r["outside_id"] for r in rows(data_dir / "outside.csv")}
    texts = [(p, line, key, v) for p, key, line, v in hand_written(data_dir)]
    texts += [(p, n, column, v) for p, n, column, v in prose_cells(data_dir)]
    found: list[Problem] = []
    for path, line, key, value in texts:
        for kind, target in MARKUP.findall(value) if "[[" in value else ():
            why = markup_target_problem(kind, target, known, cut)
            if why:
                found.append(Problem(rel(path), why, line, key))
        if "[[" in value:  # a status shown by a cite markup stands in brackets
            statuses = unbracketed_status(value, MARKUP, cut)
            found += [Problem(rel(path), why, line, key) for why in statuses]
    return found


def unbracketed_status(
    value: str, markup: re.Pattern[str], cut: tuple[ac.Sentence, ...] | None = None
) -> list[str]:
    """A cite whose sentence prints no citation is shown as a status ("no citation of its own; the next
    printed is (…)"): it must stand inside brackets, or it runs on into the sentence around it. One rule
    for the markup of banks, guides and tables (`[[cite:…]]`) and the notebooks' spans (`markup` is the
    pattern; its groups 1 and 2 are the kind and the anchor)."""
    found = []
    for m in markup.finditer(value):
        if m.group(1) != "cite" or len(ac.find(m.group(2), cut)) != 1:
            continue
        if ac.own_groups(m.group(2), cut) or m.group(0) == value.strip():
            continue  # a cell that is the citation alone does not run on
        before = markup.sub(" ", value[: m.start()])
        if before.count("(") <= before.count(")"):
            found.append(
                f"[[cite:{m.group(2)}]] is shown as a status ({ac.citation_shown(m.group(2), cut)!r}), "
                "so it must stand inside brackets: write ([[cite:…]]) or put it in a bracket already open"
            )
    return found


def not_one_sentence(anchor: str, cut: tuple[ac.Sentence, ...]) -> str:
    """Why an anchor does not name one sentence of the article ('' when it does)."""
    hits = ac.find(anchor, cut)
    if len(hits) == 1:
        return ""
    return (
        "is not in data/article.txt"
        if not hits
        else f"stands in {len(hits)} sentences; make it longer"
    )


def markup_target_problem(
    kind: str, target: str, known: set[str], cut: tuple[ac.Sentence, ...]
) -> str:
    """What is wrong with one markup's target ('' when nothing)."""
    if kind in ("cite", "group"):
        where = not_one_sentence(target, cut)
        if where:
            return f"[[{kind}:…]] anchor {target!r} {where}"
        if kind == "group" and not ac.own_groups(target, cut):
            return f"[[group:…]] anchor {target!r}: its sentence prints no citation; use [[cite:…]]"
        return ""
    unknown = [i.strip() for i in target.split(";") if i.strip() and i.strip() not in known]
    return (
        f"unknown outside item {unknown[0]!r} in [[{kind}:…]]: use an outside_id of data/outside.csv"
        if unknown
        else ""
    )


# ---- the article's voice in hand-written text: an unconfirmed item is told only as the article's ----

# a sentence that gives the article's voice: its words quoted, or the article said to say them
