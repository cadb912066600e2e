"""A synthetic class: hand-ins of made-up students (student-01, ...) for tests and the teacher notebook.

Each student answers every question type through the quiz's own rules (attempts.add: a hint is never
an attempt, the answer shows after a right answer or two wrong ones) with a profile of their own:
mostly right at the first try, right at the second, wrong twice, "Show answer" first, or skipped.
Written answers and reasons vary per question and student (the question's model answer, its `partly`
example, or a short off-topic answer); hand-in times vary. Deterministic for a seed, so a report of
it is the same every run.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from helpers.data.quiz_bank import Question, Quiz
from helpers.quiz import attempts, grading, handin
from helpers.text import day_words

REASON = (
    "The writer took part in these events and wrote years later for a party audience, so I would "
    "check another account from the other side before trusting this claim."
)
OFF_TOPIC = (
    "In 1918 a lot happened and it was a hard time for everyone who lived there; I am not sure "
    "what else to write, so I will read the lesson again at home."
)


def text_for(q: Question, k: int) -> str:
    """A student's written answer or reason, the k-th of three kinds: the question's model answer,
    its `partly` example (written questions), or a short off-topic answer."""
    partly = q.partly.split(" (Partly:")[0] if q.partly else REASON  # without the guide's note
    kinds = [q.model_answer or REASON, partly, OFF_TOPIC]
    kinds = kinds[k % 3 :] + kinds[: k % 3]
    return next((t for t in kinds if accepted(q, t)), kinds[0])


def accepted(q: Question, text: str) -> bool:
    """Whether the quiz keeps this text as a written answer or a source reason (long enough, of
    the lesson): a text it refuses is never saved, so the sample class never hands it in."""
    given = {"text": text} if q.type == "written" else {"judgement": q.answer, "sentence": text}
    fb = grading.check(q, given)
    return bool(fb.written) if q.type == "written" else fb.correct is True


PROFILES = ("first", "first", "second", "wrong", "first", "shown", "skip", "second")


def right(q: Question, reason: str = REASON, written: str = REASON) -> Any:
    """What a student who knows the answer gives (with this reason or written text where asked)."""
    if q.type == "single":
        return q.answer
    if q.type in ("multiple", "order"):
        return list(q.answer)
    if q.type == "numeric":
        return f"{q.answer:g}"
    if q.type == "date":
        return day_words(*q.answer)
    if q.type == "source":
        return {"judgement": q.answer, "sentence": reason}
    if q.type == "written":
        return {"text": written}
    raise ValueError(f"no right answer for a {q.type} question")


def wrong(q: Question, k: int) -> Any:
    """A readable wrong answer, the k-th of its kind (a tempting one first where the bank has any)."""
    key = q.answer if q.type == "multiple" else [q.answer]
    others = [c.id for c in q.choices if c.id not in key]
    if q.type == "single":
        return others[k % len(others)]
    if q.type == "source":
        return {"judgement": others[k % len(others)], "sentence": REASON}
    if q.type == "multiple":
        return [*list(q.answer)[:-1], others[k % len(others)]]
    if q.type == "order":
        items = list(q.answer)
        return items[1:] + items[:1] if k % 2 else list(reversed(items))
    tempting = [t.value for t in q.tempting]
    if q.type == "numeric":
        candidates = [*tempting, q.answer + q.tolerance + 1, q.answer - q.tolerance - 1]
        candidates = [f"{v:g}" for v in candidates]
    else:
        y, m, d = q.answer
        candidates = [*tempting, (y, m, d + 1 if d < 28 else d - 1)]
        candidates = [day_words(*v) for v in candidates]
    readable = [c for c in candidates if grading.check(q, c).correct is False]
    return readable[k % len(readable)] if readable else right(q)


def answer(q: Question, profile: str, k: int, when: str, ticks: list[int]) -> dict[str, Any]:
    """One question's entry for a student of this profile."""
    e = attempts.entry(None)
    if profile == "shown":
        e["shown_at"] = 0
        return e
    if q.type == "written":
        attempts.add(q, e, right(q, written=text_for(q, k)), when)
        e["ticks"] = ticks
        return e
    reason = text_for(q, k) if q.type == "source" else REASON
    tries = {"first": [right(q, reason)], "second": [wrong(q, k), right(q, reason)]}.get(
        profile, [wrong(q, k), wrong(q, k + 1)]
    )
    for given in tries:
        if not attempts.revealed(q, e):
            attempts.add(q, e, given, when)
    return e


def student(bank: Quiz, index: int, seed: int = 1917) -> dict[str, Any]:
    """The saved answers of made-up student number `index` to one quiz."""
    rng = random.Random(f"{seed}-{bank.notebook}-{index}")
    base = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=index)
    saved = {}
    for n, q in enumerate(bank.questions):
        profile = PROFILES[(index + n) % len(PROFILES)] if rng.random() < 0.6 else "first"
        if profile == "skip":
            continue
        when = (base + dt.timedelta(minutes=2 * n)).isoformat()
        ticks = sorted(rng.sample(range(len(q.rubric)), rng.randint(0, len(q.rubric))))
        saved[q.id] = {"answer": answer(q, profile, index + n, when, ticks)}
    return saved


def make(folder: Path, banks: dict[str, Quiz], students: int = 30, seed: int = 1917) -> list[Path]:
    """Write one hand-in per student and notebook into folder; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for bank in banks.values():
        for i in range(1, students + 1):
            name = f"student-{i:02d}"
            data = handin.record(bank, name, student(bank, i, seed))
            late = random.Random(f"{seed}-{bank.notebook}-{i}-handed-in").randint(0, 3 * 24 * 60)
            data["handed_in"] = (
                dt.datetime(2026, 11, 30, 10, 0) + dt.timedelta(minutes=i * 7 + late)
            ).isoformat()
            target = folder / handin.file_name(bank.notebook, name)
            handin.write(target, data)
            written.append(target)
    return written
