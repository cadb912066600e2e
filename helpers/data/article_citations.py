"""The article's sentences and the citation groups each prints, so a citation is found from an anchor phrase.

A group is the part of a bracket that cites (`15, p.21; 16, p.35`); a bracket that opens with prose and ends
with a group (`(Prominent … Baku Sovieti. 12, p.140)`) prints that group without its own opening bracket,
and it is kept with that mark (`unopened`). An anchor is a phrase of one sentence; the citation shown for
it is the group(s) printed in that sentence, or, when the sentence prints none, "no citation of its own;
the next printed is (…)".
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import Any

from helpers.data import files
from helpers.data.files import DATA_DIR as DATA_DIR  # (re-exported: the tests read it from here)

CITES = re.compile(r"^(\d+\s*[,:]|Gökay)")
MARKS = re.compile(r"[().!?]")  # the characters that open or close a bracket or may end a sentence
NO_OWN = "no citation of its own; the next printed is"
UNOPENED = "no opening bracket of its own"  # the note on a group printed so (its one home)


@dataclass(frozen=True)
class Group:
    """One citation group as printed (without brackets) and whether its opening bracket is missing."""

    printed: str
    unopened: bool = False

    def shown(self) -> str:
        """As a reader is shown it: '(15, p.20)'; a group the article prints with no opening bracket
        ('… Baku Sovieti. 12, p.140)') is shown balanced, with a note: '(12, p.140; no opening
        bracket of its own)'."""
        return f"({self.printed}; {UNOPENED})" if self.unopened else f"({self.printed})"


@dataclass
class Sentence:
    """One sentence of the article, whitespace collapsed, with the groups printed inside it."""

    text: str
    groups: list[Group] = field(default_factory=list)


def flat(value: str) -> str:
    """Whitespace collapsed, a word hyphenated across a line break joined (as the columns print it)."""
    joined = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", value) if "\n" in value else value
    return " ".join(joined.split())  # = re.sub(r"\s+", " ", joined).strip(), at C speed


def bracket_group(inside: str) -> Group | None:
    """The citation group of one bracket's content, or None when it cites nothing."""
    inside = inside.strip()
    if CITES.match(inside):
        return Group(inside)
    tail = re.split(r"\.\s+(?=\d+\s*,)", inside)
    if len(tail) > 1 and CITES.match(tail[-1].strip()):
        return Group(tail[-1].strip(), unopened=True)
    return None


def split_sentences(article: str) -> list[Sentence]:
    """The article cut at sentence ends outside brackets ('.', '!' or '?' then a capital or a quote)."""
    flat_text = flat(article)
    sentences: list[Sentence] = []
    depth, start, opened = 0, 0, 0
    current: list[Group] = []
    for mark in MARKS.finditer(flat_text):  # only these characters act: a cold kernel cuts 100 kB
        i, ch = mark.start(), mark.group()
        if ch == "(":
            depth, opened = depth + 1, i + 1
        elif ch == ")" and depth:
            depth -= 1
            group = bracket_group(flat_text[opened:i])
            if group:
                current.append(group)
        elif ch in ".!?" and depth == 0 and ends_sentence(flat_text, i):
            sentences.append(Sentence(flat_text[start : i + 1].strip(), current))
            start, current = i + 1, []
    if flat_text[start:].strip():
        sentences.append(Sentence(flat_text[start:].strip(), current))
    return sentences


def ends_sentence(value: str, i: int) -> bool:
    """Whether the mark at i closes a sentence (not an initial like 'S.' nor 'p.21')."""
    after = value[i + 1 : i + 3]
    if not re.match(r"\s+[A-Z“\"‘ÇŞÖÜİ]", after) and i + 1 < len(value):
        return False
    word = re.search(
        r"(\S+)$", value[max(0, i - 40) : i]
    )  # a window: the whole head made it quadratic
    return not (word and re.fullmatch(r"[A-Z]|[A-Z]\.[A-Z]|p|s|Mr|Dr|St", word.group(1)))


def sentences() -> tuple[Sentence, ...]:
    """The sentences of data/article.txt as it is now (cut once per text; read again when its stat
    changes: the validator and the loader ask ~260 times in a cold load)."""
    return cut_of(
        files.text_now(os.path.join(files.DATA_DIR, "article.txt"))
    )  # (no Path: 260 calls)


def cut_of(article: str) -> tuple[Sentence, ...]:
    """An article's sentences, cut once per text (the validator and the loader share the cut, and
    with it every anchor already looked up; a kernel takes it from the data snapshot, `prime`).
    Shared: not to be changed."""
    cut = _CUTS.get(article)
    if cut is None:
        if len(_CUTS) >= 8:  # a few texts at most (tests cut small ones)
            _CUTS.pop(next(iter(_CUTS)))
        cut = _CUTS[article] = primed(article) or tuple(split_sentences(article))
    return cut


_CUTS: dict[str, tuple[Sentence, ...]] = {}  # article text -> its sentences
_PRIMED: dict[str, list[Any]] = {}  # sha256 of an article's text -> its cut as JSON (encode_cut)


def encode_cut(cut: tuple[Sentence, ...]) -> list[Any]:
    """A cut as plain JSON: [text, [[printed, unopened], ...]] per sentence (for the data snapshot)."""
    return [[s.text, [[g.printed, g.unopened] for g in s.groups]] for s in cut]


def prime(sha256: str, encoded: list[Any]) -> None:
    """Offer the cut of the article whose text has this sha256, in its JSON form (the data snapshot
    keeps it): taken when that text is first cut, instead of cutting it (~3 ms a kernel)."""
    _PRIMED.clear()
    _PRIMED[sha256] = encoded


def primed(article: str) -> tuple[Sentence, ...] | None:
    """The cut offered for this very text (`prime`), or None (none offered, or a damaged one)."""
    if not _PRIMED:
        return None
    encoded = _PRIMED.get(hashlib.sha256(article.encode()).hexdigest())
    try:
        return (
            tuple(Sentence(t, [Group(p, bool(u)) for p, u in g]) for t, g in encoded or ()) or None
        )
    except (TypeError, ValueError):
        return None


def joined(cut: tuple[Sentence, ...]) -> tuple[str, list[int]]:
    """The sentences joined by spaces and where each starts (kept per cut: every anchor looks in it)."""
    kept = kept_for(cut)
    return kept[1], kept[2]


def kept_for(
    cut: tuple[Sentence, ...],
) -> tuple[Any, str, list[int], dict[str, list[tuple[int, int]]]]:
    """(the cut, its sentences joined, where each starts, the spans found so far by anchor)."""
    kept = _JOINED.get(id(cut))
    if kept is None or kept[0] is not cut:
        starts, parts, at = [], [], 0
        for s in cut:
            starts.append(at)
            parts.append(s.text + " ")
            at += len(s.text) + 1
        kept = _JOINED[id(cut)] = (cut, "".join(parts), starts, {})
    return kept


_JOINED: dict[int, tuple[Any, str, list[int], dict[str, list[tuple[int, int]]]]] = {}


def spans(anchor: str, cut: tuple[Sentence, ...] | None = None) -> list[tuple[int, int]]:
    """(first, last) sentence of every place the anchor phrase stands (it may run over a sentence end;
    each anchor looked up once per cut: a row's citation rules and its shown citation all ask)."""
    cut = cut or sentences()
    _, text, starts, found_by = kept_for(cut)
    if anchor not in found_by:
        found: list[tuple[int, int]] = []
        phrase = flat(anchor)
        at = text.find(phrase) if phrase else -1
        while at != -1:
            first = bisect.bisect_right(starts, at) - 1
            last = bisect.bisect_left(starts, at + len(phrase)) - 1
            found.append((first, last))
            at = text.find(phrase, at + 1)
        found_by[anchor] = found
    return list(found_by[anchor])


def find(anchor: str, cut: tuple[Sentence, ...] | None = None) -> list[int]:
    """The first sentence of every place an anchor stands (whitespace and line-break hyphens ignored)."""
    return [first for first, _ in spans(anchor, cut)]


def own_groups(anchor: str, cut: tuple[Sentence, ...] | None = None) -> list[Group]:
    """The groups printed in the anchor's sentence(s) ([] when they print none or it is not found once)."""
    cut = cut or sentences()
    found = spans(anchor, cut)
    if len(found) != 1:
        return []
    first, last = found[0]
    return [g for s in cut[first : last + 1] for g in s.groups]


def next_group(anchor: str, cut: tuple[Sentence, ...] | None = None) -> Group | None:
    """The first group printed after the anchor's sentence(s) (None at the article's end)."""
    cut = cut or sentences()
    found = spans(anchor, cut)
    for s in cut[found[0][1] + 1 :] if len(found) == 1 else ():
        if s.groups:
            return s.groups[0]
    return None


def citation_shown(anchor: str, cut: tuple[Sentence, ...] | None = None) -> str:
    """What a reader is shown for an anchor: its sentence's groups, or the next printed with that said."""
    own = own_groups(anchor, cut)
    if own:
        return " ".join(g.shown() for g in own)
    later = next_group(anchor, cut)
    return (
        f"{NO_OWN} {later.shown()}"
        if later
        else "no citation of its own, and none is printed after it"
    )


def acceptable(anchor: str, cut: tuple[Sentence, ...] | None = None) -> list[str]:
    """Citation cells that are true to the anchor: one of its sentence's groups; else the next (borrowed)."""
    own = own_groups(anchor, cut)
    if own:
        return [g.printed for g in own] + (
            ["; ".join(g.printed for g in own)] if len(own) > 1 else []
        )
    later = next_group(anchor, cut)
    return ["", later.printed] if later else [""]
