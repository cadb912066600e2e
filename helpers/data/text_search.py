"""Searching texts fast: whitespace collapsed, the article's flattened forms, case-folded substring
prefilters and a corpus searched in one pass (the validator's text rules read ~1,800 hand-written
strings at a cold load; written by hand for that speed: a plain `in` over texts joined once replaces
a regular expression per text).
"""

from __future__ import annotations

import bisect
import re
from functools import cache


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces collapsed to one space (as re.sub(r"\\s+", " ", text)
    .strip() gives it: str.split reads the same characters as whitespace, at C speed)."""
    return " ".join(text.split())


@cache
def article_forms(article: str) -> tuple[str, str, str]:
    """The article flattened three ways: as is, end-of-line hyphens joined, and kept."""
    return (
        flat(article),
        flat(re.sub(r"-[ \t]*\n\s*", "", article)),  # "govern-/ment" -> "government"
        flat(re.sub(r"-[ \t]*\n\s*", "-", article)),  # "Eser-/Menshevik" -> "Eser-Menshevik"
    )


def in_article(snippet: str, article: str) -> bool:
    """Whether a snippet occurs verbatim in the article, ignoring line breaks and end-of-line hyphens."""
    needle = flat(snippet)
    return bool(needle) and any(needle in v for v in article_forms(article))


def folded(text: str) -> str:
    """A text lowered for case-blind substring tests: wherever a re.IGNORECASE pattern finds an ASCII
    phrase, the folded text holds that phrase lowered, so a plain `in` test is a safe prefilter.
    Besides the ASCII letters, re.IGNORECASE reads İ and ı as i, ſ as s and the Kelvin sign as k
    (tests/test_provenance.py checks every code point); lower() already makes the Kelvin sign k and
    İ an i with a combining dot, which is dropped (a dotted i then reads as i: more, never fewer)."""
    low = text.lower()
    if low.isascii():
        return low
    return low.replace("i\u0307", "i").replace("\u0131", "i").replace("\u017f", "s")


def containing(texts: list[str], needles: list[str]) -> set[int]:
    """The indexes of the texts that hold any of the needles (see Corpus)."""
    return Corpus(texts).holding(needles)


class Corpus:
    """Texts joined once (by NUL, which no needle holds) so that a needle is looked for by one C-speed
    search over them all, not once per text and needle."""

    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self.text = "\0".join(texts)
        self.starts, at = [], 0
        for t in texts:
            self.starts.append(at)
            at += len(t) + 1

    def holding(self, needles: list[str]) -> set[int]:
        """The indexes of the texts that hold any of the needles (a needle must not hold NUL)."""
        if any(not n for n in needles):
            return set(range(self.size))
        found: set[int] = set()
        for needle in needles:
            at = self.text.find(needle)
            while at != -1:
                i = bisect.bisect_right(self.starts, at) - 1
                found.add(i)
                at = self.text.find(needle, self.starts[i + 1]) if i + 1 < self.size else -1
        return found


def straight_quotes(text: str) -> str:
    """Curly quotes and apostrophes as straight ones (a spreadsheet may save either)."""
    return (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


@cache
def straight_article(article: str) -> str:
    """The article with straight quotes, folded once (it is long; spellings are many)."""
    return straight_quotes(article)


def spelling_in_article(spelling: str, article: str) -> bool:
    """Whether an article-spelling cell occurs in the article (curly and straight quotes alike)."""
    return in_article(straight_quotes(spelling), straight_article(article))
