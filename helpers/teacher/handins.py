"""Read a folder of hand-ins (helpers.quiz.handin) for the class report: each bad file in one line.

A file is left out, with one line saying why, when it is not a regular file, too large, not JSON, cut
short, not a hand-in, of another hand-in format or another version of the quiz banks, names a notebook
the collection lacks, carries a student name that is not a plain name (`../x`), was written on a hub
by another user than the one it names, or holds answers of the wrong shape. In a hub exchange (a
sticky, setgid folder, deploy/course_config.py) a file counts only if it is a hub record, its name is
`<notebook>.<student>.json` (or `<notebook>.<student>.<8 hex>.json`, written when a classmate squats
the first), and its owner is that student (or TLJH's `jupyter-<student>`). Of two hand-ins of one
student for one notebook the later is kept; two students who typed one name stay two (their keys
differ) and are told apart by the key. Nothing is written; nothing raises.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from helpers import data
from helpers.data.errors import DataError
from helpers.data.quiz_bank import Quiz
from helpers.quiz import attempts, grading, handin

MAX_BYTES = 2_000_000  # a hand-in of a whole quiz is a few kB
MARKS = "teacher-marks.csv"  # the teacher's marks beside the hand-ins (helpers.teacher.marks)


@dataclass(frozen=True)
class HandIn:
    """One student's good hand-in of one notebook."""

    file: str
    notebook: str
    student: str  # as the report shows it: the hub user, or the name typed (with its key if shared)
    handed_in: str
    answers: dict[str, dict[str, Any]]
    key: str = ""  # the file-safe student of the file name, one per student
    organiser: dict[str, str] = field(default_factory=dict)  # the organiser's answers, if any


@dataclass
class Folder:
    """What a folder of hand-ins held: the good ones, a line per file left out, the files seen."""

    path: Path
    handins: list[HandIn] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0

    def line(self) -> str:
        """`hand-ins read N/M`: good hand-ins kept over files seen."""
        return f"hand-ins read {len(self.handins)}/{self.files}"


class Bad(Exception):
    """Why one file is left out."""


def notebook_ids() -> list[str]:
    """The notebooks of data/notebooks.yaml, in order."""
    return [str(nb["id"]) for nb in data.notebook_spec()]


def load_banks(ids: list[str] | None = None) -> dict[str, Quiz]:
    """The quiz bank of every notebook that has one."""
    banks = {}
    for nb in ids or notebook_ids():
        try:
            banks[nb] = grading.load(nb)
        except (DataError, OSError):
            continue
    return banks


def parse(text: str) -> Any:
    """The JSON of a file, or Bad saying truncated / damaged / not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        stripped = text.rstrip()
        if stripped.startswith("{") and e.pos >= len(stripped) - 1:
            raise Bad(f"truncated: the JSON stops at line {e.lineno}, column {e.colno}") from None
        if stripped.startswith("{"):
            raise Bad(f"damaged JSON at line {e.lineno}, column {e.colno} ({e.msg})") from None
        raise Bad("not a hand-in (not JSON)") from None


def owner(st: os.stat_result) -> str:
    """The system user owning a file ('' if unknown)."""
    try:
        return pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        return ""


def check_answers(answers: Any, bank: Quiz) -> dict[str, dict[str, Any]]:
    """The answers of a hand-in, each in the quiz's entry form; Bad on a wrong shape."""
    if not isinstance(answers, Mapping):
        raise Bad("not a hand-in ('answers' is not a mapping of questions)")
    known = {q.id for q in bank.questions}
    kept = {}
    for qid, raw in answers.items():
        if qid not in known:
            raise Bad(f"answers question {str(qid)[:40]!r}, which the {bank.notebook} quiz lacks")
        if not (
            isinstance(raw, Mapping)
            and isinstance(raw.get("attempts"), list)
            and (raw.get("shown_at") is None or type(raw.get("shown_at")) is int)
        ):
            raise Bad(f"the answer to {qid} is malformed (no list of attempts)")
        kept[qid] = attempts.entry({"answer": raw})
    return kept


def read_one(path: Path, banks: Mapping[str, Quiz], exchange: bool = False) -> HandIn:
    """One file as a hand-in; Bad(reason) if it is not a good one."""
    st = path.lstat()
    if not stat.S_ISREG(st.st_mode):
        raise Bad("not a regular file (a link or a folder)")
    if path.suffix != ".json":
        raise Bad("not a hand-in (not a .json file)")
    if st.st_size > MAX_BYTES:
        raise Bad(f"too large for a hand-in ({st.st_size:,} bytes)")
    if st.st_size == 0:
        raise Bad("empty (truncated)")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise Bad("not a hand-in (not UTF-8 text)") from None
    record = parse(text)
    if not isinstance(record, Mapping) or record.get("format") != handin.FORMAT:
        raise Bad(f'not a hand-in (no "format": "{handin.FORMAT}")')
    if record.get("version") != handin.VERSION:
        raise Bad(f"hand-in format {record.get('version')!r}; this report reads {handin.VERSION}")
    nb = record.get("notebook")
    if nb not in banks:
        raise Bad(f"notebook {str(nb)[:60]!r} has no quiz in this collection")
    bank = banks[nb]
    if record.get("banks") != handin.bank_version(bank):
        raise Bad(
            f"made with another version of the {nb} quiz bank; the student can hand in again "
            "from the current notebook"
        )
    name = record.get("student")
    if not handin.plain_name(name):
        raise Bad(f"student name {str(name)[:40]!r} is not a plain name (letters, digits, . _ - @)")
    when = record.get("handed_in")
    try:
        dt.datetime.fromisoformat(str(when))
    except ValueError:
        raise Bad(f"hand-in time {str(when)[:40]!r} is not a date and time") from None
    by = owner(st)
    if exchange:
        check_exchange(path.name, nb, name, record, by)
    elif (
        record.get("hub_user") is True
        and by not in ("", "root", name)
        and st.st_uid != os.geteuid()
    ):
        raise Bad(f"names {name!r} but was written by the hub user {by!r}")
    shown = handin.display_name(record.get("name")) or name
    answers = check_answers(record.get("answers"), bank)
    problem = handin.refusal(bank, record)  # attempts that contradict themselves or the score
    if problem:
        raise Bad(f"refused: {problem}")
    return HandIn(path.name, nb, shown, str(when), answers, key=name, organiser=organiser(record))


def organiser(record: Mapping[str, Any]) -> dict[str, str]:
    """The organiser's answers of a hand-in (helpers.quiz.handin: {"grid": {"<row>.<column>": text},
    "claim", "evidence", "saved_at"}), as text per item ({} when it has none); anything that is not
    text (or a list of texts) is left aside."""
    raw = record.get("organiser")
    if not isinstance(raw, Mapping):
        return {}
    grid = raw.get("grid") if isinstance(raw.get("grid"), Mapping) else {}
    items = [*grid.items(), ("claim", raw.get("claim")), ("evidence", raw.get("evidence"))]
    out = {}
    for item, value in items:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "; ".join(value)
        if isinstance(value, str) and value.strip():
            out[str(item)[:80]] = value.strip()[:4000]
    return out


def check_exchange(file: str, nb: str, name: str, record: Mapping[str, Any], by: str) -> None:
    """In a hub exchange: a hub record, named for its student, owned by that student; else Bad."""
    if record.get("hub_user") is not True:
        raise Bad(f"names {name!r} but is not a hub hand-in (written off the hub or by hand)")
    own = re.escape(f"{nb}.{name}")
    if not re.fullmatch(own + r"(\.[0-9a-f]{8})?\.json", file):
        raise Bad(f"names {name!r} but its file name is not {handin.file_name(nb, name)}")
    if by not in (name, f"jupyter-{name}"):
        raise Bad(f"names {name!r} but was written by {by or 'an unknown user'!r}")


def is_exchange(folder: Path) -> bool:
    """Whether a folder is a hub exchange (sticky and setgid, as deploy/course_config.py makes it;
    /tmp is sticky only): every file's owner is who wrote it."""
    try:
        mode = folder.stat().st_mode
        return bool(mode & stat.S_ISVTX and mode & stat.S_ISGID)
    except OSError:
        return False


def labelled(handins: list[HandIn]) -> list[HandIn]:
    """Each hand-in shown by its student's name; a name two students share gets each one's key."""
    keys: dict[str, set[str]] = {}
    for h in handins:
        keys.setdefault(h.student, set()).add(h.key)
    return [
        replace(h, student=f"{h.student} ({h.key})") if len(keys[h.student]) > 1 else h
        for h in handins
    ]


def read_folder(folder: Path, banks: Mapping[str, Quiz] | None = None) -> Folder:
    """Every file of a folder (not below it, hidden ones aside), checked; of two hand-ins from one
    student for one notebook, the later."""
    folder = Path(folder)
    banks = load_banks() if banks is None else banks
    out = Folder(folder)
    try:
        # every entry but hidden ones (a hand-in being written is a hidden temporary file)
        files = sorted(
            p for p in folder.iterdir() if not p.name.startswith(".") and p.name != MARKS
        )
    except OSError as e:
        out.problems.append(f"{folder}: cannot be read ({e.strerror}); no hand-ins")
        return out
    latest: dict[tuple[str, str], HandIn] = {}
    exchange = is_exchange(folder)
    for path in files:
        out.files += 1
        try:
            h = read_one(path, banks, exchange)
        except Bad as e:
            out.problems.append(f"{path.name}: {e}; left out")
            continue
        except OSError as e:
            out.problems.append(f"{path.name}: cannot be read ({e.strerror}); left out")
            continue
        key = (h.notebook, h.key)
        old = latest.get(key)
        if old is not None:
            early, late = sorted([old, h], key=lambda x: (x.handed_in, x.file))
            out.problems.append(
                f"{early.file}: {h.student} handed in {h.notebook} twice; the later one, "
                f"{late.file}, is kept and this one left out"
            )
            h = late
        latest[key] = h
    order = {nb: k for k, nb in enumerate(banks)}
    kept = labelled(list(latest.values()))
    out.handins = sorted(kept, key=lambda h: (order.get(h.notebook, 99), h.student))
    return out
