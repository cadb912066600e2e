"""Hand in a quiz: the student's record of one notebook as one small JSON file for the teacher.

Where: `$CAUCASUS_HANDIN` when set (on a hub, a shared exchange folder, mode 3773 root:teachers: each
student may create files there but not list it (teachers may), the sticky bit keeps them from replacing anyone else's
file, the setgid bit gives every file the group `teachers`, and a file is written 0640, so teachers read
it and no other student can), otherwise `hand-ins/` beside the notebook in JupyterLab (the student
downloads it from the file browser to upload it to the school's LMS) or `~/caucasus1917-handin/`.
The file is `<notebook>.<student>.json`; handing in again replaces the student's own file atomically.

Who: the hub user ($JUPYTERHUB_USER) on a hub, otherwise a name the student types once, kept with the
progress in their own letters (any script: "Məmməd Şıxəliyev", "Лейла Алиева", "ლეილა"); its file
name is an ASCII form plus a short hash of the typed name and the student's own random seed, so it
is stable for that student and two students with one name (or "Ayşe" and "Ayse") are two files. On
an exchange where a classmate's file already holds the student's name (a squat), the hand-in goes to
`<notebook>.<student>.<8 hex>.json`: the report decides by the file's owner. What: the answers as the
quiz keeps them (every attempt, when the answer was shown, the rubric points ticked, the times) and
nothing of the key: a hand-in can be made before any answer; and under "organiser" the lesson's
organiser as saved ({"grid": {"<row>.<column>": text}, "claim", "evidence", "saved_at"}, or {} when
the student wrote nothing in it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
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
PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")  # file-safe (no /, no leading dot)
PUNCT = set(" -'.’")  # besides letters, marks and digits of any script, in a typed name


class HandInError(Exception):
    """A hand-in that cannot be made: the message tells the student what to do."""


def slug(name: str) -> str:
    """A typed name as a plain file-safe name: 'Leyla Aliyeva' -> 'leyla-aliyeva', '../x' -> 'x'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9._@-]+", "-", text.strip().lower())
    text = re.sub(r"\.{2,}", ".", text).strip(".-_@")
    return text[:MAX_NAME].strip(".-_@")


def display_name(typed: Any) -> str:
    """A typed name as the student wrote it (NFC, spaces collapsed), '' unless it is letters (any
    script), digits, spaces, - ' . and at most MAX_NAME long."""
    if not isinstance(typed, str):
        return ""
    text = " ".join(unicodedata.normalize("NFC", typed).split())
    ok = all(unicodedata.category(ch)[0] in "LMN" or ch in PUNCT for ch in text)
    has_letter = any(unicodedata.category(ch)[0] == "L" for ch in text)
    return text if ok and has_letter and len(text) <= MAX_NAME else ""


def name_key(name: str, seed: str) -> str:
    """The file-safe key of a typed name: its ASCII letters and a hash of the name and the
    student's seed ('Ali Aliyev' -> 'ali-aliyev-3f2a9c01'); two students never share one."""
    digest = hashlib.sha256(f"{seed}|{name}".encode()).hexdigest()[:8]
    return f"{slug(name)[:40].strip('.-_@') or 'student'}-{digest}"


def plain_name(name: Any) -> bool:
    """Whether a student name is safe in a file name (no path, no dot-dot, no leading dot)."""
    return isinstance(name, str) and bool(PLAIN.fullmatch(name)) and ".." not in name


def hub_user() -> str:
    """The JupyterHub user this kernel runs for ('' when not on a hub)."""
    return os.environ.get("JUPYTERHUB_USER", "").strip()


def saved_name(record: Mapping[str, Any] | None = None) -> str:
    """The name the student typed once (kept with the progress), '' if none.

    record: the progress as just read (progress.read), so that a quiz cell reads the file once."""
    with contextlib.suppress(OSError):
        mine = (
            progress.answers(attempts.STUDENT)
            if record is None
            else record["notebooks"].get(attempts.STUDENT, {})
        )
        saved = mine.get(NAME_KEY)
        name = saved.get("answer") if isinstance(saved, Mapping) else None
        return display_name(name)
    return ""


def remember_name(typed: str) -> str:
    """Keep a typed name (in its own letters) for later hand-ins; the name, or HandInError."""
    name = display_name(typed)
    if not name:
        raise HandInError(
            "Type your name (letters of any alphabet, spaces, - or ', e.g. Leyla Əliyeva) in the "
            "box, then press Hand in."
        )
    with contextlib.suppress(OSError):
        progress.record_answer(attempts.STUDENT, NAME_KEY, name, False)
    return name


def student_key(name: str) -> str:
    """The file-safe student of a hand-in: the hub user as it is, else the typed name's key."""
    return name if hub_user() else name_key(name, attempts.student_seed())


def student_name(record: Mapping[str, Any] | None = None) -> str:
    """The hub user, else the name typed once ('' if the student has still to type it); record:
    the progress as just read, if it is."""
    user = hub_user()
    if user:
        return user if plain_name(user) else slug(user)
    return saved_name(record)


def folder() -> Path:
    """Where hand-ins go: $CAUCASUS_HANDIN; else, in a Jupyter kernel, `hand-ins/` beside the
    notebook (inside JupyterLab's root, so the student can download the file to upload it); else
    ~/caucasus1917-handin."""
    if os.environ.get("CAUCASUS_HANDIN"):
        return Path(os.environ["CAUCASUS_HANDIN"]).expanduser().absolute()
    session = os.environ.get("JPY_SESSION_NAME", "")  # the notebook's path (jupyter_server 2)
    if session and Path(session).is_absolute():
        return Path(session).parent / "hand-ins"
    return Path.home() / "caucasus1917-handin"


def local_time() -> str:
    """The time now on the student's clock: '14:05 +04'."""
    return dt.datetime.now().astimezone().strftime("%H:%M %Z")


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
    key: str = "",
    organiser: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The hand-in of one notebook: the student's entries as stored, the recomputed score and the
    organiser as saved ({} when the student wrote nothing in it); the student is `key` (file-safe)
    when given, else `name`."""
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
        "student": key or name,
        "name": name,
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
    data = record(bank, who, saved, hub=bool(hub_user()), key=student_key(who), organiser=organiser)
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
        target = where / file_name(notebook_id, data["student"])
        try:
            write(target, data)
        except PermissionError:
            if not os.environ.get("CAUCASUS_HANDIN"):
                raise
            # a classmate's file holds this name (the sticky bit keeps it): a name of one's own
            # beside it; the report keeps the file whose owner is the student it names
            target = target.with_name(
                file_name(notebook_id, f"{data['student']}.{secrets.token_hex(4)}")
            )
            write(target, data)
    except PermissionError:
        raise HandInError(
            f"The hand-in folder {where} would not take your file. Tell your teacher."
        ) from None
    except OSError as e:
        raise HandInError(f"Your hand-in could not be written to {where} ({e.strerror}).") from None
    return target
