"""The echo check: which quiz questions the screen answers, measured from the notebooks, not tagged.

What is on screen (the notebooks read as text, sentences, numbers, dates, word roots) is in
screen.py; this module judges the questions against it, and finds leaks and tells. About 450 lines:
the judge, the leaks and the tells each read a question the same way (its key, its prompt, what is
shown with it), so they stay in one module.

A counted question (every type but `written`) is an **echo** when its key is on screen in its notebook
or an earlier one: the key option's content words (at least ECHO_SHARE of them) in one sentence (a
recall key: in one passage) of the notebooks' markdown or stored outputs (or of the other questions
shown with it), or the keyed number or date printed there in any of the course's notations; an
order question when each item prints its own date or is in a dated sentence (a recall one's:
anywhere). A chart's hover is not on screen (it is neither printed nor read aloud). A table row is
one sentence as well as its cells (a side-by-side row is read across). The quizzes are on screen
too (`shown_with`): every other question of the same part, of the notebook's earlier part and of the
earlier notebooks' banks, with, once answered, its key, feedback, explanation and model answer. A
prompt that holds PROMPT_SHARE of its key's words (more than any other option's) states its key.

Stricter than a verbatim match, since a key taught in other words is still on screen: words are
cut to crude lemmas (`stem`); the names the glossary, people and places give one thing are one
token (`synonyms`); words the prompt already gives are no clue; a chart's printed text (titles,
labels, annotations) is on screen. A **recall** question (one asking for a fact, name, date, number
or term: a skill that is not reasoning, or a prompt asking what the article says, who, or its
order) is an echo when its key is anywhere in a passage of PASSAGE sentences; a reasoning question
when it is in one sentence.

`problems` (what `make check` fails on): a notebook where fewer than half the counted questions, or
fewer than half the counted core ones (the quiz after the summary), are not echoes; a `skill` tag that disagrees
with the check (a reasoning skill on an echo); an absolute or dismissive word (all, only, never,
alone, settles, false, proves, needs no ...) only in distractors; a hedge (perhaps, likely, may,
seems ...) only in distractors while the key is plain; the course's phrasing only in the key.
`told_leaks` (also failing): a clause of a key told by another question shown before or beside it
(its prompt, feedback, outside note, explanation), and, for a calendar question, the calendar of a
date in its prompt named beside that date elsewhere (its options would fall by elimination). Key positions are counted in one place,
`bank_review.key_positions`, and reviewed there. `report` prints, per notebook: questions, echoes,
core questions not echoes, reasoning by skill.

Run: `python -m helpers.authoring.echo` (report, then problems; exit 1 if there are any).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from helpers.authoring.bank_review import REASONING
from helpers.authoring.screen import (
    MONTHS,
    STOP,
    date_on,
    numbers,
    passages,
    screen_text,
    sentences,
    word_set,
    words_in,
)
from helpers.data.files import DATA_DIR, read_yaml
from helpers.text import with_sources_in

COURSE_WORDS = "article articles says said prints printed gives given number numbers date dates own"
ABSOLUTE = {
    "all", "every", "only", "must", "always", "never", "none", "entirely", "completely", "solely",
    "wholly", "nothing", "nobody", "everyone", "everything", "no one", "sole", "alone", "settles",
    "settle", "false", "proves", "prove", "proof", "needs no", "no check", "cannot", "established",
    "outranks", "certainly", "certain", "definitely", "clearly", "obviously", "undoubtedly",
    "beyond doubt", "no doubt", "confirmed", "as a fact", "likeliest",
}  # fmt: skip
# absolute or dismissive words: a tell when only distractors use them (the key is the hedged one)
HEDGE = {
    "perhaps", "probably", "probable", "likely", "unlikely", "may", "might", "possibly", "possible",
    "seem", "seems", "seemingly", "suspect", "some sign", "could be", "apparently", "presumably",
}  # fmt: skip
# hedging words: a tell too when only distractors use them (the plain option is the key)


def words_of(text: str, vocabulary: set[str]) -> set[str]:
    """The words and phrases of `vocabulary` a text uses (lower case, whole words)."""
    low = text.lower()
    return {w for w in vocabulary if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low)}


def absolute_words(text: str) -> set[str]:
    """The ABSOLUTE words and phrases a text uses (lower case, whole words)."""
    return words_of(text, ABSOLUTE)


def hedge_words(text: str) -> set[str]:
    """The HEDGE words and phrases a text uses (lower case, whole words)."""
    return words_of(text, HEDGE)


RECALL_PROMPT = re.compile(
    r"according to the article|in the article's order|\bwho\b|what happened|which .*(did|does) the "
    r"article (name|say|give|list|call)|what does the article (say|name|give|call|print)",
    re.IGNORECASE,
)


def recall(q: dict[str, Any]) -> bool:
    """Whether a question asks for a fact, name, date, number or term (not a judgement): tagged
    with a skill that is not reasoning, or asking what the article says, who, or its order."""
    return q.get("skill", "recall") not in REASONING or bool(
        RECALL_PROMPT.search(q.get("prompt", ""))
    )


PROMPT_SHARE = 0.6  # of a key's content words in its own prompt: the prompt tells the key


def gives_key(prompt: str, choices: dict[str, str], answer: str) -> bool:
    """Whether a prompt states its own key in other words: at least PROMPT_SHARE of the key's
    content words are the prompt's, a larger share than any other option's."""

    def share(text: str) -> float:
        words = word_set(text)
        return len(words & word_set(prompt)) / len(words) if words else 0.0

    key = share(choices.get(answer, ""))
    return key >= PROMPT_SHARE and all(share(t) < key for c, t in choices.items() if c != answer)


def carries_date(text: str) -> bool:
    """Whether an order item prints its own date (a day and a month), so it needs no placing."""
    months = "|".join(MONTHS)
    return bool(
        re.search(rf"\b\d{{1,2}}(-\d{{1,2}})?\s+({months})\b|\b({months})\s+\d{{1,2}}\b", text)
    )


@dataclass(frozen=True)
class Verdict:
    """The echo check's finding on one question."""

    qid: str
    skill: str
    part: str  # core or further
    echo: bool
    why: str  # what on screen gives the key away ('' if nothing)


def judge(q: dict[str, Any], screen: list[str]) -> Verdict:
    """Whether the screen (a list of sentences) gives a question's key away. A recall question's
    key may be anywhere in a passage (PASSAGE sentences in a row); a reasoning question's in one
    sentence."""
    units = passages(screen) if recall(q) else screen
    where = "a passage" if recall(q) else "a sentence"
    choices = {c["id"]: c["text"] for c in q.get("choices") or []}
    kind, answer, skill, prompt = (
        q["type"],
        q.get("answer"),
        q.get("skill", "recall"),
        q.get("prompt", ""),
    )
    why = ""
    if kind in ("single", "source"):
        hit = words_in(choices.get(answer, ""), units, prompt)
        why = f"the key {choices[answer]!r} is in {where} on screen: {hit[:90]!r}" if hit else ""
        if not why and gives_key(prompt, choices, answer):
            why = f"the prompt states the key {choices[answer]!r} in other words"
    elif kind == "multiple":
        hits = [words_in(choices[a], units, prompt) for a in answer]
        why = f"every key is in {where} on screen: {hits[0][:90]!r} ..." if all(hits) else ""
    elif kind == "numeric":
        tol = max(float(q.get("tolerance", 0)), 1e-9)
        about = word_set(q.get("prompt", "")) - word_set(COURSE_WORDS)
        plain = float(answer).is_integer() and abs(answer) < 100  # 8, 9: only beside its subject
        hit = next(
            (
                s
                for s in units
                if any(abs(v - answer) <= tol for v in numbers(s))
                and (not plain or len(about & word_set(s)) >= 2)
            ),
            "",
        )
        why = f"{answer:g} is printed: {hit[:80]!r}" if hit else ""
    elif kind == "date":
        ymd = tuple(int(x) for x in str(answer).split("-"))
        hit = next((s for s in passages(screen) if date_on(ymd, s)), "")  # type: ignore[arg-type]
        why = f"{answer} is printed: {hit[:80]!r}" if hit else ""
    elif kind == "order":
        dated = [s for s in units if re.search(r"\b1[89]\d\d\b", s)]
        placed = [
            a
            for a in answer
            if carries_date(choices[a])
            or words_in(choices[a], units if recall(q) else dated, prompt)
        ]
        if len(placed) == len(answer):
            why = (
                f"every item carries its date or is in {'a dated sentence' if not recall(q) else where}"
                " on screen"
            )
    return Verdict(q["id"], skill, part_of(q), bool(why), why)


def notebook_ids(data_dir: Path) -> list[str]:
    """The notebooks of data/notebooks.yaml, in course order."""
    spec, _ = read_yaml(Path(data_dir) / "notebooks.yaml")
    return [nb["id"] for nb in (spec or {}).get("notebooks") or []]


def banks(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Every notebook's parsed quiz bank, in course order."""
    out = {}
    for nb in notebook_ids(data_dir):
        doc, problems = read_yaml(Path(data_dir) / "quiz" / f"{nb}.yaml")
        if not problems and isinstance(doc, dict):
            out[nb] = with_sources_in(doc)  # as a student reads it: markup rendered
    return out


PARTS = ("core", "further")  # a notebook's quizzes, in the order a student meets them


def told(q: dict[str, Any]) -> list[str]:
    """What a question puts on screen: its prompt and sources, and, once answered, its key, every
    option's feedback (a numeric's tempting answers' too), its outside note, its explanation and
    its model answer."""
    out = [q.get("prompt", ""), *(s.get("text", "") for s in q.get("sources") or [])]
    answer = q.get("answer")
    keys = answer if isinstance(answer, list) else [answer]
    for c in q.get("choices") or []:
        out.append(c.get("feedback", ""))
        if c.get("id") in keys and q.get("type") != "order":
            out.append(c.get("text", ""))
    out += [t.get("feedback", "") for t in q.get("tempting") or []]
    out.append((q.get("outside") or {}).get("note", ""))  # shown under the feedback, labelled
    out += [q.get("explanation", ""), q.get("model_answer", "")]
    return [t for t in out if t]


def shown_with(
    q: dict[str, Any], doc: dict[str, Any], before: list[dict[str, Any]] = ()
) -> list[str]:
    """What the quizzes show before or beside q: every other question of its quiz part and of the
    notebook's earlier parts (prompts, sources, and after answering keys, feedback, explanations),
    and the same of every question of the earlier notebooks' banks (`before`)."""
    mine = PARTS.index(part_of(q)) if part_of(q) in PARTS else 0
    out = [t for other in before for oq in other.get("questions") or [] for t in told(oq)]
    for other in doc.get("questions") or []:
        if other["id"] != q["id"] and PARTS.index(part_of(other)) <= mine:
            out += told(other)
    return out


def part_of(q: dict[str, Any]) -> str:
    """The quiz part a question is asked in: core (after the summary) or further."""
    return str(q.get("part", "core"))


def verdicts(data_dir: Path = DATA_DIR, notebooks: Path | None = None) -> dict[str, list[Verdict]]:
    """Every counted question's verdict, per notebook. The screen: the earlier notebooks and this
    one; for a core question only this notebook's core part (before "## Further work"), so a core
    question whose key is shown only in further work is not found there."""
    folder = Path(notebooks or Path(data_dir).parent / "notebooks")
    screen: list[str] = []
    out: dict[str, list[Verdict]] = {}
    before: list[dict[str, Any]] = []
    for nb, doc in banks(data_dir).items():
        path = folder / f"{nb}.ipynb"
        earlier = screen
        core = earlier
        if path.exists():
            screen = earlier + sentences(screen_text(path))
            core = earlier + sentences(screen_text(path, core_only=True))
        out[nb] = [
            judge(
                q,
                (screen if part_of(q) == "further" else core)
                + [s for t in shown_with(q, doc, before) for s in sentences(t)],
            )
            for q in doc.get("questions") or []
            if q["type"] != "written"
        ]
        before.append(doc)
    return out


def tells(doc: dict[str, Any], screen: list[str]) -> list[str]:
    """Distractor tells in a bank: an absolute word only in distractors; a hedge (perhaps, likely,
    may) only in distractors; course phrasing (three words in a row printed on screen) only in the
    key."""
    out = []
    phrases = {" ".join(t) for s in screen for t in trigrams(s)}
    for q in doc.get("questions") or []:
        if q["type"] not in ("single", "source") or not q.get("choices"):
            continue
        key = next(c["text"] for c in q["choices"] if c["id"] == q["answer"])
        others = [c["text"] for c in q["choices"] if c["id"] != q["answer"]]
        absolute = sorted(set().union(*map(absolute_words, others)) - absolute_words(key))
        if absolute:
            out.append(f"{q['id']}: only distractors say {', '.join(absolute)}")
        hedged = sorted(set().union(*map(hedge_words, others)))
        if hedged and not hedge_words(key):  # any hedge in the key balances: hedges vary in word
            out.append(f"{q['id']}: only distractors hedge ({', '.join(hedged)}); the key is plain")
        if course(key, phrases) and not any(course(o, phrases) for o in others):
            out.append(
                f"{q['id']}: only the key uses the course's phrasing ({course(key, phrases)!r})"
            )
    return out


CALENDAR_NAMED = re.compile(r"old style|new style|(?<![a-z])[on]\.\s?s\.", re.I)
PROMPT_DATE = re.compile(
    rf"\b(\d{{1,2}})\s+({'|'.join(MONTHS)}),?\s+(\d{{4}})|\b({'|'.join(MONTHS)})\s+(\d{{1,2}}),?\s+(\d{{4}})"
)
CLAUSE_WORDS = 3  # a key's clause this long or longer, told by another question, gives the key


def prompt_dates(text: str) -> list[tuple[int, int, int]]:
    """The dates (day, month and year) a text prints."""
    out = []
    for d1, m1, y1, m2, d2, y2 in PROMPT_DATE.findall(text):
        month = MONTHS.index(m1 or m2) + 1
        out.append((int(y1 or y2), month, int(d1 or d2)))
    return out


def calendar_named(ymd: tuple[int, int, int], sentence: str) -> bool:
    """Whether a sentence names the calendar a date (its day and month, year or not) is in."""
    _, m, d = ymd
    month = MONTHS[m - 1]
    day_month = rf"(?<!\d){d}\s+{month}\b|\b{month}\s+{d}(?!\d)"
    return bool(re.search(day_month, sentence, re.I) and CALENDAR_NAMED.search(sentence))


def key_clauses(q: dict[str, Any]) -> list[str]:
    """The clauses (cut at ':' and ';') of a single or source question's key that no distractor and
    not its own prompt has, CLAUSE_WORDS words or longer, lower case, quotes and apostrophes dropped."""
    if q["type"] not in ("single", "source") or not q.get("choices"):
        return []

    def plain(text: str) -> str:
        return re.sub(
            r"\s+", " ", re.sub(r"[\"'\u2018\u2019\u201c\u201d]", "", text.lower())
        ).strip()

    key = next((c["text"] for c in q["choices"] if c["id"] == q["answer"]), "")
    others = [plain(c["text"]) for c in q["choices"] if c["id"] != q["answer"]]
    others.append(plain(q.get("prompt", "")))
    clauses = [plain(c).strip(" .,") for c in re.split(r"[:;]", key)]
    return [
        c
        for c in clauses
        if len(re.findall(r"\w+", c)) >= CLAUSE_WORDS and not any(c in o for o in others)
    ]


def told_leaks(docs: dict[str, dict[str, Any]]) -> list[str]:
    """Questions another question gives away (what the quizzes show before or beside it: prompts,
    feedback, explanations): a clause of its key told in so many words, or, for a calendar question,
    the calendar of a date in its prompt named beside that date (so its options fall by elimination)."""
    out: list[str] = []
    before: list[dict[str, Any]] = []
    for nb, doc in docs.items():
        for q in doc.get("questions") or []:
            told_texts = shown_with(q, doc, before)
            lowered = [re.sub(r"[\"'\u2018\u2019\u201c\u201d]", "", t.lower()) for t in told_texts]
            lowered = [re.sub(r"\s+", " ", t) for t in lowered]
            for clause in key_clauses(q):
                if any(clause in t for t in lowered):
                    out.append(
                        f"data/quiz/{nb}.yaml: {q['id']}'s key ({clause!r}) is told by another question"
                    )
            if q.get("skill") == "calendar" and q["type"] in ("single", "source"):
                said = [
                    s
                    for ymd in prompt_dates(q.get("prompt", ""))
                    for t in told_texts
                    for s in sentences(t)
                    if calendar_named(ymd, s)
                ]
                if said:
                    out.append(
                        f"data/quiz/{nb}.yaml: {q['id']}'s dates have their calendar told by another "
                        f"question ({said[0]!r})"
                    )
        before.append(doc)
    return out


@cache
def trigrams(text: str) -> tuple[tuple[str, ...], ...]:
    """Three words in a row with at least two content words (kept per text: a notebook's screen
    holds every earlier notebook's sentences, read again for each bank)."""
    ws = re.findall(r"[^\W_]+", text.lower())
    grams = [tuple(ws[k : k + 3]) for k in range(len(ws) - 2)]
    return tuple(g for g in grams if sum(w not in STOP and len(w) > 2 for w in g) >= 2)


def course(text: str, phrases: set[str]) -> str:
    """The first phrase of a text printed on screen ('' if none)."""
    return next((" ".join(g) for g in trigrams(text) if " ".join(g) in phrases), "")


def problems(data_dir: Path = DATA_DIR, notebooks: Path | None = None) -> list[str]:
    """What `make check` fails on (see the module's docstring), one line each."""
    out = []
    found = verdicts(data_dir, notebooks)
    for nb, vs in found.items():
        core = [v for v in vs if v.part == "core"]
        for which, group in (("core ", core), ("", vs)):
            fresh = sum(not v.echo for v in group)
            if group and 2 * fresh < len(group):
                out.append(
                    f"data/quiz/{nb}.yaml: {fresh} of {len(group)} counted {which}questions are not "
                    "echoes (at least half must): rewrite some to need sourcing, corroboration, "
                    "context, a calendar judgement or a computation on numbers not printed"
                )
        for v in vs:
            if v.echo and v.skill in REASONING:
                out.append(f"data/quiz/{nb}.yaml: {v.qid} is tagged {v.skill} but {v.why}")
    screen: list[str] = []
    folder = Path(notebooks or Path(data_dir).parent / "notebooks")
    docs = banks(data_dir)
    for nb, doc in docs.items():
        if (folder / f"{nb}.ipynb").exists():
            screen += sentences(screen_text(folder / f"{nb}.ipynb"))
        out += [f"data/quiz/{nb}.yaml: {t}" for t in tells(doc, screen)]
    return out + told_leaks(docs)


def report(data_dir: Path = DATA_DIR, notebooks: Path | None = None) -> str:
    """Per notebook: counted questions, echoes, core questions not echoes, reasoning by skill."""
    lines = [
        "Echo check: counted questions, echoes (key on screen), core not echoes, reasoning by skill"
    ]
    for nb, vs in verdicts(data_dir, notebooks).items():
        echoes = [v.qid for v in vs if v.echo]
        core = [v for v in vs if v.part == "core"]
        reasoning = sum(v.skill in REASONING for v in vs)
        fresh = sum(not v.echo for v in core)
        lines.append(
            f"  {nb}: questions {len(vs)}, echoes {len(echoes)}"
            f"{' (' + ', '.join(echoes) + ')' if echoes else ''}; core {len(core)}, not echoes "
            f"{fresh}/{len(core)}; reasoning by skill {reasoning}/{len(vs)}"
        )
    return "\n".join(lines)


def main() -> int:
    """Print the report and the problems; 1 if there are problems."""
    print(report())
    found = problems()
    for line in found:
        print(f"  ✘ {line}")
    print("echo check OK" if not found else f"echo check: {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
