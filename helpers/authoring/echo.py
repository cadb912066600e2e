"""The echo check: which quiz questions the screen answers, measured from the notebooks, not tagged.

A counted question (every type but `written`) is an **echo** when its key is on screen in its notebook
or an earlier one: the key option's content words (at least ECHO_SHARE of them) in one sentence of
the notebooks' markdown or stored text outputs (or of the other questions shown with it), or the keyed
number or date printed there in any of the course's notations; an order question when each item is in
a dated sentence. A chart's hover is not on screen (it is neither printed nor read aloud).

`problems` (what `make check` fails on): a notebook where fewer than half the counted questions are
both not echoes and tagged with a reasoning skill; a `skill` tag that disagrees with the check (a
reasoning skill on an echo); an absolute word (all, only, never ...) only in distractors; the course's
phrasing only in the key; one key position holding more than a third of the one-key questions over
all banks, in bank order. `report` prints, per notebook: questions, echoes, reasoning by skill, and
the recall questions whose key the check did not find verbatim (a paraphrase is not detected: a
teacher reads those to see that the key is taught).

Run: `python -m helpers.authoring.echo` (report, then problems; exit 1 if there are any).
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.authoring.bank_review import REASONING
from helpers.data.files import DATA_DIR, read_yaml
from helpers.text import with_sources_in

REPO = Path(DATA_DIR).parent
ECHO_SHARE = 0.7  # of a key's content words in one sentence
MONTHS = re.findall(
    r"\w+", "January February March April May June July August September October November December"
)
STOP = set(
    re.findall(
        r"\w+",
        """a an and are as at be been by for from had has have he her his in into is it its of on or
        our she that the their them they this to was were which who with not but than then there
        these those also did does so such what when where why how one two three both each many more
        most other some any own same very can could would should will may might""",
    )
)
ABSOLUTE = {
    "all", "every", "only", "must", "always", "never", "none", "entirely", "completely", "solely",
    "wholly", "nothing", "nobody", "everyone", "everything", "no one", "sole",
}  # fmt: skip


def stem(word: str) -> str:
    """A word without its commonest English endings (boycotted, boycotts -> boycott; sides -> side)."""
    for end in ("ing", "ed", "es", "s"):
        if len(word) > len(end) + 3 and word.endswith(end):
            return word[: -len(end)]
    return word


def content_words(text: str) -> list[str]:
    """The words of a text that carry its content: lower case, stemmed, no stop words, no one-letter
    words."""
    return [stem(w) for w in re.findall(r"[^\W_]+", text.lower()) if len(w) > 1 and w not in STOP]


def html_text(markup: str) -> str:
    """The text of an HTML output (tags dropped, a table cell or row a sentence)."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)</(td|th|tr|p|li|div|h\d)>|<br\s*/?>", ". ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def screen_text(notebook: Path, core_only: bool = False) -> str:
    """What a notebook shows: its markdown and its stored text outputs (no chart JSON, no code);
    core_only: only the cells before its "## Further work" heading."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    parts = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", ""))
            if core_only and source.startswith("## Further work"):
                break
            parts.append(source)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append("".join(out.get("text", "")))
            bundle = out.get("data", {})
            if "text/html" in bundle:
                parts.append(html_text("".join(bundle["text/html"])))
            elif "text/plain" in bundle and "application/vnd.plotly.v1+json" not in bundle:
                parts.append("".join(bundle["text/plain"]))
    return "\n".join(parts)


def sentences(text: str) -> list[str]:
    """A text cut into sentences (and lines, table cells and list items)."""
    text = re.sub(r"(?<=\d)\.(?=\d)", "<DOT>", text)  # 4.4 is one number
    parts = re.split(r"(?<=[.!?;:])\s+|\n+|\|", text)
    return [p.replace("<DOT>", ".").strip() for p in parts if p.strip()]


def numbers(text: str) -> set[float]:
    """Every number printed in a text, read in each of the course's notations (12,000; 12 000;
    12.000; 4.4; 4,4; 3.81%)."""
    out: set[float] = set()
    text = re.sub(r"\b\d+,\s*pp?\.\s*[\d\u2013-]+", " ", text)  # a citation: work, page
    text = re.sub(r"\b\d{4}-\d\d-\d\d\b", " ", text)  # an ISO date is a date, not numbers
    months = "|".join(MONTHS)
    text = re.sub(rf"\b\d{{1,2}}\s+({months})", r" \1", text)  # 8 July: a day, not a count
    text = re.sub(rf"({months})\s+\d{{1,2}}\b", r"\1 ", text)
    for token in re.findall(r"\d[\d\s,.\u00a0\u202f]*\d|\d", text):
        token = re.sub(r"[\s\u00a0\u202f]", "", token)
        token = token.strip(".,")
        readings = [token.replace(",", ""), token.replace(".", "").replace(",", ".")]
        if re.search(r",(?!\d{3}(\D|$))", token):  # 4,4: a decimal comma, never thousands
            readings = readings[1:]
        if re.search(r"\.(?!\d{3}(\D|$))", token) and "," not in token:  # 4.4: a decimal dot
            readings = readings[:1]
        for reading in readings:
            try:
                out.add(float(reading))
            except ValueError:
                continue
    return out


def date_forms(ymd: tuple[int, int, int]) -> list[str]:
    """A date in the notations the course prints (lower case)."""
    y, m, d = ymd
    month = MONTHS[m - 1].lower()
    return [
        f"{d} {month} {y}",
        f"{month} {d}, {y}",
        f"{month} {d} {y}",
        f"{y}-{m:02}-{d:02}",
        f"{d:02}.{m:02}.{y}",
        f"{d}.{m}.{y}",
    ]


def date_on(ymd: tuple[int, int, int], sentence: str) -> bool:
    """Whether a sentence prints a date (with its year, or with the year elsewhere in it)."""
    s = re.sub(r"\s+", " ", sentence.lower().replace("\u00a0", " "))
    if any(f in s for f in date_forms(ymd)):
        return True
    y, m, d = ymd
    month = MONTHS[m - 1].lower()
    day = rf"(?<!\d){d}(?!\d)"
    return str(y) in s and bool(re.search(rf"{day}\s+{month}|{month}\s+{day}", s))


def words_in(text: str, sents: list[set[str]]) -> bool:
    """Whether ECHO_SHARE of a text's content words are in one sentence."""
    mine = set(content_words(text))
    if not mine:
        return False
    return any(len(mine & s) >= ECHO_SHARE * len(mine) for s in sents)


@dataclass(frozen=True)
class Verdict:
    """The echo check's finding on one question."""

    qid: str
    skill: str
    echo: bool
    why: str  # what on screen gives the key away ('' if nothing)


def judge(q: dict[str, Any], screen: list[str]) -> Verdict:
    """Whether the screen (a list of sentences) gives a question's key away."""
    sets = [set(content_words(s)) for s in screen]
    choices = {c["id"]: c["text"] for c in q.get("choices") or []}
    kind, answer, skill = q["type"], q.get("answer"), q.get("skill", "recall")
    why = ""
    if kind in ("single", "source") and words_in(choices.get(answer, ""), sets):
        why = f"the key {choices[answer]!r} is in a sentence on screen"
    elif kind == "multiple" and all(words_in(choices[a], sets) for a in answer):
        why = "every key is in a sentence on screen"
    elif kind == "numeric":
        tol = max(float(q.get("tolerance", 0)), 1e-9)
        about = set(content_words(q.get("prompt", "")))
        plain = float(answer).is_integer() and abs(answer) < 100  # 8, 9: only beside its subject
        hit = next(
            (
                s
                for s in screen
                if any(abs(v - answer) <= tol for v in numbers(s))
                and (not plain or len(about & set(content_words(s))) >= 2)
            ),
            "",
        )
        why = f"{answer:g} is printed: {hit[:80]!r}" if hit else ""
    elif kind == "date":
        ymd = tuple(int(x) for x in str(answer).split("-"))
        hit = next((s for s in screen if date_on(ymd, s)), "")  # type: ignore[arg-type]
        why = f"{answer} is printed: {hit[:80]!r}" if hit else ""
    elif kind == "order":
        dated = [set(content_words(s)) for s in screen if re.search(r"\b1[89]\d\d\b", s)]
        if all(words_in(choices[a], dated) for a in answer):
            why = "every item is in a dated sentence on screen"
    return Verdict(q["id"], skill, bool(why), why)


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


def shown_with(q: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """The other questions' prompts and sources, shown on the same screen as q (its quiz part's)."""
    out = []
    for other in doc.get("questions") or []:
        if other["id"] != q["id"] and part_of(other) == part_of(q):
            out.append(other.get("prompt", ""))
            out += [s.get("text", "") for s in other.get("sources") or []]
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
                + [s for t in shown_with(q, doc) for s in sentences(t)],
            )
            for q in doc.get("questions") or []
            if q["type"] != "written"
        ]
    return out


def tells(doc: dict[str, Any], screen: list[str]) -> list[str]:
    """Distractor tells in a bank: an absolute word only in distractors; course phrasing (three
    words in a row printed on screen) only in the key."""
    out = []
    phrases = {" ".join(t) for s in screen for t in trigrams(s)}
    for q in doc.get("questions") or []:
        if q["type"] not in ("single", "source") or not q.get("choices"):
            continue
        key = next(c["text"] for c in q["choices"] if c["id"] == q["answer"])
        others = [c["text"] for c in q["choices"] if c["id"] != q["answer"]]
        words = {w for o in others for w in re.findall(r"[a-z]+", o.lower())}
        absolute = sorted((words & ABSOLUTE) - set(re.findall(r"[a-z]+", key.lower())))
        if absolute:
            out.append(f"{q['id']}: only distractors say {', '.join(absolute)}")
        if course(key, phrases) and not any(course(o, phrases) for o in others):
            out.append(
                f"{q['id']}: only the key uses the course's phrasing ({course(key, phrases)!r})"
            )
    return out


def trigrams(text: str) -> list[tuple[str, ...]]:
    """Three words in a row with at least two content words."""
    ws = re.findall(r"[^\W_]+", text.lower())
    grams = [tuple(ws[k : k + 3]) for k in range(len(ws) - 2)]
    return [g for g in grams if sum(w not in STOP and len(w) > 2 for w in g) >= 2]


def course(text: str, phrases: set[str]) -> str:
    """The first phrase of a text printed on screen ('' if none)."""
    return next((" ".join(g) for g in trigrams(text) if " ".join(g) in phrases), "")


def key_positions(docs: dict[str, dict[str, Any]]) -> list[str]:
    """Over all banks, in bank order: no position holds more than a third of the one-key questions."""
    positions: dict[int, int] = {}
    for doc in docs.values():
        for q in doc.get("questions") or []:
            ids = [c["id"] for c in q.get("choices") or []]
            if q["type"] in ("single", "source") and q.get("answer") in ids:
                k = ids.index(q["answer"])
                positions[k] = positions.get(k, 0) + 1
    total = sum(positions.values())
    return [
        f"over all banks the key is option {'abcdefgh'[k]} in {n} of {total} one-key questions "
        "(at most a third)"
        for k, n in sorted(positions.items())
        if 3 * n > total
    ]


def problems(data_dir: Path = DATA_DIR, notebooks: Path | None = None) -> list[str]:
    """What `make check` fails on (see the module's docstring), one line each."""
    out = []
    found = verdicts(data_dir, notebooks)
    for nb, vs in found.items():
        reasoning = sum(not v.echo and v.skill in REASONING for v in vs)
        if vs and 2 * reasoning < len(vs):
            out.append(
                f"data/quiz/{nb}.yaml: {reasoning} of {len(vs)} counted questions are not echoes "
                "and need reasoning (at least half must): rewrite some to need sourcing, "
                "corroboration, context, a calendar judgement or a computation"
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
    return out + key_positions(docs)


def report(data_dir: Path = DATA_DIR, notebooks: Path | None = None) -> str:
    """Per notebook: counted questions, echoes, non-echo share, reasoning by the skill tags."""
    lines = [
        "Echo check: counted questions, echoes (key on screen), not echoes, reasoning by skill"
    ]
    for nb, vs in verdicts(data_dir, notebooks).items():
        echoes = [v.qid for v in vs if v.echo]
        reasoning = sum(v.skill in REASONING for v in vs)
        counted = sum(not v.echo and v.skill in REASONING for v in vs)
        share = (len(vs) - len(echoes)) / len(vs) if vs else 1.0
        unseen = [v.qid for v in vs if not v.echo and v.skill not in REASONING]
        lines.append(
            f"  {nb}: questions {len(vs)}, echoes {len(echoes)}"
            f"{' (' + ', '.join(echoes) + ')' if echoes else ''}, not echoes {share:.0%}, "
            f"reasoning by skill {reasoning}/{len(vs)}, not echo and reasoning {counted}/{len(vs)}"
            + (
                f"; recall keys not found verbatim (taught in other words?): {', '.join(unseen)}"
                if unseen
                else ""
            )
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
