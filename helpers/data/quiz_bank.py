"""Quiz banks (data/quiz/NN_slug.yaml): the quiz model, loading, and what breaks a bank.

Breakage (the validator and every kernel check it): the schema, an answer that is not among the choices
or not a real date or number, an unknown objective, a citation not in the article, a repeated id. The
teaching policy (key balance, reasoning share, questions that answer another) is reviewed by `make
check` in helpers.authoring.bank_review and never stops a lesson.

About 400 lines: the model, its loading and every breakage rule of a bank in one place, so what a
bank may hold is read in one file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from helpers.data.errors import DataError, Problem, guarded
from helpers.data.files import read_csv, read_yaml
from helpers.data.text_search import in_article
from helpers.data.yaml_schema import located, schema_errors

TYPES = ("single", "multiple", "order", "numeric", "date", "source", "written")
SKILLS = (
    "recall",
    "convert",  # a plain +13-day calendar conversion: not counted as reasoning
    "sourcing",
    "corroboration",
    "contextualisation",
    "calendar",
    "recompute",
)
CHOICE_TYPES = ("single", "multiple", "order", "source")


@dataclass(frozen=True)
class Choice:
    """One option of a choice, order or source-reasoning question."""

    id: str
    text: str
    feedback: str = ""  # shown after answering: why this choice is tempting, or why it is right
    citation: str = (
        ""  # order: this item's own citation as printed ('' where the article prints none)
    )
    evidence: str = ""  # order: the article's words for this item (they locate its paragraph)
    misconception: str = ""  # a wrong option: the mistake's short name (the class report counts it)


@dataclass(frozen=True)
class Tempting:
    """A wrong typed answer worth its own feedback (e.g. the Old Style date of an event)."""

    value: Any
    feedback: str
    misconception: str = ""  # the mistake's short name, e.g. "Old Style read as New Style"


@dataclass(frozen=True)
class Question:
    """One quiz question with its answer key (kept in the kernel, never sent to the browser)."""

    id: str
    type: str
    objective: str
    prompt: str
    answer: Any
    explanation: str
    citation: str
    skill: str = "recall"
    choices: tuple[Choice, ...] = ()
    tolerance: float = 0.0
    unit: str = ""
    calendar: str = ""
    year: int | None = None
    tempting: tuple[Tempting, ...] = ()
    evidence: str = ""
    anchor: str = (
        ""  # the phrase of the article its citation is checked against (evidence, else anchor)
    )
    model_answer: str = ""
    partly: str = ""  # written: an answer partly there, shown beside the model answer
    sources: tuple[dict[str, str], ...] = ()
    outside: dict[str, Any] | None = None  # {note, confidence, source: [ids of sources.csv]}
    rubric: tuple[str, ...] = ()  # written: the points a good answer makes (the student ticks them)
    min_words: int = 12  # written and source: the shortest reason accepted
    bounds: tuple[float | None, float | None] = (None, None)  # numeric: a sensible range
    part: str = "core"  # core: the quiz after the summary; further: the quiz of Further work

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id (None if there is none)."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Quiz:
    """The questions of one notebook's bank."""

    notebook: str
    title: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"no question {question_id!r} in the {self.notebook} quiz")


def quiz_schema(data_dir: Path) -> dict[str, Any]:
    """The JSON Schema of a quiz bank, from x-yaml-schemas in data/datapackage.yaml."""
    descriptor, problems = read_yaml(Path(data_dir) / "datapackage.yaml")
    if problems:
        raise DataError(problems)
    return (descriptor.get("x-yaml-schemas") or {}).get("quiz") or {"type": "object"}


def objectives(data_dir: Path) -> dict[str, set[str]]:
    """Objective ids of every notebook in data/notebooks.yaml: {notebook_id: {"o1.1", ...}}."""
    spec, problems = read_yaml(Path(data_dir) / "notebooks.yaml")
    if problems or not isinstance(spec, dict):
        return {}
    return {
        nb["id"]: {o["id"] for o in nb.get("objectives") or []}
        for nb in spec.get("notebooks") or []
        if isinstance(nb, dict) and "id" in nb
    }


def source_ids(data_dir: Path) -> set[str]:
    """The ids of data/sources.csv (an empty set when it cannot be read: validate reports that)."""
    text = read_csv(Path(data_dir) / "sources.csv")
    if text.unreadable or "source_id" not in text.header:
        return set()
    at = text.header.index("source_id")
    return {r[at].strip() for r in text.records if len(r) > at} - {""}


def outside_problems(q: dict[str, Any], sources: set[str]) -> list[tuple[list[Any], str]]:
    """An outside note names its works by ids of data/sources.csv, never the vetting file."""
    out: list[tuple[list[Any], str]] = []
    for j, sid in enumerate((q.get("outside") or {}).get("source") or []):
        where = ["outside", "source", j]
        if sid == "fact_sheet":
            out.append((where, "name the works the fact sheet names, not the fact sheet itself"))
        elif sources and sid not in sources:
            out.append((where, f"{sid!r} is not a source_id of data/sources.csv"))
    return out


def content_problems(
    path: Path,
    doc: dict[str, Any],
    article: str,
    known: dict[str, set[str]],
    sources: set[str] | None = None,
) -> list[tuple[list[Any], str]]:
    """Checks beyond the schema, as (key path, message) pairs.

    sources: the ids of data/sources.csv an outside note may name.
    """
    out: list[tuple[list[Any], str]] = []
    notebook = path.stem
    if known and notebook not in known:
        out.append(
            ([], f"the file name must be a notebook id of data/notebooks.yaml, not {notebook!r}")
        )
    if doc.get("notebook") != notebook:
        out.append((["notebook"], f"must be {notebook!r}, the file's name without .yaml"))
    seen: dict[str, int] = {}
    for i, q in enumerate(doc.get("questions") or []):
        where = ["questions", i]
        qid = q["id"]
        if qid in seen:
            out.append(([*where, "id"], f"{qid!r} is used twice (first by questions[{seen[qid]}])"))
        seen.setdefault(qid, i)
        goals = known.get(notebook, set())
        if known and q["objective"] not in goals:
            listed = ", ".join(sorted(goals)) or "none"
            out.append(
                (
                    [*where, "objective"],
                    f"{q['objective']!r} is not an objective of {notebook}: use one of {listed}",
                )
            )
        for key in ("citation", "evidence"):
            if q.get(key) and not in_article(q[key], article):
                out.append(
                    (
                        [*where, key],
                        f"{q[key]!r} does not occur in the article: copy it exactly as "
                        "printed, e.g. '12, s.141'",
                    )
                )
        out += [([*where, *k], m) for k, m in item_problems(q, article)]
        out += [([*where, *k], m) for k, m in answer_problems(q)]
        out += [([*where, *k], m) for k, m in outside_problems(q, sources or set())]
    return out


def item_problems(q: dict[str, Any], article: str) -> list[tuple[list[Any], str]]:
    """An order question's items each carry their own citation and evidence, copied from the article,
    and the question's citation is one of theirs; other questions' choices carry neither."""
    out: list[tuple[list[Any], str]] = []
    for j, c in enumerate(q.get("choices") or []):
        for key in ("citation", "evidence"):
            if key in c and q["type"] != "order":
                out.append((["choices", j, key], f"only an order question's items carry a {key}"))
            elif c.get(key) and not in_article(c[key], article):
                out.append(
                    (
                        ["choices", j, key],
                        f"{c[key]!r} does not occur in the article: copy it exactly as printed",
                    )
                )
    cited = [c.get("citation", "") for c in q.get("choices") or []]
    if q["type"] == "order" and any(cited) and q.get("citation") not in cited:
        listed = "; ".join(f"({c})" for c in dict.fromkeys(cited) if c)
        out.append(
            (
                ["citation"],
                f"an order question cites the item its explanation turns on: one of {listed}",
            )
        )
    return out


def answer_problems(q: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """The answer must fit the question type: among the choices, a date, a full order."""
    kind, answer = q["type"], q.get("answer")
    ids = [c["id"] for c in q.get("choices") or []]
    listed = ", ".join(ids)
    out: list[tuple[list[Any], str]] = []
    if kind in CHOICE_TYPES and len(set(ids)) != len(ids):
        out.append((["choices"], "two choices share an id; give each a different id"))
    if kind == "written" and len(q.get("rubric") or []) not in (3, 4):
        out.append((["rubric"], "give a written question 3 or 4 rubric points"))
    if kind in ("single", "source") and answer not in ids:
        out.append((["answer"], f"{answer!r} is not one of the choices {listed}"))
    for j, c in enumerate(q.get("choices") or []):
        wrong = c["id"] != answer if kind in ("single", "source") else kind == "multiple"
        if wrong and not c.get("feedback"):
            out.append(
                (["choices", j], "give this choice a feedback: why it is tempting, or right")
            )
        right = c["id"] in (answer if isinstance(answer, list) else [answer])
        if c.get("misconception") and (kind == "order" or right):
            out.append(
                (["choices", j, "misconception"], "only a wrong option names a misconception")
            )
    if kind == "multiple":
        for j, a in enumerate(answer):
            if a not in ids:
                out.append((["answer", j], f"{a!r} is not one of the choices {listed}"))
    if kind == "order":
        if sorted(answer) != sorted(ids):
            out.append((["answer"], f"must list every choice once, in the right order: {listed}"))
        elif list(answer) == ids:
            out.append((["choices"], "list the items out of order: the quiz shows them as listed"))
    if kind == "numeric":
        numbers = [(["answer"], answer), (["tolerance"], q.get("tolerance", 0))]
        numbers += [(["range", j], v) for j, v in enumerate(q.get("range") or [])]
        numbers += [
            (["tempting", j, "value"], t["value"]) for j, t in enumerate(q.get("tempting") or [])
        ]
        for key, value in numbers:
            if isinstance(value, float) and not math.isfinite(value):
                out.append(
                    (key, f"{value!r} is not a number a student could type: write it, e.g. 36")
                )
    if kind == "date":
        for key, value in [(["answer"], answer)] + [
            (["tempting", j, "value"], t["value"]) for j, t in enumerate(q.get("tempting") or [])
        ]:
            if iso_date(value) is None:
                out.append(
                    (key, f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 1918-05-28")
                )
    return out


def iso_date(value: Any) -> tuple[int, int, int] | None:
    """'1918-05-28' (or a YAML date) -> (1918, 5, 28); None if it is not a real date."""
    import datetime as dt

    try:
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return None
    return (d.year, d.month, d.day)


def bank_problems(
    path: Path,
    schema: dict,
    article: str,
    known: dict[str, set[str]],
    sources: set[str] | None = None,
) -> list[Problem]:
    """Every problem of one bank file: YAML syntax, schema, then content."""
    path = Path(path)
    name = bank_name(path)
    doc, problems = read_yaml(path)
    if problems:
        return [replace(p, file=name) for p in problems]
    errors = schema_errors(doc, schema) or content_problems(path, doc, article, known, sources)
    return located(path, errors, file=name)


def schema_problems(doc: Any, schema: dict[str, Any]) -> list[Any]:
    """The schema errors of a parsed bank."""
    return schema_errors(doc, schema)


def bank_name(path: Path) -> str:
    """How a teacher finds a bank from the repository root: data/quiz/NN_slug.yaml."""
    return f"data/quiz/{Path(path).name}"


def check_banks(data_dir: Path, schema: dict[str, Any] | None = None) -> list[Problem]:
    """Every problem in data/quiz/*.yaml (schema, answers, citations, objectives, ids).

    schema: the quiz bank schema, if the caller has already read data/datapackage.yaml.
    """
    data_dir = Path(data_dir)
    schema = schema or quiz_schema(data_dir)
    article = (data_dir / "article.txt").read_text(encoding="utf-8")
    known = objectives(data_dir)
    sources = source_ids(data_dir)
    problems: list[Problem] = []
    files = sorted((data_dir / "quiz").glob("*.yaml"))
    for path in files:
        problems += guarded(bank_name(path), bank_problems, path, schema, article, known, sources)
    for notebook in sorted(set(known) - {p.stem for p in files}):
        problems.append(
            Problem(
                bank_name(Path(f"{notebook}.yaml")),
                "quiz bank is missing for this notebook",
            )
        )
    return problems


def build(doc: dict[str, Any]) -> Quiz:
    """A Quiz from a parsed, checked bank."""
    questions = []
    for q in doc["questions"]:
        answer = q.get("answer")
        if q["type"] == "date":
            answer = iso_date(answer)
        questions.append(
            Question(
                id=q["id"],
                type=q["type"],
                objective=q["objective"],
                prompt=q["prompt"],
                answer=tuple(answer) if isinstance(answer, list) else answer,
                explanation=q["explanation"],
                citation=q["citation"],
                skill=q.get("skill", "recall"),
                choices=tuple(
                    Choice(
                        c["id"],
                        c["text"],
                        c.get("feedback", ""),
                        c.get("citation", ""),
                        c.get("evidence", ""),
                        c.get("misconception", ""),
                    )
                    for c in q.get("choices") or []
                ),
                tolerance=float(q.get("tolerance", 0)),
                unit=q.get("unit", ""),
                calendar=q.get("calendar", ""),
                year=answer[0] if q["type"] == "date" else None,
                tempting=tuple(
                    Tempting(
                        iso_date(t["value"]) if q["type"] == "date" else t["value"],
                        t["feedback"],
                        t.get("misconception", ""),
                    )
                    for t in q.get("tempting") or []
                ),
                evidence=q.get("evidence", ""),
                anchor=q.get("evidence") or q.get("anchor", ""),
                model_answer=q.get("model_answer", ""),
                partly=q.get("partly", ""),
                sources=tuple(q.get("sources") or ()),
                outside=q.get("outside"),
                rubric=tuple(q.get("rubric") or ()),
                min_words=int(q.get("min_words", 12 if q["type"] == "written" else 6)),
                bounds=numeric_bounds(q),
                part=str(q.get("part", "core")),
            )
        )
    return Quiz(doc["notebook"], doc.get("title", doc["notebook"]), tuple(questions))


def numeric_bounds(q: dict[str, Any]) -> tuple[float | None, float | None]:
    """A numeric question's sensible range: its `range`, else from 0 (and to 100 for a %)."""
    if q["type"] != "numeric":
        return (None, None)
    if q.get("range"):
        lo, hi = q["range"]
        return (lo, hi)
    return (0.0, 100.0 if q.get("unit", "").strip() == "%" else None)


def checked_alone(data_dir: Path, path: Path) -> list[Problem]:
    """One bank's problems, checked on its own (the rest of data/ may be broken)."""
    article = (data_dir / "article.txt").read_text(encoding="utf-8")
    return bank_problems(
        path, quiz_schema(data_dir), article, objectives(data_dir), source_ids(data_dir)
    )


def load_bank(data_dir: Path, notebook_id: str, *, checked: bool = False) -> Quiz:
    """One notebook's bank (raises DataError naming file, line and key if it is broken).

    checked=True: the caller knows the data folder passed validation as it is now (data.ensure_valid),
    so the bank is only read, not checked again.
    """
    data_dir = Path(data_dir)
    path = data_dir / "quiz" / f"{notebook_id}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in (data_dir / "quiz").glob("*.yaml")))
        raise DataError(
            [Problem(bank_name(path), f"no quiz bank for {notebook_id!r}; banks: {known}")]
        )
    if not checked:
        problems = guarded(bank_name(path), checked_alone, data_dir, path)
        if problems:
            raise DataError(problems)
    doc, problems = read_yaml(path)
    if problems:  # changed since it was checked
        raise DataError([replace(p, file=bank_name(path)) for p in problems])
    return build(doc)
