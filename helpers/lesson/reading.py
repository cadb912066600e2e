"""Reading the article: its own words, verbatim and collapsible, with the citations the passage prints."""

from __future__ import annotations

import html
import re

from IPython.display import HTML

from helpers import data
from helpers.data import article_citations

PASSAGE = (
    "border: 1px solid #999; border-left: 6px solid #555; padding: 0.4em 1em; margin: 0.8em 0; "
    "background: #f7f7f2; color: #1a1a1a; font-size: 1.05em"
)
SENTENCE = re.compile(r"(?<=[.)”])\s+(?=[A-Z“])")


def article(first: str, last: str | None = None, title: str = "") -> HTML:
    """The article's own words, verbatim and collapsible: from the start of the paragraph holding
    `first` (or of its sentence, when `last` is given) to the end of that paragraph (or of the
    sentence holding `last`), with the citations the passage prints."""
    words, citations, number = passage(first, last)
    cited = "; ".join(shown_group(c, words) for c in citations)
    note = (
        f"Citations the article prints here: {html.escape(cited)}."
        if citations
        else "The article prints no citation in this passage."
    )
    label = f"The article's own words{': ' + title if title else ''} (paragraph {number})"
    return HTML(
        f'<details class="article-passage" style="{PASSAGE}"><summary><strong>'
        f"{html.escape(label)}</strong> (click to open)</summary>"
        f'<blockquote style="white-space: pre-line; margin: 0.5em 0">{html.escape(words)}</blockquote>'
        f"<small>Source: the article (author not named), {note}</small>"
        '<details class="reading-copy" style="margin-top: 0.5em"><summary>Reading copy: the same '
        "words, with the printer's line breaks and split words joined (click to open)</summary>"
        f'<p style="margin: 0.5em 0">{html.escape(reading_copy(words))}</p></details></details>'
    )


def reading_copy(words: str) -> str:
    """A passage as one flowing text: a word split at a line end ("oth-" / "er") joined, line
    breaks made spaces, paragraphs kept; the words and their order unchanged."""
    joined = re.sub(r"(?<=[a-zığüşöç])-[ \t]*\n\s*(?=[a-zığüşöç])", "", words)
    paragraphs = re.split(r"\n\s*\n", joined)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def shown_group(group: str, words: str) -> str:
    """A group as the passage prints it: '(12, p.139)', or '12, p.140)' when its bracket opens on prose."""
    opened = any(
        article_citations.bracket_group(b) == article_citations.Group(group)
        for b in re.findall(r"\(([^()]*)\)", " ".join(words.split()))
    )
    return f"({group})" if opened else f"{group}) ({article_citations.UNOPENED})"


def passage(first: str, last: str | None = None) -> tuple[str, list[str], int]:
    """A verbatim span of the article, the citation groups it prints and its paragraph number (1-based)."""
    text = data.article_text()
    paragraphs = data.article_paragraphs()

    def find(anchor: str, after: int = 0) -> re.Match[str]:
        pattern = r"\s+".join(re.escape(w) for w in anchor.split())
        found = re.compile(pattern).search(text, after)
        if found is None:
            raise KeyError(f"the article has no passage {anchor!r} (data/article.txt)")
        return found

    hit = find(first)
    number, start = next(
        (k, text.index(p))
        for k, p in enumerate(paragraphs, 1)
        if text.index(p) + len(p) > hit.start()
    )
    end = start + len(paragraphs[number - 1])
    if last is not None:
        starts = [start] + [m.end() for m in SENTENCE.finditer(text, start, hit.start() + 1)]
        start = starts[-1]
        tail = find(last, hit.start())
        ends = [m.start() for m in SENTENCE.finditer(text, tail.end(), len(text))]
        end = min([*ends, len(text)])
    words = text[start:end].strip()
    found = (article_citations.bracket_group(b) for b in re.findall(r"\(([^()]*)\)", words))
    return words, [" ".join(g.printed.split()) for g in found if g], number
