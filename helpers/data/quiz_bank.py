"""Quiz banks (data/quiz/NN_slug.yaml): the quiz model and its loading.

What breaks a bank (the schema, an answer that is not among the choices or not a real date or number,
an unknown objective, a citation not in the article, a repeated id) is checked by
helpers.data.bank_rules, which the validator and every kernel run; its names are kept here too
(`check_banks`, `TYPES`, ...) for the model's callers. The teaching policy (key balance, reasoning
share, questions that answer another) is reviewed by `make check` in helpers.authoring.bank_review and
never stops a lesson.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from helpers.data.bank_rules import (
    CHOICE_TYPES,
    SKILLS,
    TYPES,
    answer_problems,
    bank_name,
    bank_problems,
    check_banks,
    checked_alone,
    content_problems,
    in_article,
    iso_date,
    item_problems,
    objectives,
    outside_problems,
    quiz_schema,
    schema_problems,
    source_ids,
)
from helpers.data.errors import DataError, Problem, guarded
from helpers.data.files import read_yaml

__all__ = [  # the breakage rules' names, for the callers that import them from here
    "CHOICE_TYPES",
    "SKILLS",
    "TYPES",
    "answer_problems",
    "bank_name",
    "bank_problems",
    "check_banks",
    "checked_alone",
    "content_problems",
    "in_article",
    "iso_date",
    "item_problems",
    "objectives",
    "outside_problems",
    "quiz_schema",
    "schema_problems",
    "source_ids",
]  # and the model below


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
