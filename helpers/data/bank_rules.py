"""What breaks a quiz bank (data/quiz/NN_slug.yaml): the rules the validator and every kernel check.

Breakage: the schema, an answer that is not among the choices or not a real date or number, an unknown
objective, a citation not in the article, a repeated id. The teaching policy (key balance, reasoning
share, questions that answer another) is reviewed by `make check` in helpers.authoring.bank_review and
never stops a lesson. The quiz model these banks are read into is helpers.data.quiz_bank: apart, so
that the validator (every cold load) does not build the model's classes it never uses.
"""

from __future__ import annotations

import math
from dataclasses import replace
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


def checked_alone(data_dir: Path, path: Path) -> list[Problem]:
    """One bank's problems, checked on its own (the rest of data/ may be broken)."""
    article = (data_dir / "article.txt").read_text(encoding="utf-8")
    return bank_problems(
        path, quiz_schema(data_dir), article, objectives(data_dir), source_ids(data_dir)
    )
