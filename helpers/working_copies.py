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
- `.originals/` in the folder keeps the original each copy came from, to tell the two apart.
Quiz answers are not in the notebooks (they are in progress.json), so replacing a copy loses none.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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


def updated_name(path: Path) -> Path:
    """NN_name (updated).ipynb beside a copy the user changed."""
    return path.with_name(f"{path.stem} (updated){path.suffix}")


def sync(originals: Path, work: Path) -> list[str]:
    """Bring the working copies up to date with the originals; one line per thing done."""
    kept = work / ".originals"
    kept.mkdir(parents=True, exist_ok=True)
    done = []
    for original in sorted(originals.glob("*.ipynb")):
        copy, base = work / original.name, kept / original.name
        if not copy.exists():
            shutil.copyfile(original, copy)
            shutil.copyfile(original, base)
            done.append(f"copied {original.name}")
            continue
        if base.exists() and base.read_bytes() == original.read_bytes():
            continue  # the original has not changed since it was copied
        theirs = cell_texts(copy)
        if base.exists() and theirs is not None and theirs == cell_texts(base):
            shutil.copyfile(original, copy)  # only run, never edited: take the new version
            done.append(f"updated {original.name}")
        elif theirs == cell_texts(original):
            pass  # already the same text as the new original
        else:
            shutil.copyfile(original, updated_name(copy))
            done.append(
                f"kept your edited {original.name}; the new version is {updated_name(copy).name}"
            )
        shutil.copyfile(original, base)
    return done


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
