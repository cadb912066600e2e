"""Citations and the article's voice in notebook markdown: computed when the notebooks are generated,
checked by `python -m helpers.authoring.notebook --check` (make check, make test).

A teaching cell cites the article through a span `<!--cite:phrase-->(12, p.139)<!--/-->`: the phrase is
an anchor (a phrase of one sentence of data/article.txt, as in the tables), the text between the
comments is what a reader sees, and the generator writes it from the anchor: the group that sentence
prints, or "no citation of its own; the next printed is (…)" (`cite`), or the group bare (`group`).
The comments do not show when the notebook is rendered, and a cell keeps its id. `--check` names a cell
whose shown citation is no longer its anchor's, a citation typed outside a span, and a sentence that tells
an item the fact sheet marks unconfirmed without attributing it to the article.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from helpers import data
from helpers.data.provenance import TYPED_CITATION
from helpers.text import markup_shown, text

SPAN = re.compile(r"<!--(cite|group):(.+?)-->(.*?)<!--/-->", re.S)
# a sentence that names the article's voice: its words quoted, or the article said to say them
ATTRIBUTED = re.compile(
    r"\barticle\b|\bunconfirmed\b|\bit (says|gives|claims|adds|reports)\b|[“”\"]|\bparagraph\b|"
    r"\bpassage\b|\bprint(s|ed)\b|no second source|nothing (outside|confirms)",
    re.I,
)


def span(kind: str, anchor: str) -> str:
    """A span as stored: the anchor in a comment, the computed citation, the closing comment."""
    return f"<!--{kind}:{anchor}-->{markup_shown(kind, anchor) or ''}<!--/-->"


def rendered(source: str) -> str:
    """Markdown with every span's shown citation written from its anchor (left as it is if the anchor
    points nowhere: --check names it)."""

    def shown(m: re.Match[str]) -> str:
        found = markup_shown(m.group(1), m.group(2))
        return m.group(0) if found is None else f"<!--{m.group(1)}:{m.group(2)}-->{found}<!--/-->"

    return SPAN.sub(shown, source)


def cited_problems(where: str, source: str) -> list[str]:
    """A span whose citation is not its anchor's, an anchor that points nowhere, a typed citation."""
    found = []
    for kind, anchor, stored in SPAN.findall(source):
        computed = markup_shown(kind, anchor)
        if computed is None:
            found.append(
                f"{where}: anchor {anchor!r} is not one sentence of data/article.txt "
                f"({'or its sentence prints no group' if kind == 'group' else 'make it a phrase of one sentence'})"
            )
        elif stored != computed:
            found.append(
                f"{where}: shows {stored!r} for anchor {anchor!r}; the article gives {computed!r} "
                "(run `make notebooks`)"
            )
    typed = TYPED_CITATION.search(SPAN.sub(" ", source))
    if typed:
        found.append(
            f"{where}: a citation typed by hand ({typed.group(0)!r}…): write "
            "<!--cite:<a phrase of its sentence>--><!--/--> and run `make notebooks`"
        )
    return found


@cache
def unconfirmed_markers() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(item id, its markers) for every fact-sheet item labelled unconfirmed: the words it quotes, the
    numbers it gives, and for a dated item the words of its event; a sentence holding every word of one
    marker tells that item."""
    outside = data.load("outside")
    found = []
    for item, row in outside.iterrows():
        if not text(row["label"]).startswith("unconfirmed"):
            continue
        claim = str(row["text"]).split("→")[0]
        fields = [f.strip() for f in claim.split("|")]
        markers = re.findall(r'"([^"]+)"', claim)  # quoted: matched as a phrase
        markers += re.findall(r"\d+(?:[.,]\d+)*%|\d{1,3}(?:,\d{3})+", claim)
        if len(fields) > 1 and not markers:
            markers.append(fields[1])
        kept = [
            m for m in markers if re.search(r"\d", m) or len(re.findall(r"[A-Za-z]{4,}", m)) > 1
        ]
        found.append((str(item), tuple(dict.fromkeys(kept))))
    return tuple(found)


def tells(sentence: str, marker: str) -> bool:
    """Whether a sentence holds a marker: a number as written (or '500 thousand'), a quoted phrase
    (any case), or every word of a dated item's event (at least two words of four letters)."""
    plain = re.sub(r"(\d+) thousand\b", r"\1,000", sentence)
    if re.fullmatch(r"[\d.,%]+", marker):
        return marker in plain
    if marker.lower() in plain.lower():
        return True
    words = re.findall(r"[A-Za-z]{4,}", marker)
    return len(words) > 1 and all(re.search(rf"\b{w[:5]}", plain, re.I) for w in words)


def voice_problems(where: str, source: str) -> list[str]:
    """A sentence that tells an unconfirmed item without attributing it to the article."""
    plain = re.sub(r"<!--.*?-->", "", source, flags=re.S)
    plain = re.sub(r"(?m)^>\s?", "", plain)
    found = []
    for sentence in re.split(r"(?<=[.;!?])\s+|\n\s*\n", re.sub(r"[ \t]*\n[ \t]*", " ", plain)):
        for item, markers in unconfirmed_markers():
            if any(tells(sentence, m) for m in markers) and not ATTRIBUTED.search(sentence):
                found.append(
                    f"{where}: tells {item} (unconfirmed) as fact: say 'the article says' "
                    f"({sentence.strip()[:90]!r})"
                )
    return found


def problems(nb: Any, name: str) -> list[str]:
    """Every citation and voice problem of a notebook's teaching markdown, by cell index and id."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or cell.metadata.get("boilerplate"):
            continue
        where = f"notebooks/{name} cell {i} ({cell.get('id', '')})"
        found += cited_problems(where, cell.source) + voice_problems(where, cell.source)
    return found
