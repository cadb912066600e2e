"""The quiz banks' teaching policy, reviewed by `make check` (`python -m helpers.authoring.bank_review`).

A bank that breaks a rule here still loads and runs in every lesson: these are a maintainer's rules of
good questions, not breakage (that is helpers.data.quiz_bank, which the validator and every kernel run).
No lesson kernel imports this module.

Two lists of checks, each check returning located Problems:
- BANK_CHECKS, one bank at a time (a function of the bank's file and its parsed document);
- COLLECTION_CHECKS, all banks together in notebook order (their files and documents).
`review` runs them all over the banks that pass the validator; `report` prints each notebook's key
balance and questions by skill. A new check is one function added to a list.
"""

from __future__ import annotations

import calendar
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.data.errors import DataError, Problem
from helpers.data.files import DATA_DIR, read_yaml
from helpers.data.quiz_bank import SKILLS, bank_name, iso_date, quiz_schema, schema_problems
from helpers.data.text_search import flat
from helpers.data.yaml_schema import located
from helpers.text import with_sources_in

REASONING = SKILLS[
    2:
]  # the skills that need reasoning with sources ("convert" is a plain +13 days)
POSITIONS = "abcdefghijklmnopqrstuvwxyz"  # an option's place, named as a print names it
Bank = tuple[Path, dict[str, Any]]  # a bank's file and its parsed document
Located = list[tuple[list[Any], str]]  # (key path, message) pairs, placed on lines by `located`


# ---- one bank at a time ----


def key_positions(doc: dict[str, Any]) -> tuple[dict[str, int], int, int]:
    """Where the keys sit without shuffling, in bank order (the answer key's and a print's order):
    ({position letter: keys}, keys that are the longest option, single/source questions). A
    position is the option's place (a first, b second ...), whatever its id; every key of a
    multiple-answer question counts for its position. The one count of key positions: the echo
    check and the reports use it too."""
    positions: dict[str, int] = {}
    longest = singles = 0
    for q in doc.get("questions") or []:
        ids = [c["id"] for c in q.get("choices") or []]
        if q["type"] in ("single", "source") and q.get("answer") in ids:
            singles += 1
            place = POSITIONS[ids.index(q["answer"])]
            positions[place] = positions.get(place, 0) + 1
            texts = {c["id"]: len(c["text"]) for c in q["choices"]}
            if texts[q["answer"]] >= max(v for k, v in texts.items() if k != q["answer"]):
                longest += 1
        elif q["type"] == "multiple":
            for a in (a for a in q.get("answer") or [] if a in ids):
                place = POSITIONS[ids.index(a)]
                positions[place] = positions.get(place, 0) + 1
    return positions, longest, singles


def position_balance(doc: dict[str, Any]) -> Located:
    """No position holds more than a third of a bank's keys (rounded up)."""
    positions, _, _ = key_positions(doc)
    keys = sum(positions.values())
    return [
        ([], f"position {pos} holds {n} of {keys} keys (at most a third): move some keys")
        for pos, n in sorted(positions.items())
        if n > -(-keys // 3)
    ]


def longest_key(doc: dict[str, Any]) -> Located:
    """The key is the longest option in at most a third of the one-answer questions (rounded up)."""
    _, longest, singles = key_positions(doc)
    if longest <= -(-singles // 3):
        return []
    return [
        (
            [],
            f"the key is the longest option in {longest} of {singles} one-answer questions "
            "(at most a third): shorten the key or lengthen a distractor",
        )
    ]


def first_keys(doc: dict[str, Any]) -> Located:
    """No multiple-answer question's keys are its first options."""
    out: Located = []
    for i, q in enumerate(doc.get("questions") or []):
        ids = [c["id"] for c in q.get("choices") or []]
        if q["type"] == "multiple" and sorted(q["answer"]) == ids[: len(q["answer"])]:
            out.append(
                (
                    ["questions", i, "answer"],
                    f"{q['id']}: the keys are the first {len(q['answer'])} options; mix them in",
                )
            )
    return out


def skills(doc: dict[str, Any]) -> list[str]:
    """The skill of each question (recall when not given)."""
    return [q.get("skill", "recall") for q in doc.get("questions") or []]


def reasoning_share(doc: dict[str, Any]) -> Located:
    """At least half of a bank's questions need reasoning with sources."""
    found = skills(doc)
    reasoning = sum(s in REASONING for s in found)
    if 2 * reasoning >= len(found):
        return []
    return [
        (
            [],
            f"only {reasoning} of {len(found)} questions need reasoning ({', '.join(REASONING)}): "
            "at least half must",
        )
    ]


BANK_CHECKS: list[Callable[[dict[str, Any]], Located]] = [
    position_balance,
    longest_key,
    first_keys,
    reasoning_share,
]


# ---- all banks together ----


def all_key_positions(docs: list[dict[str, Any]]) -> tuple[dict[str, int], int, int]:
    """key_positions summed over several banks: (keys per position, keys longest, one-answer keys)."""
    positions: dict[str, int] = {}
    longest = singles = 0
    for doc in docs:
        p, lg, n = key_positions(doc)
        for k, v in p.items():
            positions[k] = positions.get(k, 0) + v
        longest, singles = longest + lg, singles + n
    return positions, longest, singles


def collection_balance(banks: list[Bank]) -> list[Problem]:
    """Over all banks: no position holds more than a third of the keys, the key is the longest option
    in at most a third of the one-answer questions (a bank alone is too small for exact thirds)."""
    positions, longest, singles = all_key_positions([doc for _, doc in banks])
    keys = sum(positions.values())
    out = [
        f"over all banks position {k} holds {v} of {keys} keys (at most a third)"
        for k, v in sorted(positions.items())
        if 3 * v > keys
    ]
    if 3 * longest > singles:
        out.append(f"over all banks the key is the longest option in {longest} of {singles}")
    return [Problem("data/quiz", message) for message in out]


def norm(text: Any) -> str:
    """Text for comparing: lower case, curly quotes straightened, spaces collapsed."""
    text = str(text or "").lower().translate(str.maketrans("‘’“”", "''\"\""))
    return flat(re.sub(r"[\"']", "", text))


def key_texts(q: dict[str, Any]) -> list[str]:
    """What would give a question's answer away if another question showed it."""
    out = [q.get("evidence", "")]
    choices = {c["id"]: c["text"] for c in q.get("choices") or []}
    answer = q.get("answer")
    if q["type"] in ("single", "source"):
        out.append(choices.get(answer, ""))
    elif q["type"] == "multiple":
        out += [choices.get(a, "") for a in answer or []]
    elif q["type"] == "numeric" and isinstance(answer, int | float):
        value = float(answer)
        if value.is_integer() and abs(value) >= 1000:
            out += [f"{int(value):,}", f"{int(value)}", f"{int(value):,}".replace(",", " ")]
        elif not value.is_integer():
            out += [f"{value:g}", f"{value:g}".replace(".", ",")]
    elif q["type"] == "date" and iso_date(answer):
        y, m, d = iso_date(answer)  # type: ignore[misc]
        month = calendar.month_name[m]
        out += [f"{d} {month} {y}", f"{month} {d}, {y}", f"{y}-{m:02d}-{d:02d}"]
    return [t for t in (norm(x) for x in out) if len(t) >= 4]


def shown_texts(q: dict[str, Any]) -> str:
    """What a question shows before it is answered, and its evidence."""
    parts = [q.get("prompt", ""), q.get("evidence", "")]
    parts += [s.get("text", "") for s in q.get("sources") or []]
    parts += [c.get("text", "") for c in q.get("choices") or []]
    return " | ".join(norm(p) for p in parts)


QUOTED = re.compile(r"[\"\u201c\u2018']([^\"\u201c\u201d\u2018\u2019']{4,})[\"\u201d\u2019']")


def quoted(text: Any) -> list[str]:
    """The phrases a text puts in quotation marks ("slaughter", Baku 'liberated'), normalised."""
    spaced = re.sub(r"(?<=\w)'(?=\w)", "\u02bc", str(text or ""))  # Baku's: an apostrophe, no quote
    return [
        t for t in (norm(m.replace("\u02bc", "'")) for m in QUOTED.findall(spaced)) if len(t) >= 4
    ]


def quoted_hint(q: dict[str, Any], other: dict[str, Any]) -> str | None:
    """A phrase another question quotes that is in one of q's keys and in none of its wrong options:
    the other question, shown with q, points to q's keys."""
    if q["type"] not in ("single", "source", "multiple"):
        return None
    answer = q["answer"] if q["type"] == "multiple" else [q["answer"]]
    keys = [norm(c["text"]) for c in q["choices"] if c["id"] in answer]
    wrong = [norm(c["text"]) for c in q["choices"] if c["id"] not in answer]
    shown = [other.get("prompt", "")] + [s.get("text", "") for s in other.get("sources") or []]
    shown += [c.get("text", "") for c in other.get("choices") or []]
    for phrase in (p for text in shown for p in quoted(text)):
        pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
        if any(pattern.search(k) for k in keys) and not any(pattern.search(w) for w in wrong):
            return phrase
    return None


def leaks(banks: list[Bank]) -> list[Problem]:
    """Questions answered by another: a key or evidence shown in a question of the same notebook or
    an earlier one (banks in notebook order), or a phrase quoted by a question shown with it (the
    same notebook, before or after) that only its keys contain; named at the question whose answer
    leaks."""
    questions = [doc.get("questions") or [] for _, doc in banks]
    # each question's shown text and key patterns once (the pairs below are thousands)
    shown = {id(q): shown_texts(q) for bank in questions for q in bank}
    keys = {
        id(q): [(k, re.compile(rf"(?<![\w.,]){re.escape(k)}(?![\w]|[.,]\d)")) for k in key_texts(q)]
        for bank in questions
        for q in bank
    }
    out: list[Problem] = []
    for n, ((path, _), bank) in enumerate(zip(banks, questions, strict=True)):
        found: Located = []
        for i, q in enumerate(bank):
            for other in (o for earlier in questions[: n + 1] for o in earlier if o is not q):
                text = shown[id(other)]
                hit = next((k for k, p in keys[id(q)] if k in text and p.search(text)), None)
                if hit is not None:
                    found.append(
                        (
                            ["questions", i],
                            f"{q['id']}'s answer or evidence ({hit!r}) is shown in {other['id']}",
                        )
                    )
            for other in (o for o in bank if o is not q):
                phrase = quoted_hint(q, other)
                if phrase is not None:
                    found.append(
                        (
                            ["questions", i],
                            f"{q['id']}'s keys alone hold {phrase!r}, which {other['id']} quotes "
                            "beside it",
                        )
                    )
        out += located(path, found, file=bank_name(path))
    return out


COLLECTION_CHECKS: list[Callable[[list[Bank]], list[Problem]]] = [collection_balance, leaks]


# ---- running them ----


def banks(data_dir: Path) -> list[Bank]:
    """The banks that pass the validator's schema (others are the validator's to report), in
    notebook order (their file names sort so)."""
    schema = quiz_schema(data_dir)
    out = []
    for path in sorted((Path(data_dir) / "quiz").glob("*.yaml")):
        doc, problems = read_yaml(path)
        if not problems and isinstance(doc, dict) and not schema_problems(doc, schema):
            out.append((path, with_sources_in(doc)))
    return out


def review(data_dir: Path) -> list[Problem]:
    """Every policy problem of the banks: each bank's checks, then the collection's."""
    found = banks(Path(data_dir))
    out: list[Problem] = []
    for path, doc in found:
        for check in BANK_CHECKS:
            out += located(path, check(doc), file=bank_name(path))
    for collection_check in COLLECTION_CHECKS:
        out += collection_check(found)
    return out


def bank_line(doc: dict[str, Any]) -> str:
    """One notebook's key positions, keys that are the longest option, and questions by skill."""
    positions, longest, singles = key_positions(doc)
    counts = {s: skills(doc).count(s) for s in SKILLS if s in skills(doc)}
    reasoning = sum(n for s, n in counts.items() if s in REASONING)
    pos = " ".join(f"{k}:{v}" for k, v in sorted(positions.items()))
    by_skill = ", ".join(f"{s} {n}" for s, n in counts.items())
    return (
        f"keys {pos}; longest {longest}/{singles}; "
        f"reasoning {reasoning}/{len(skills(doc))} ({by_skill})"
    )


def report(data_dir: Path) -> str:
    """Each bank's key balance and questions by skill, as `make check` prints them."""
    lines = ["Quiz banks: key positions (unshuffled), key = longest option, questions by skill"]
    docs: list[dict[str, Any]] = []
    for path in sorted((Path(data_dir) / "quiz").glob("*.yaml")):
        doc, problems = read_yaml(path)
        if problems or not isinstance(doc, dict):
            lines.append(f"  {path.stem}: cannot be read")
            continue
        doc = with_sources_in(doc)
        lines.append(f"  {path.stem}: {bank_line(doc)}")
        docs.append(doc)
    positions, longest, singles = all_key_positions(docs)
    pos = " ".join(f"{k}:{v}" for k, v in sorted(positions.items()))
    lines.append(f"  all banks: keys {pos}; longest {longest}/{singles}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the report, then one line a policy problem; exit 1 if there are any."""
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else DATA_DIR
    try:
        found = review(data_dir)
    except DataError as e:  # data/datapackage.yaml unreadable: the validator says more
        print(e, file=sys.stderr)
        return 1
    print(report(data_dir))
    for p in found:
        print(p)
    if found:
        print(
            f"{len(found)} quiz bank review problem(s): the lessons still run; fix them before "
            "you commit.",
            file=sys.stderr,
        )
        return 1
    print("quiz banks reviewed: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
