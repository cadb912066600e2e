"""Hand in a quiz: the student's record of one notebook as one small JSON file for the teacher.

Where: `$CAUCASUS_HANDIN` when set (on a hub, a shared exchange folder, mode 3733 root:teachers: each
student may create files there but not list it, the sticky bit keeps them from replacing anyone else's
file, the setgid bit gives every file the group `teachers`, and a file is written 0640, so teachers read
it and no other student can), otherwise `~/caucasus1917-handin/` (to upload to the school's LMS).
The file is `<notebook>.<student>.json`; handing in again replaces the student's own file atomically.

Who: the hub user ($JUPYTERHUB_USER) on a hub, otherwise a name the student types once, kept with the
progress. What: the answers as the quiz keeps them (every attempt, when the answer was shown, the
rubric points ticked, the times) and nothing of the key: a hand-in can be made before any answer;
and under "organiser" the lesson's organiser as saved ({"grid": {"<row>.<column>": text}, "claim",
"evidence", "saved_at"}, or {} when the student wrote nothing in it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from helpers.data.quiz_bank import Quiz
from helpers.quiz import attempts, grading, progress
from helpers.quiz.session import tidy

FORMAT = "caucasus1917-handin"
VERSION = 1
NAME_KEY = "name"  # kept in the progress under attempts.STUDENT, beside the shuffling seed
MAX_NAME = 64
PLAIN = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")  # a file-safe student name (no /, no leading dot)


class HandInError(Exception):
    """A hand-in that cannot be made: the message tells the student what to do."""


def slug(name: str) -> str:
    """A typed name as a plain file-safe name: 'Leyla Aliyeva' -> 'leyla-aliyeva', '../x' -> 'x'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9._@-]+", "-", text.strip().lower())
    text = re.sub(r"\.{2,}", ".", text).strip(".-_@")
    return text[:MAX_NAME].strip(".-_@")


def plain_name(name: Any) -> bool:
    """Whether a student name is safe in a file name (no path, no dot-dot, no leading dot)."""
    return isinstance(name, str) and bool(PLAIN.fullmatch(name)) and ".." not in name


def hub_user() -> str:
    """The JupyterHub user this kernel runs for ('' when not on a hub)."""
    return os.environ.get("JUPYTERHUB_USER", "").strip()


def saved_name() -> str:
    """The name the student typed once (kept with the progress), '' if none."""
    with contextlib.suppress(OSError):
        saved = progress.answers(attempts.STUDENT).get(NAME_KEY)
        name = saved.get("answer") if isinstance(saved, Mapping) else None
        if isinstance(name, str) and plain_name(name):
            return name
    return ""


def remember_name(typed: str) -> str:
    """Keep a typed name (as a plain name) for later hand-ins; the plain name, or HandInError."""
    name = slug(typed)
    if not plain_name(name):
        raise HandInError(
            "Type your name (letters or digits, e.g. leyla-aliyeva) in the box, then press Hand in."
        )
    with contextlib.suppress(OSError):
        progress.record_answer(attempts.STUDENT, NAME_KEY, name, False)
    return name


def student_name() -> str:
    """The hub user, else the name typed once ('' if the student has still to type it)."""
    user = hub_user()
    if user:
        return user if plain_name(user.lower()) else slug(user)
    return saved_name()


def folder() -> Path:
    """Where hand-ins go: $CAUCASUS_HANDIN, else ~/caucasus1917-handin."""
    if os.environ.get("CAUCASUS_HANDIN"):
        return Path(os.environ["CAUCASUS_HANDIN"]).expanduser().absolute()
    return Path.home() / "caucasus1917-handin"


def file_name(notebook_id: str, name: str) -> str:
    """`<notebook>.<student>.json`."""
    return f"{notebook_id}.{name}.json"


def bank_version(bank: Quiz) -> str:
    """A short fingerprint of what marking depends on (ids, types, choices, keys, rubric sizes)."""
    parts = [
        [
            q.id,
            q.type,
            q.objective,
            [c.id for c in q.choices],
            q.answer,
            q.tolerance,
            [t.value for t in q.tempting],
            len(q.rubric),
        ]
        for q in bank.questions
    ]
    text = json.dumps([bank.notebook, parts], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def now() -> str:
    """The time now, UTC, to the second, ISO 8601."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def record(
    bank: Quiz,
    name: str,
    saved: Mapping[str, Any],
    *,
    hub: bool = False,
    organiser: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The hand-in of one notebook: the student's entries as stored, the recomputed score and the
    organiser as saved ({} when the student wrote nothing in it)."""
    answers = {}
    for q in bank.questions:
        if q.id in saved:
            e = tidy(q, attempts.entry(saved[q.id]))  # older saves: presses after the reveal
            if e["attempts"] or e["shown_at"] is not None:
                answers[q.id] = e
    s = attempts.score(bank, {q: {"answer": e} for q, e in answers.items()})
    score = {"right": s.right, "answered": s.answered, "marked": s.total, "points": s.marks}
    return {
        "format": FORMAT,
        "version": VERSION,
        "notebook": bank.notebook,
        "banks": bank_version(bank),
        "student": name,
        "hub_user": hub,
        "handed_in": now(),
        "score": score,
        "answers": answers,
        "organiser": dict(organiser or {}),
    }


def refusal(bank: Quiz, data: Mapping[str, Any]) -> str:
    """Why a hand-in's answers cannot be the quiz's own record, in one line ('' if they can): an
    entry its attempts contradict (attempts after the answer was shown, an outcome they do not
    score), or a score its attempts do not give."""
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        return "no answers"
    for qid, raw in answers.items():
        try:
            q = bank.question(str(qid))
        except KeyError:
            return f"answers question {str(qid)[:40]!r}, which the {bank.notebook} quiz lacks"
        problem = attempts.contradiction(q, raw)
        if problem:
            return f"the answer to {qid} contradicts itself: {problem}"
    s = attempts.score(bank, {q: {"answer": e} for q, e in answers.items()})
    given = data.get("score")
    want = {"right": s.right, "answered": s.answered, "points": s.marks}
    if isinstance(given, Mapping):
        for key, value in want.items():
            if key in given and given[key] != value:
                return f"its score says {key} {given[key]}, its attempts give {value:g}"
    return ""


def write(target: Path, data: Mapping[str, Any]) -> None:
    """Write a hand-in atomically (progress.atomic_write), mode 0640: the folder's group (teachers)
    reads it; others do not."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    progress.atomic_write(target, text.encode("utf-8"), mode=0o640)


def hand_in(notebook_id: str, name: str | None = None) -> Path:
    """Hand in one notebook's quiz; the file written. Raises HandInError with what to do."""
    bank = grading.load(notebook_id)
    # on a hub the hub user hands in, whatever is typed
    who = student_name() if hub_user() else (remember_name(name) if name else saved_name())
    if not who:
        raise HandInError(
            "Type your name in the box, then press Hand in (it is kept for next time)."
        )
    try:
        saved = progress.answers(notebook_id)
        organiser = progress.organiser(notebook_id)
    except OSError as e:
        raise HandInError(f"Your saved answers could not be read ({e.strerror}).") from None
    data = record(bank, who, saved, hub=bool(hub_user()), organiser=organiser)
    problem = refusal(bank, data)
    if problem:
        raise HandInError(
            f"Your saved answers to this quiz cannot be handed in: {problem}. "
            "Press Start again, or ask your teacher."
        )
    try:
        where = folder()
    except RuntimeError:  # no home folder (HOME unset, no passwd entry)
        raise HandInError(
            "There is no home folder to hand in to; your teacher can set CAUCASUS_HANDIN."
        ) from None
    try:
        if not os.environ.get("CAUCASUS_HANDIN"):
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = where / file_name(notebook_id, who)
        write(target, data)
    except PermissionError:
        raise HandInError(
            f"The hand-in folder {where} would not take your file: a file with your name may be "
            "there already that is not yours. Tell your teacher."
        ) from None
    except OSError as e:
        raise HandInError(f"Your hand-in could not be written to {where} ({e.strerror}).") from None
    return target
