"""A student's saved quiz answers: one JSON file, changed under a lock and written atomically.

Where: `progress.json` in the user's data folder (platformdirs, app "caucasus1917"), e.g.
`~/.local/share/caucasus1917/progress.json` on Linux. The environment variable `CAUCASUS_PROGRESS`
(a file path) overrides it: one file per student on a shared machine, or a throw-away file in tests.

Safety rules (tests/test_progress.py holds one test class per rule):
- every change is a read-modify-write inside an exclusive lock (`fcntl.flock` on `<file>.lock`), so two
  kernels of the same student answering at once both keep their answers (tests/test_progress.py);
- writes go to a temporary file in the same folder, are flushed and fsynced, then `os.replace`d over the
  old file: a killed kernel or a full disk leaves the old file;
- a file that cannot be *read* (permission denied, out of file handles, an I/O error) is never moved nor
  overwritten: `read` says so and changes raise `Unreadable` (an OSError) until it can be read again;
- a file that is read but is not JSON, or not of the layout below, is copied aside as
  `progress.json.corrupt-<n>`; entries of the wrong shape are dropped from the live file (the copy keeps
  them) and the well-formed rest is kept.

Layout: {"version": 1, "notebooks": {notebook_id: {question_id: entry}}}, where an entry is a mapping
owned by the quiz (helpers.quiz.attempts: the attempts, when the answer was shown, rubric ticks). The
score is never kept here: helpers.quiz.attempts recomputes it by grading the stored attempts. Other
top-level keys are kept as they are; "organisers" holds each notebook's organiser (the grid, the
claim and its evidence: helpers.widgets.organiser). The public API: `path`, `read`, `answers`, `change`,
`record_answer`, `organiser`, `save_organiser`, `reset`, `Unreadable`.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not POSIX: no lock (a single kernel still saves safely)
    fcntl = None  # type: ignore[assignment]

VERSION = 1


class Unreadable(OSError):
    """The progress file exists but cannot be read: nothing may be written over it.

    `strerror` is short (for "Your answer could not be saved (…)"); `message` is what `read` tells
    the student."""

    def __init__(self, code: int | None, short: str, message: str = ""):
        super().__init__(code, short)
        self.message = message or short[:1].upper() + short[1:] + "."


NO_HOME = (
    "There is no home folder to keep your answers in, so they are not saved "
    "(your teacher can set CAUCASUS_PROGRESS to a file)."
)


def path() -> Path:
    """The progress file: $CAUCASUS_PROGRESS, else progress.json in the user's data folder.

    Raises Unreadable when there is neither (HOME unset and no passwd entry, as in some containers):
    never a relative path that would scatter a "~" folder wherever the kernel runs."""
    if os.environ.get("CAUCASUS_PROGRESS"):
        return Path(os.environ["CAUCASUS_PROGRESS"]).expanduser().absolute()
    import platformdirs

    try:
        folder = Path(platformdirs.user_data_dir("caucasus1917"))
    except RuntimeError:  # platformdirs: "could not determine the home directory"
        raise Unreadable(
            errno.ENOENT,
            "there is no home folder to keep it in; your teacher can set CAUCASUS_PROGRESS",
            NO_HOME,
        ) from None
    if not folder.is_absolute():  # older platformdirs leave "~" unexpanded
        raise Unreadable(
            errno.ENOENT,
            "there is no home folder to keep it in; your teacher can set CAUCASUS_PROGRESS",
            NO_HOME,
        )
    return folder / "progress.json"


def empty() -> dict[str, Any]:
    """A progress record with no answers."""
    return {"version": VERSION, "notebooks": {}}


def free_name(file: Path) -> Path:
    """<name>.corrupt-<n> with the first free n."""
    n = 1
    while file.with_name(f"{file.name}.corrupt-{n}").exists():
        n += 1
    return file.with_name(f"{file.name}.corrupt-{n}")


def set_aside(file: Path) -> Path:
    """Rename a corrupt file to <name>.corrupt-<n> (first free n) and return the new path."""
    target = free_name(file)
    os.replace(file, target)
    return target


def well_formed(record: Any) -> bool:
    """Whether a parsed file has the expected layout, down to every entry being a mapping."""
    return (
        isinstance(record, dict)
        and isinstance(record.get("notebooks"), dict)
        and all(
            isinstance(v, dict) and all(isinstance(e, dict) for e in v.values())
            for v in record["notebooks"].values()
        )
    )


def salvage(record: Any) -> dict[str, Any] | None:
    """The well-formed part of a parsed file (None if nothing of the layout is there)."""
    if not isinstance(record, dict) or not isinstance(record.get("notebooks"), dict):
        return None
    kept = {k: v for k, v in record.items() if k != "notebooks"}
    kept["notebooks"] = {
        nb: {q: e for q, e in entries.items() if isinstance(e, dict)}
        for nb, entries in record["notebooks"].items()
        if isinstance(nb, str) and isinstance(entries, dict)
    }
    return kept


def read_bytes(file: Path) -> bytes:
    """The raw file (one place to read it, so tests can make it fail like a broken disk)."""
    with open(file, "rb") as f:
        return f.read()


def unreadable_message(error: OSError) -> str:
    """What the student is told when the file exists but cannot be read."""
    why = error.strerror or type(error).__name__
    return (
        f"Your saved answers could not be read just now ({why}). They are left untouched; "
        "you can still try the quiz, but new answers are not saved until they can be read "
        "(restart the kernel, or ask your teacher)."
    )


def load(file: Path) -> tuple[dict[str, Any], str]:
    """Read and repair: the record and a message. Raises Unreadable; sets corrupt content aside."""
    try:
        raw = read_bytes(file)
    except FileNotFoundError:
        return empty(), ""
    except OSError as e:
        why = e.strerror or type(e).__name__
        raise Unreadable(
            e.errno, f"your saved answers could not be read: {why}", unreadable_message(e)
        ) from e
    try:
        parsed: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        parsed = None
    if well_formed(parsed):
        return parsed, ""
    kept = salvage(parsed)
    try:
        if kept is None:
            moved = set_aside(file)
        else:  # keep the good entries live, the whole original aside
            moved = free_name(file)
            atomic_write(moved, raw)
            atomic_write(file, dump(kept))
    except OSError as e:
        raise Unreadable(
            e.errno,
            f"your saved answers are damaged and could not be set aside: {e.strerror}",
            f"Your saved answers are damaged and could not be set aside ({e.strerror}); "
            "they are left untouched and new answers are not saved.",
        ) from e
    what = "Part of your saved answers" if kept else "Your saved answers"
    rest = "the rest is kept" if kept else "the quiz starts afresh"
    return (
        kept or empty(),
        f"{what} could not be read, so they were set aside as {moved.name}; {rest}.",
    )


def read(file: Path | None = None) -> tuple[dict[str, Any], str]:
    """The saved progress and a message for the student ('' if all is well); never raises OSError.

    An unreadable file gives an empty record and a message; the file is left as it is.
    """
    try:
        file = Path(file or path())
        try:
            with lock(file):  # a repair (setting aside) must not race another kernel's save
                return load(file)
        except Unreadable:
            raise
        except OSError:  # no lock to be had (no folder yet, read-only, out of handles): read as is
            return load(file)
    except Unreadable as e:
        return empty(), e.message


def dump(record: dict[str, Any]) -> bytes:
    """The file's bytes for a record."""
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def atomic_write(file: Path, data: bytes, mode: int | None = None) -> None:
    """Temp file in the same folder (0600, or `mode`), flush, fsync, os.replace, fsync the folder."""
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(file.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write(record: dict[str, Any], file: Path | None = None) -> None:
    """Save a whole record atomically (callers that change progress use `change`)."""
    file = Path(file or path())
    file.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(file, dump(record))


def foreign_lock(key: Path) -> str:
    """What to do when the lock file cannot be opened (it belongs to another user, e.g. root)."""
    try:
        import pwd

        who = pwd.getpwuid(key.stat().st_uid).pw_name
    except (ImportError, KeyError, OSError):
        who = "another user"
    return (
        f"permission denied on {key}, which belongs to {who}: delete that file (rm '{key}'), "
        "then try again"
    )


_held: dict[Path, int] = {}  # lock files this process holds, and how deeply (the lock re-enters)


@contextlib.contextmanager
def lock(file: Path) -> Iterator[None]:
    """Hold an exclusive lock on <file>.lock (shared by every kernel of this user); re-entrant
    within a process, so `read` inside a `change` block does not wait for itself."""
    key = file.with_name(file.name + ".lock")
    if fcntl is None or _held.get(key):
        _held[key] = _held.get(key, 0) + 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o600)
    except PermissionError as e:  # e.g. a lock file left by root: name it and the fix
        raise PermissionError(e.errno, foreign_lock(key), str(key)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _held[key] = 1
        yield
    finally:
        _held.pop(key, None)
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def change(file: Path | None = None) -> Iterator[dict[str, Any]]:
    """Change the saved progress: `with progress.change() as record: ...` (locked, re-read, saved).

    Inside the block the record is the file as it is now (read under the lock, so another kernel's
    answers are in it); it is written back if the block changed it. Raises Unreadable (an OSError)
    if the file cannot be read, and OSError if it cannot be written; the file is then unchanged.
    """
    file = Path(file or path())
    file.parent.mkdir(parents=True, exist_ok=True)
    with lock(file):
        record, _ = load(file)
        before = copy.deepcopy(record)
        yield record
        if record != before:
            atomic_write(file, dump(record))


def answers(notebook_id: str, file: Path | None = None) -> dict[str, dict[str, Any]]:
    """The saved answers of one notebook: {question_id: entry} ({} if the file cannot be read)."""
    record, _ = read(file)
    return dict(record["notebooks"].get(notebook_id, {}))


def record_answer(
    notebook_id: str,
    question_id: str,
    answer: Any,
    correct: bool,
    file: Path | None = None,
    **fields: Any,
) -> None:
    """Save one answer (replacing an earlier answer to the same question); extra fields ride along."""
    with change(file) as record:
        entry = {"answer": answer, "correct": bool(correct), **fields}
        record["notebooks"].setdefault(notebook_id, {})[question_id] = entry


def organiser(notebook_id: str, file: Path | None = None) -> dict[str, Any]:
    """The saved organiser of one notebook ({} if none or the file cannot be read): top-level key
    "organisers", {notebook_id: {"grid": {...}, "claim": ..., "evidence": ..., "saved_at": ...}}."""
    record, _ = read(file)
    found = record.get("organisers", {})
    entry = found.get(notebook_id) if isinstance(found, dict) else None
    return dict(entry) if isinstance(entry, dict) else {}


def save_organiser(notebook_id: str, answers: dict[str, Any], file: Path | None = None) -> None:
    """Save one notebook's organiser (its grid, claim and evidence) beside the quiz answers."""
    import datetime as dt

    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    with change(file) as record:
        if not isinstance(record.get("organisers"), dict):
            record["organisers"] = {}
        record["organisers"][notebook_id] = {**answers, "saved_at": stamp}


def reset(notebook_id: str, file: Path | None = None) -> None:
    """Forget every saved answer of one notebook ("Start again")."""
    with change(file) as record:
        record["notebooks"].pop(notebook_id, None)
