"""Citations and the article's voice in notebook markdown: computed when the notebooks are generated,
checked by `python -m helpers.authoring.notebook --check` (make check, make test).

A teaching cell cites the article through a span `<!--cite:phrase-->(12, p.139)<!--/-->`: the phrase is
an anchor (a phrase of one sentence of data/article.txt, as in the tables), the text between the
comments is what a reader sees, and the generator writes it from the anchor: the group that sentence
prints, or "no citation of its own; the next printed is (…)" (`cite`), or the group bare (`group`).
Outside context is told the same way: `<!--item:id-->…<!--/-->` (its works and label), `label:` or `works:`,
written from data/outside.csv.
The comments do not show when the notebook is rendered, and a cell keeps its id. `--check` names a cell
whose shown citation is no longer its anchor's, a citation typed outside a span, a sentence that tells
an item the fact sheet marks unconfirmed without attributing it to the article, and an outside work named
by hand (helpers.data.work_names).
"""

from __future__ import annotations

import re
from typing import Any

from helpers import data
from helpers.data.provenance import TYPED_CITATION, unbracketed_status
from helpers.data.voice import told_as_fact
from helpers.data.work_names import typed_names, work_readers
from helpers.text import markup_shown

SPAN = re.compile(r"<!--(cite|group|item|label|works):(.+?)-->(.*?)<!--/-->", re.S)


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
                f"{where}: {kind} {anchor!r} is not an id of data/outside.csv"
                if kind in ("item", "label", "works")
                else f"{where}: anchor {anchor!r} is not one sentence of data/article.txt "
                f"({'or its sentence prints no group' if kind == 'group' else 'make it a phrase of one sentence'})"
            )
        elif stored != computed:
            found.append(
                f"{where}: shows {stored!r} for {'anchor' if kind in ('cite', 'group') else kind} {anchor!r}; "
                f"{'the article' if kind in ('cite', 'group') else 'data/outside.csv'} gives {computed!r} "
                "(run `make notebooks`)"
            )
    found += [
        f"{where}: {why.replace('[[cite:', '<!--cite:').replace(']]', '-->')}"
        for why in unbracketed_status(source, SPAN)
    ]
    typed = TYPED_CITATION.search(SPAN.sub(" ", source))
    if typed:
        found.append(
            f"{where}: a citation typed by hand ({typed.group(0)!r}…): write "
            "<!--cite:<a phrase of its sentence>--><!--/--> and run `make notebooks`"
        )
    return found


def voice_problems(where: str, source: str) -> list[str]:
    """A sentence of markdown that tells an unconfirmed item without attributing it to the article."""
    plain = re.sub(r"(?m)^>\s?", "", re.sub(r"<!--.*?-->", "", source, flags=re.S))
    return [f"{where}: {message}" for message in told_as_fact(plain, data.DATA_DIR)]


def work_problems(where: str, source: str) -> list[str]:
    """An outside work named by hand in markdown, outside a sentence whose span renders it (the
    validator's rule, helpers.data.work_names: a span counts as the markup it stores)."""
    marked = SPAN.sub(lambda m: f"[[{m.group(1)}:{m.group(2)}]]", source)
    readers = work_readers(data.DATA_DIR)
    return [f"{where}: {message}" for message in typed_names(marked, readers)]


def problems(nb: Any, name: str) -> list[str]:
    """Every citation and voice problem of a notebook's teaching markdown, by cell index and id."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or cell.metadata.get("boilerplate"):
            continue
        where = f"notebooks/{name} cell {i} ({cell.get('id', '')})"
        found += (
            cited_problems(where, cell.source)
            + voice_problems(where, cell.source)
            + work_problems(where, cell.source)
        )
    return found
