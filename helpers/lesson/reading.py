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
    hit_start, _ = find(text, first)
    starts = paragraph_starts(text, paragraphs)
    number, start = next(
        (k, at)
        for k, (p, at) in enumerate(zip(paragraphs, starts, strict=True), 1)
        if at + len(p) > hit_start
    )
    end = start + len(paragraphs[number - 1])
    if last is not None:
        cuts = [start] + [m.end() for m in SENTENCE.finditer(text, start, hit_start + 1)]
        start = cuts[-1]
        _, tail_end = find(text, last, hit_start)
        following = next(SENTENCE.finditer(text, tail_end), None)  # the first is the nearest
        end = following.start() if following else len(text)
    words = text[start:end].strip()
    found = (article_citations.bracket_group(b) for b in re.findall(r"\(([^()]*)\)", words))
    return words, [" ".join(g.printed.split()) for g in found if g], number


def find(text: str, anchor: str, after: int = 0) -> tuple[int, int]:
    """(start, end) of the first span of `text` from `after` on that is the anchor's words with any
    whitespace (one character or more) between them: the regular expression `w1\\s+w2…`, matched by
    hand, since compiling one for every anchor was most of what a passage cost."""
    head, *rest = anchor.split() or [""]
    at = text.find(head, after)
    while at >= 0:
        end = at + len(head)
        for word in rest:
            gap = end
            while gap < len(text) and text[gap].isspace():
                gap += 1
            if gap == end or not text.startswith(word, gap):
                break
            end = gap + len(word)
        else:
            return at, end
        at = text.find(head, at + 1)
    raise KeyError(f"the article has no passage {anchor!r} (data/article.txt)")


_starts: dict[tuple[int, int], tuple[str, tuple[str, ...], tuple[int, ...]]] = {}


def paragraph_starts(text: str, paragraphs: tuple[str, ...]) -> tuple[int, ...]:
    """Where each paragraph starts in the text, found once for this text and these paragraphs (a
    changed article is new objects, so found again)."""
    key = (id(text), id(paragraphs))
    kept = _starts.get(key)
    if kept is None or kept[0] is not text or kept[1] is not paragraphs:
        _starts.clear()
        kept = _starts[key] = (text, paragraphs, tuple(text.index(p) for p in paragraphs))
    return kept[2]
