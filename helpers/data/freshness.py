"""What keeps the data a kernel holds fresh: the files' fingerprint and every value kept with it.

helpers.data keeps its snapshot and the values of `per_data` functions in the kernel (`kept`) with
the fingerprint of the files they were read from (`current_stamp`), so a teacher who edits a data
file and re-runs a cell sees the edit. This module holds how the files are looked at (their stats,
about 70 us; their bytes hashed only when a stat changed, the stats' fingerprint kept in the cache
folder), how often (`OneLook`: once per call of the API; `watch_cells`: once per cell of a lesson)
and what is kept per fingerprint (`kept`, `per_data`, `forget`). helpers.data re-exports every name;
the folder looked at is helpers.data's DATA_DIR, read at each call (`data_dir`), so a test that
points helpers.data at a copy of data/ points this module at it too.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.data import files
from helpers.data.cache_folder import cache_dir, private_dir, trusted


def files_dir() -> Path:
    """helpers.data.files' DATA_DIR at call time: the folder looked at until helpers.data sets
    `data_dir` (when it is imported, which importing this module does first)."""
    return files.DATA_DIR


# The data folder, read at each call: helpers.data replaces it, when imported, with a function
# reading its own DATA_DIR (which tests point at a copy); this module cannot import helpers.data.
data_dir: Callable[[], Path] = files_dir


SUFFIXES = (".csv", ".yaml", ".txt")  # the files validation reads (data/shapes' outlines are not)


def data_files() -> list[Path]:
    """Every file whose content the validation depends on."""
    return sorted(Path(p) for p, _ in listed(data_dir()))


def listed(folder: Path) -> list[tuple[str, os.stat_result]]:
    """(path, stat) of every data file under `folder` (SUFFIXES): os.scandir, a fifth of rglob's
    time. Hidden files and folders are no data (JupyterLab's `.~name` while it saves, its
    `.ipynb_checkpoints`); a link to a file is followed, a link to a folder is not (a loop would never
    end); a file gone between the listing and its stat (a save) is left out."""
    out, todo = [], [str(folder)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                elif entry.name.endswith(SUFFIXES) and entry.is_file():
                    with contextlib.suppress(FileNotFoundError):
                        out.append((entry.path, entry.stat()))
    return out


def fingerprint() -> str:
    """A hash of every data file: names and bytes (read now, whatever `current_stamp` knows)."""
    digest, folder = hashlib.sha256(), data_dir()
    for path in data_files():
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Seen:
    """What this process knows of the files: their stats when last hashed and that fingerprint (a
    stat changes when a file is written, replaced, added or removed), the fingerprint taken in the
    running cell (while a lesson's cell_started/cell_finished events say one is running), and the
    values kept for one fingerprint (`kept`)."""

    stats: tuple[Any, ...] | None = None
    stamp: str = ""
    in_cell: bool = False
    looking: int = 0  # how many calls of the API are open (OneLook)
    cell_stamp: str | None = None
    kept_stamp: str | None = None
    kept: dict[Any, Any] = {}  # noqa: RUF012 - one store, replaced whole when the data change


def stats_now() -> tuple[Any, ...]:
    """The data folder and each data file's path, size, times (mtime_ns, ctime_ns) and inode (in the
    folders' order: a reordered folder only costs one more hash)."""
    folder = data_dir()
    return (
        str(folder),
        *[
            (p, *files.stat_key(s))  # size, mtime, ctime, inode, device
            for p, s in listed(folder)
        ],
    )


def current_stamp() -> str:
    """The fingerprint of the data files as they are now: hashed again only when a file's stat
    changed (the stats and their fingerprint are kept in the cache folder too, so each lesson's new
    kernel need not hash the files), and trusted for the rest of a running cell (`cell_started`).
    Stats are trusted only if every file was `settled` (files.settled) when hashed (git's
    "racy" rule): a file rewritten within its timestamp's tick keeps its stat, so data changed just
    now are hashed at every call."""
    if (Seen.in_cell or Seen.looking) and Seen.cell_stamp is not None:
        return Seen.cell_stamp
    stats = stats_now()
    if stats == Seen.stats:
        stamp = Seen.stamp
    elif (stamp := recalled_stamp(stats)) is not None:
        Seen.stats, Seen.stamp = stats, stamp
    else:
        hashed_at = time.time_ns()
        stamp = fingerprint()
        if all(files.settled(f[1:], hashed_at) for f in stats[1:]):  # f: path, then its stat_key
            Seen.stats, Seen.stamp = stats, stamp
            remember_stamp(stats, stamp)
    if Seen.in_cell or Seen.looking:
        Seen.cell_stamp = stamp
    return stamp


class OneLook:
    """`with ONE_LOOK:` the files are looked at once for the whole block (one call of the API and the
    calls it makes: snapshot, document, kept), as in a running cell; nested blocks share the look."""

    def __enter__(self) -> None:
        if not Seen.in_cell and Seen.looking == 0:
            Seen.cell_stamp = None
        Seen.looking += 1

    def __exit__(self, *_: object) -> None:
        Seen.looking -= 1
        if not Seen.in_cell and Seen.looking == 0:
            Seen.cell_stamp = None


ONE_LOOK = OneLook()


def stats_file() -> Path | None:
    """Where the data folder's last stats and their fingerprint are kept (one file per data folder)."""
    folder = cache_dir()
    name = hashlib.sha256(str(data_dir()).encode()).hexdigest()[:16]
    return folder / f"stats-{name}" if folder else None


def stats_digest(stats: tuple[Any, ...]) -> str:
    """A hash of the files' stats (stats_now)."""
    return hashlib.sha256(repr(stats).encode()).hexdigest()


def recalled_stamp(stats: tuple[Any, ...]) -> str | None:
    """The fingerprint kept in the cache folder for exactly these stats (a `trusted` file), or None."""
    path = stats_file()
    if path is None or not trusted(path):
        return None
    try:
        kept_digest, stamp = path.read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return None
    ok = kept_digest == stats_digest(stats) and len(stamp) == 64
    return stamp if ok and all(c in "0123456789abcdef" for c in stamp) else None


def remember_stamp(stats: tuple[Any, ...], stamp: str) -> None:
    """Keep the files' stats and their fingerprint in the cache folder (atomically; a full or
    read-only folder only costs a hash in the next kernel)."""
    path = stats_file()
    if path is None or not private_dir(path.parent):
        return
    try:
        fd, partial = tempfile.mkstemp(prefix=".stats-", suffix=".partial", dir=path.parent)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{stats_digest(stats)} {stamp}\n")
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(partial)


def cell_started(*_: object) -> None:
    """A cell starts (IPython's pre_run_cell event): the files are looked at once more, at the next
    call, and that fingerprint serves the cell's other calls (a cell that writes a data file and
    reads it back in the same cell must call `forget` between)."""
    Seen.in_cell, Seen.cell_stamp = True, None


def cell_finished(*_: object) -> None:
    """The cell ended (IPython's post_run_cell event): calls between cells (a widget's button) look
    at the files each time."""
    Seen.in_cell, Seen.cell_stamp = False, None


def watch_cells(shell: Any) -> None:
    """Register cell_started and cell_finished as an IPython shell's pre/post_run_cell events (a
    lesson's set-up cell calls it once: the data files are then looked at once per cell)."""
    for event, hook in (("pre_run_cell", cell_started), ("post_run_cell", cell_finished)):
        if hook not in shell.events.callbacks[event]:
            shell.events.register(event, hook)


def forget() -> None:
    """Forget the values kept in this process and the files' stats (the files are read again at
    the next call); verdicts of validation, kept per fingerprint of the files' bytes, stay."""
    Seen.stats, Seen.stamp, Seen.cell_stamp = None, "", None
    Seen.kept_stamp, Seen.kept = None, {}


def kept(key: Any, make: Callable[[], Any], stamp: str | None = None) -> Any:
    """The value `make()` gives, kept with the data's fingerprint (`stamp`, else the current one):
    made again once the files change. Shared: not to be changed by the caller."""
    with ONE_LOOK:
        stamp = current_stamp() if stamp is None else stamp
        if Seen.kept_stamp != stamp:
            Seen.kept_stamp, Seen.kept = stamp, {}
        store = Seen.kept
        if key not in store:
            value = make()
            if Seen.kept_stamp != stamp:  # the files changed while it was made: keep nothing
                return value
            store[key] = value
        return store[key]


def kept_now(key: Any) -> Any | None:
    """The value kept under `key` for the data as they are now, or None."""
    return Seen.kept.get(key) if Seen.kept_stamp == current_stamp() else None


def per_data(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` kept per argument with the data's fingerprint (`kept`); `cache_clear` forgets all."""

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        return kept((fn.__name__, *args), lambda: fn(*args))

    wrapper.cache_clear = forget  # type: ignore[attr-defined]
    return wrapper
