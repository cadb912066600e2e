"""The article's voice in hand-written text: an item the fact sheet labels unconfirmed is told only
after an attribution ("the article says"), in quiz banks, teacher guides and notebook markdown.

Apart from provenance.py (whose readers it uses; the validator runs both), because it is one rule with its own reading of the items
(the phrases, numbers and event words that mark each unconfirmed item) and its own speed-ups.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from helpers.data.errors import Problem
from helpers.data.files import rel
from helpers.data.markup import MARKUP
from helpers.data.provenance import hand_written, parsed, rows
from helpers.data.text_search import Corpus, folded

ATTRIBUTED = re.compile(
    r"\barticle\b|\bunconfirmed\b|\bit (says|gives|claims|adds|reports)\b|[“”\"]|\bparagraph\b|"
    r"\bpassage\b|\bprint(s|ed)\b|no second source|nothing (outside|confirms)",
    re.I,
)


def unconfirmed_markers(data_dir: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(item id, its markers) for every item of data/outside.csv labelled unconfirmed (see markers_of)."""
    path = data_dir / "outside.csv"
    return markers_of(path.read_text(encoding="utf-8") if path.exists() else "", data_dir)


@functools.lru_cache(maxsize=8)
def markers_of(content: str, data_dir: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(item id, its markers) for every item of data/outside.csv labelled unconfirmed: the phrases it
    quotes and the numbers it gives (before any '→' correction), else the words of a dated item's event;
    a marker of one word of four letters or fewer is too common to mark anything."""
    found = []
    for row in rows(data_dir / "outside.csv"):
        if not row["label"].startswith("unconfirmed"):
            continue
        claim = row["text"].split("→")[0]
        fields = [f.strip() for f in claim.split("|")]
        markers = re.findall(r'"([^"]+)"', claim)
        markers += re.findall(r"\d+(?:[.,]\d+)*%|\d{1,3}(?:,\d{3})+", claim)
        if len(fields) > 1 and not markers:
            markers.append(fields[1])
        kept = [
            m for m in markers if re.search(r"\d", m) or len(re.findall(r"[A-Za-z]{4,}", m)) > 1
        ]
        found.append((row["outside_id"], tuple(dict.fromkeys(kept))))
    return found


def tells(sentence: str, marker: str) -> bool:
    """Whether a sentence holds a marker: a number as written (or '500 thousand'), a quoted phrase
    (any case), or every word of a dated item's event."""
    plain = plain_numbers(sentence)
    return holds(plain, plain.lower(), marker)


def holds(plain: str, lower: str, marker: str, low: str | None = None) -> bool:
    """`tells` on a sentence already made plain and lowered (the voice rule reads every sentence of
    every bank and guide against every unconfirmed item: done once a sentence, not once a pair);
    `low`, the sentence folded (text_search.folded), lets a word's start be looked for before its pattern."""
    if numeral(marker):
        return marker in plain
    lowered, starts = marker_lowered(marker)
    if lowered in lower:
        return True
    if len(starts) < 2:
        return False
    low = folded(plain) if low is None else low
    # each word's start is found case-blind only where the folded text holds it: looked for first
    return all(s in low for s in starts) and all(w.search(plain) for w in marker_words(marker))


@functools.lru_cache(maxsize=1024)
def marker_lowered(marker: str) -> tuple[str, tuple[str, ...]]:
    """A marker lowered, and the lowered starts of its words of four letters or more (marker_words)."""
    return marker.lower(), tuple(w[:5].lower() for w in re.findall(r"[A-Za-z]{4,}", marker))


@functools.lru_cache(maxsize=1024)
def numeral(marker: str) -> bool:
    """Whether a marker is a number as written ('4.45%', '93,581')."""
    return re.fullmatch(r"[\d.,%]+", marker) is not None


@functools.lru_cache(maxsize=8)
def marker_signs(markers: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """Folded substrings (text_search.folded) one of which a text holds wherever it `holds` a marker: the
    first of each marker's sign_options."""
    return tuple(dict.fromkeys(sign_options(m)[0] for _item, marks in markers for m in marks))


@functools.lru_cache(maxsize=1024)
def sign_options(marker: str) -> tuple[str, ...]:
    """Folded substrings each of which a text holds wherever it `holds` the marker: a number as
    written; else the start of each of its words of four letters or more (its phrase holds them all,
    and every one must be found); else its longest run of ASCII characters."""
    words = re.findall(r"[A-Za-z]{4,}", marker)
    if numeral(marker):
        return (marker,)
    if words:
        return tuple(dict.fromkeys(w[:5].lower() for w in words))
    return (max(re.findall(r"[ -~]*", marker.lower()), key=len),)


def may_tell_any(texts: list[str], markers: list[tuple[str, tuple[str, ...]]]) -> set[int]:
    """The indexes of the texts (made plain and folded) that may hold a marker: for each marker, the
    texts holding its rarest sign (any of its signs is held wherever it is)."""
    corpus, found = Corpus(texts), set()
    for _item, marks in markers:
        for m in marks:
            found |= min((corpus.holding([s]) for s in sign_options(m)), key=len)
    return found


def may_tell(text: str, signs: tuple[str, ...]) -> bool:
    """Whether a text (made plain) may hold a marker: False only where `holds` finds none."""
    low = folded(text)
    return any(s in low for s in signs)


def plain_numbers(sentence: str) -> str:
    """'500 thousand' as '500,000' (how a marker's number is written)."""
    return THOUSAND.sub(r"\1,000", sentence) if "thousand" in sentence else sentence


THOUSAND = re.compile(r"(\d+) thousand\b")


@functools.lru_cache(maxsize=1024)
def marker_words(marker: str) -> tuple[re.Pattern[str], ...]:
    """The compiled word starts of a marker's words of four letters or more."""
    return tuple(re.compile(rf"\b{w[:5]}", re.I) for w in re.findall(r"[A-Za-z]{4,}", marker))


def told_as_fact(
    value: str,
    data_dir: Path,
    known: tuple[list[tuple[str, tuple[str, ...]]], dict[str, str]] | None = None,
) -> list[str]:
    """A message for each sentence of a text that tells an unconfirmed item with no attribution (a label
    markup counts as the label it shows); `known` is (the markers, the items' labels) when the caller
    has read them once for many texts."""
    markers, labels = known or voice_sources(data_dir)
    signs = marker_signs(tuple(markers))
    text = spoken(value, labels)
    if not may_tell(plain_numbers(text), signs):  # most texts hold no marker's sign: done at once
        return []
    found = []
    for sentence in SENTENCE_END.split(text):
        plain = plain_numbers(sentence)
        low = folded(plain)
        if not any(s in low for s in signs) or ATTRIBUTED.search(sentence):
            continue
        lower = plain.lower()
        for item, marks in markers:
            if any(holds(plain, lower, m, low) for m in marks):
                found.append(
                    f"tells {item} (unconfirmed) as fact: say 'the article says' "
                    f"({sentence.strip()[:90]!r})"
                )
    return found


def spoken(value: str, labels: dict[str, str]) -> str:
    """A text as a reader sees it for the voice rule: a label markup as the label it shows, any other
    markup as a space, runs of whitespace as one space."""

    def shown(m: re.Match[str]) -> str:
        ids = m.group(2).split(";") if m.group(1) in ("label", "item") else []
        return " ".join(labels.get(i.strip(), "") for i in ids) or " "

    return one_space(MARKUP.sub(shown, value) if "[[" in value else value)


def one_space(text: str) -> str:
    """Each run of whitespace as one space, as re.sub(r"\\s+", " ", text) gives it (str.split
    reads the same characters as whitespace), at the speed of str.split."""
    words = text.split()
    if not words:
        return " " if text else ""
    return (
        (" " if text[0].isspace() else "") + " ".join(words) + (" " if text[-1].isspace() else "")
    )


SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


def voice_sources(data_dir: Path) -> tuple[list[tuple[str, tuple[str, ...]]], dict[str, str]]:
    """The unconfirmed items' markers and every item's label, read once for a run of the voice rule."""
    labels = {r["outside_id"]: r["label"] for r in rows(data_dir / "outside.csv")}
    return unconfirmed_markers(data_dir), labels


def text_voice_problems(data_dir: Path) -> list[Problem]:
    """The voice rule over the banks' and guides' hand-written text (an order item that carries the
    article's words as its `evidence` is the article's by construction)."""
    found, known = [], voice_sources(data_dir)
    texts = hand_written(data_dir)
    signs = {s for _item, marks in known[0] for m in marks for s in sign_options(m)}
    spaced = any(ch.isspace() for s in signs for ch in s)  # else whitespace cannot matter
    spoken_texts = [
        folded(value)  # as it is: no markup to render, no thousands to write, signs hold no space
        if not spaced and "[[" not in value and "thousand" not in value
        else folded(plain_numbers(spoken(value, known[1])))
        for *_, value in texts
    ]
    for i in sorted(may_tell_any(spoken_texts, known[0])):  # only the texts that may tell
        path, key, line, value = texts[i]
        messages = told_as_fact(value, data_dir, known)
        m = re.fullmatch(r"questions\[(\d+)\]\.choices\[(\d+)\]\.text", key)
        if messages and m:
            doc = parsed(path.read_text(encoding="utf-8"))
            if doc["questions"][int(m.group(1))]["choices"][int(m.group(2))].get("evidence"):
                continue
        found += [Problem(rel(path), message, line, key) for message in messages]
    return found
