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
    plain = re.sub(r"(\d+) thousand\b", r"\1,000", sentence)
    return holds(plain, plain.lower(), marker)


def holds(plain: str, lower: str, marker: str) -> bool:
    """`tells` on a sentence already made plain and lowered (the voice rule reads every sentence of
    every bank and guide against every unconfirmed item: done once a sentence, not once a pair)."""
    if re.fullmatch(r"[\d.,%]+", marker):
        return marker in plain
    if marker.lower() in lower:
        return True
    words = marker_words(marker)
    return len(words) > 1 and all(w.search(plain) for w in words)


@functools.lru_cache(maxsize=8)
def marker_prefilter(markers: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    """One pattern that any sentence `holds` a marker of must match (a number as written, a phrase in
    any case, or its first word's start), so the voice rule looks closer only where it may tell."""
    signs = []
    for _item, marks in markers:
        for m in marks:
            if re.fullmatch(r"[\d.,%]+", m):
                signs.append(re.escape(m))
            else:
                signs.append(re.escape(m))
                signs += [rf"\b{w[:5]}" for w in re.findall(r"[A-Za-z]{4,}", m)[:1]]
    return re.compile("|".join(signs) or r"(?!)", re.I)


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
    maybe = marker_prefilter(tuple(markers))

    def shown(m: re.Match[str]) -> str:
        ids = m.group(2).split(";") if m.group(1) in ("label", "item") else []
        return " ".join(labels.get(i.strip(), "") for i in ids) or " "

    found = []
    for sentence in re.split(r"(?<=[.;!?])\s+", re.sub(r"\s+", " ", MARKUP.sub(shown, value))):
        if ATTRIBUTED.search(sentence):
            continue
        plain = re.sub(r"(\d+) thousand\b", r"\1,000", sentence)
        lower = plain.lower()
        if not maybe.search(plain):  # most sentences hold no marker's first sign: skip them at once
            continue
        for item, marks in markers:
            if any(holds(plain, lower, m) for m in marks):
                found.append(
                    f"tells {item} (unconfirmed) as fact: say 'the article says' "
                    f"({sentence.strip()[:90]!r})"
                )
    return found


def voice_sources(data_dir: Path) -> tuple[list[tuple[str, tuple[str, ...]]], dict[str, str]]:
    """The unconfirmed items' markers and every item's label, read once for a run of the voice rule."""
    labels = {r["outside_id"]: r["label"] for r in rows(data_dir / "outside.csv")}
    return unconfirmed_markers(data_dir), labels


def text_voice_problems(data_dir: Path) -> list[Problem]:
    """The voice rule over the banks' and guides' hand-written text (an order item that carries the
    article's words as its `evidence` is the article's by construction)."""
    found, known = [], voice_sources(data_dir)
    for path, key, line, value in hand_written(data_dir):
        m = re.fullmatch(r"questions\[(\d+)\]\.choices\[(\d+)\]\.text", key)
        if m:
            doc = parsed(path.read_text(encoding="utf-8"))
            if doc["questions"][int(m.group(1))]["choices"][int(m.group(2))].get("evidence"):
                continue
        found += [
            Problem(rel(path), message, line, key)
            for message in told_as_fact(value, data_dir, known)
        ]
    return found
