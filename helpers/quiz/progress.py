"""A student's saved quiz answers: one JSON file, written atomically so a killed kernel never corrupts it.

Where: `progress.json` in the user's data folder (platformdirs, app "caucasus1917"), e.g.
`~/.local/share/caucasus1917/progress.json` on Linux. The environment variable `CAUCASUS_PROGRESS`
(a file path) overrides it: one file per student on a shared machine, or a throw-away file in tests.
Writes go to a temporary file in the same folder, are flushed and fsynced, then `os.replace`d over the
old file. A file that cannot be read is set aside as `progress.json.corrupt-<n>` with a message.

Layout: {"version": 1, "notebooks": {notebook_id: {question_id: {"answer": …, "correct": …}}}}.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

VERSION = 1


def path() -> Path:
    """The progress file: $CAUCASUS_PROGRESS, else progress.json in the user's data folder."""
    if os.environ.get("CAUCASUS_PROGRESS"):
        return Path(os.environ["CAUCASUS_PROGRESS"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("caucasus1917")) / "progress.json"


def empty() -> dict[str, Any]:
    """A progress record with no answers."""
    return {"version": VERSION, "notebooks": {}}


def set_aside(file: Path) -> Path:
    """Rename an unreadable file to <name>.corrupt-<n> (first free n) and return the new path."""
    n = 1
    while file.with_name(f"{file.name}.corrupt-{n}").exists():
        n += 1
    target = file.with_name(f"{file.name}.corrupt-{n}")
    os.replace(file, target)
    return target


def well_formed(record: Any) -> bool:
    """Whether a parsed file has the expected layout."""
    return (
        isinstance(record, dict)
        and isinstance(record.get("notebooks"), dict)
        and all(isinstance(v, dict) for v in record["notebooks"].values())
    )


def read(file: Path | None = None) -> tuple[dict[str, Any], str]:
    """The saved progress and a message for the student ('' if all is well)."""
    file = Path(file or path())
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty(), ""
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        record = None
    if well_formed(record):
        return record, ""
    try:
        moved = set_aside(file)
    except OSError as e:
        return empty(), f"Your saved answers could not be read ({e.strerror}); starting afresh."
    return empty(), (
        f"Your saved answers could not be read, so they were set aside as {moved.name} "
        "and the quiz starts afresh."
    )


def write(record: dict[str, Any], file: Path | None = None) -> None:
    """Save progress atomically: temp file, flush, fsync, os.replace, fsync the folder."""
    file = Path(file or path())
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=1, sort_keys=True)
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


def answers(notebook_id: str, file: Path | None = None) -> dict[str, dict[str, Any]]:
    """The saved answers of one notebook: {question_id: {"answer": …, "correct": …}}."""
    record, _ = read(file)
    return dict(record["notebooks"].get(notebook_id, {}))


def record_answer(
    notebook_id: str, question_id: str, answer: Any, correct: bool, file: Path | None = None
) -> None:
    """Save one answer (replacing an earlier answer to the same question)."""
    record, _ = read(file)
    entry = {"answer": answer, "correct": bool(correct)}
    record["notebooks"].setdefault(notebook_id, {})[question_id] = entry
    write(record, file)


def reset(notebook_id: str, file: Path | None = None) -> None:
    """Forget every saved answer of one notebook ("Start again")."""
    record, _ = read(file)
    if record["notebooks"].pop(notebook_id, None) is not None:
        write(record, file)


def score(notebook_id: str, total: int, file: Path | None = None) -> tuple[int, int, int]:
    """(right, answered, total) for one notebook."""
    saved = answers(notebook_id, file)
    return sum(bool(v.get("correct")) for v in saved.values()), len(saved), total
