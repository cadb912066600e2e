"""Each user's working copies of the notebooks, apart from the tracked originals (`make lab` uses it).

    python -m helpers.working_copies [--originals notebooks] [--work FOLDER]   # prints the folder

Running a notebook in JupyterLab rewrites it on every autosave (outputs, widget state, execution
counts), so a class working in the checkout's own notebooks/ would block the teacher's next
`git pull`. `make lab` therefore opens copies in a folder of the user's own ($CAUCASUS_WORK, else
`notebooks/` in the user's data folder, e.g. ~/.local/share/caucasus1917/notebooks) and never writes
into the checkout. Like nbgitpuller, each run brings the copies up to date with the originals:
- a notebook the user does not have yet is copied;
- when an original has changed since it was copied (after a `git pull`), the copy is replaced if the
  user only ran it (its cells' text is that of the original it was copied from; outputs do not
  count), and otherwise kept as it is, with the new original beside it as `<name> (updated).ipynb`;
- an `(updated)` copy is a copy too: once the user has edited it, a later version goes beside it as
  `<name> (updated 2).ipynb` (and so on), never over it;
- a copy that cannot be written (read-only, or a link) is left as it is and reported; the others
  are still brought up to date;
- `.originals/` in the folder keeps the original each copy came from, to tell the two apart.
What was kept or skipped is also written to NOTES (`course update.md`) beside the copies, where the
student sees it in JupyterLab's file browser (on a hub the command's output goes to the server log).
Quiz answers are not in the notebooks (they are in progress.json), so replacing a copy loses none.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import stat
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def default_work() -> Path:
    """$CAUCASUS_WORK, else notebooks/ in the user's data folder."""
    if os.environ.get("CAUCASUS_WORK"):
        return Path(os.environ["CAUCASUS_WORK"]).expanduser().absolute()
    import platformdirs

    return Path(platformdirs.user_data_dir("caucasus1917")) / "notebooks"


def cell_texts(path: Path) -> list[tuple[str, str]] | None:
    """(type, source) of every cell: what the user wrote, not what running it produced."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [
            (c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for c in cells
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None


NOTES = "course update.md"  # beside the copies: what an update kept or skipped, for the student


def updated_name(path: Path, n: int = 1) -> Path:
    """NN_name (updated).ipynb (then (updated 2), ...) beside a copy the user changed."""
    tag = "updated" if n == 1 else f"updated {n}"
    return path.with_name(f"{path.stem} ({tag}){path.suffix}")


def writable(path: Path) -> bool:
    """Whether a copy may be replaced: a regular file (not a link) the user can write."""
    if path.is_symlink() or not os.access(path, os.W_OK):
        return False
    return bool(path.stat().st_mode & stat.S_IWUSR)  # read-only even to root, who may write it


def replace(original: Path, target: Path) -> None:
    """Copy an original onto target through a temporary file, so a copy is never half written."""
    temp = target.with_name(f".{target.name}.new")
    shutil.copyfile(original, temp)
    os.replace(temp, target)


def beside(original: Path, copy: Path, base: Path) -> Path:
    """Where the new version of an edited copy goes: the first `(updated N)` name that is free or
    holds an earlier version the user did not edit (its text is that of the previous original)."""
    previous = cell_texts(base) if base.exists() else None
    n = 1
    while True:
        target = updated_name(copy, n)
        if not target.exists() and not target.is_symlink():
            return target
        if writable(target) and previous is not None and cell_texts(target) == previous:
            return target
        n += 1


def update_one(original: Path, work: Path, kept: Path) -> str:
    """Bring one copy up to date; what was done ('' if nothing). OSError if it cannot be."""
    copy, base = work / original.name, kept / original.name
    if not copy.exists() and not copy.is_symlink():
        replace(original, copy)
        replace(original, base)
        return f"copied {original.name}"
    if base.exists() and base.read_bytes() == original.read_bytes():
        return ""  # the original has not changed since it was copied
    theirs = cell_texts(copy)
    if base.exists() and theirs is not None and theirs == cell_texts(base):
        if not writable(copy):
            raise PermissionError(1, "it is read-only or a link", str(copy))
        replace(original, copy)  # only run, never edited: take the new version
        done = f"updated {original.name}"
    elif theirs == cell_texts(original):
        done = ""  # already the same text as the new original
    else:
        target = beside(original, copy, base)
        replace(original, target)
        done = f"kept your edited {original.name}; the new version is {target.name}"
    replace(original, base)
    return done


def sync(originals: Path, work: Path) -> list[str]:
    """Bring the working copies up to date with the originals; one line per thing done. A copy
    that cannot be written is reported and skipped; the rest are still updated."""
    kept = work / ".originals"
    kept.mkdir(parents=True, exist_ok=True)
    done = []
    for original in sorted(originals.glob("*.ipynb")):
        try:
            line = update_one(original, work, kept)
        except OSError as e:
            why = e.strerror or str(e)
            line = (
                f"could not update {original.name} ({why}); your copy is as it was. To take the "
                f"new version, rename or make your copy writable, then start the course again"
            )
        if line:
            done.append(line)
    notes = [line for line in done if not line.startswith(("copied ", "updated "))]
    if notes:
        write_notes(work, notes)
    return done


def write_notes(work: Path, notes: list[str]) -> None:
    """NOTES beside the copies: what the last update kept or skipped (the student reads it in Lab)."""
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    text = f"# The course was updated ({when})\n\n" + "".join(f"- {n}\n" for n in notes)
    text += "\nNothing you wrote was replaced: your own copies are as you left them.\n"
    try:
        (work / NOTES).write_text(text, encoding="utf-8")
    except OSError as e:
        print(f"working_copies: could not write {work / NOTES} ({e.strerror})", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=Path, default=REPO / "notebooks")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        work = args.work or default_work()
        for line in sync(args.originals, work):
            print(line, file=sys.stderr)
    except (OSError, RuntimeError) as e:  # RuntimeError: platformdirs found no home folder
        print(
            f"working_copies: cannot make the working copies ({e}); set CAUCASUS_WORK",
            file=sys.stderr,
        )
        return 1
    print(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
